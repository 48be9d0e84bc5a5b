"""The officers' queue of residents' questions: release a question, refuse it with a
public reason, or answer it in public. The asker's contact is masked in the queue; an
officer who must reply in person opens it on a page of its own."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import READ, WRITE, actor, can, current_user, guarded
from ledger.core.errors import LedgerError
from ledger.core.masking import mask_person
from ledger.questions import boxes, queries, services
from ledger.questions.schemas import AnswerIn, RefuseIn
from ledger.timeutil import utcnow
from ledger.web.blueprint import bp
from ledger.web.forms import Form

MAX_QUEUE = 200


def _queue(community, form: Form, target: int | None = None):
    session, policy, now = db.session(), queries.Policy.current(), utcnow()
    waiting = [(queries.view(q, policy, now), mask_person(q.contact))
               for q in queries.pending_questions(session, community, limit=MAX_QUEUE)]
    handled = [queries.view(q, policy, now) for q in queries.recently_handled(session, community)]
    return render_template("workspace/questions.html", community=community, waiting=waiting, handled=handled,
                           form=form, target=target, names=boxes.names_of(community), policy=policy,
                           may_write=can(current_user(), WRITE, community)), form.status


@bp.get("/w/<c>/questions")
@guarded(READ)
def questions(community):
    return _queue(community, Form())


@bp.get("/w/<c>/questions/<int:question_id>/contact")
@guarded(READ)
def question_contact(community, question_id: int):
    """The asker's contact in full, to reply in person (a read: nothing is written)."""
    question = services.get_question(db.session(), community, question_id)
    return render_template("workspace/question_contact.html", community=community, question=question)


def _act(community, question_id: int, schema, act, done: str):
    """Load the form, let the service act, and explain a refusal on the queue itself."""
    form = Form.posted()
    body = form.load(schema) if schema is not None else {}
    if body is None:
        return _queue(community, form, question_id)
    try:
        act(body)
    except LedgerError as error:
        form.refuse(error)
        return _queue(community, form, question_id)
    flash(done)
    return redirect(url_for("workspace.questions", c=community.code), 303)


@bp.post("/w/<c>/questions/<int:question_id>/release")
@guarded(WRITE)
def release_question(community, question_id: int):
    return _act(community, question_id, None, lambda body: services.release(
        db.session(), community, question_id, by=actor(), now=utcnow()),
        _("Question %(id)s released: residents can read it now.", id=question_id))


@bp.post("/w/<c>/questions/<int:question_id>/refuse")
@guarded(WRITE)
def refuse_question(community, question_id: int):
    return _act(community, question_id, RefuseIn(), lambda body: services.refuse(
        db.session(), community, question_id, body["reason"], by=actor(), now=utcnow()),
        _("Question %(id)s refused: residents see the reason, not the text.", id=question_id))


@bp.post("/w/<c>/questions/<int:question_id>/answer")
@guarded(WRITE)
def answer_question(community, question_id: int):
    user = current_user()
    return _act(community, question_id, AnswerIn(), lambda body: services.answer(
        db.session(), community, question_id, body["text"], by=actor(), answerer=user.display_name or user.username,
        now=utcnow()), _("Question %(id)s answered in public.", id=question_id))
