"""The residents' side of questions: every published question with its answer
(``/c/<c>/questions``), a page to ask about one subject (``/c/<c>/questions/ask``) and the
form's destination (``POST /c/<c>/questions``). The form carries a CSRF token and the
arithmetic challenge; it passes the same rate limit and the same service as the API."""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import PUBLIC, guarded
from ledger.core.errors import LedgerError, RateLimited, ValidationFailed
from ledger.questions import boxes, challenge, queries, schemas, services
from ledger.questions.gate import admit_question
from ledger.questions.models import KINDS
from ledger.timeutil import local_today, utcnow
from ledger.web.forms import Form

bp = Blueprint("questions_public", __name__, url_prefix="/c")
PAGE_SIZE = 30
FLASH = "question"


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(question_box=boxes.question_box, overdue_questions=boxes.overdue_box,
                                 question_subject_url=boxes.subject_url, question_entry=boxes.entry_of,
                                 question_names=boxes.names_of)


@bp.get("/<string:c>/questions")
@guarded(PUBLIC)
def questions(community):
    """Published questions, newest first, 30 a page."""
    after = request.args.get("cursor")
    if after is not None and (not (after.isascii() and after.isdigit()) or len(after) > 18):
        raise ValidationFailed.on("cursor", "not a cursor of this page")
    session = db.session()
    items = queries.page(session, community, boxes.policy(), utcnow(), everything=False,
                         after=int(after) if after else None, limit=PAGE_SIZE)
    shown = [boxes.public_question(i) for i in items]
    counts = queries.counts(session, community, boxes.policy(), utcnow())
    return render_template("public/questions.html", community=community, questions=shown, counts=counts,
                           names=boxes.names_of(community), year_arg=None,
                           next_cursor=shown[-1].id if len(shown) == PAGE_SIZE else None)


@bp.get("/<string:c>/questions/ask")
@guarded(PUBLIC)
def ask_page(community):
    """The form on its own, about the subject named in the query (a journal entry, mostly)."""
    form = Form({k: request.args.get(k, "") for k in ("kind", "ref", "month")})
    return _ask_page(community, form)


def _ask_page(community, form: Form):
    kind = form.get("kind") if form.get("kind") in KINDS else "transaction"
    ref = form.get("ref")[:32] if form.get("ref").isprintable() else ""
    box = boxes.question_box(community, kind, ref, values=form.values, errors=form.errors)
    return render_template("public/ask.html", community=community, box=box, form=form, year_arg=None,
                           names=boxes.names_of(community)), form.status


@bp.post("/<string:c>/questions")
@guarded(PUBLIC)
def ask(community):
    form = Form.posted()
    try:
        admit_question()
    except RateLimited as error:
        form.note({}, status=429, message=error.message)
        return _ask_page(community, form)
    settings = current_app.config["LEDGER"]
    try:
        challenge.check(current_app.config["SECRET_KEY"], form.get("token"), form.get("answer"),
                        min_seconds=settings["QUESTION_CHALLENGE_MIN_SECONDS"],
                        max_seconds=settings["QUESTION_CHALLENGE_MAX_SECONDS"])
    except ValidationFailed as error:
        form.note(error.errors)
    body = form.load(schemas.QuestionCreate(), _body(form))
    if body is None or not form.ok:
        return _ask_page(community, form)
    try:
        services.ask(db.session(), community, body, now=utcnow(), today=local_today())
    except LedgerError as error:
        form.refuse(error)
        return _ask_page(community, form)
    flash(_("Thank you. Your question has been received: it appears here once an officer has released it, "
            "or after %(days)s days unless it is refused.", days=settings["QUESTION_PUBLISH_DAYS"]), FLASH)
    return redirect(boxes.subject_url(community, body["about"]["kind"], body["about"]["ref"],
                                      body["about"]["month"]) + "#questions", 303)


def _body(form: Form) -> dict:
    about = {"kind": form.get("kind"), "ref": form.get("ref")}
    if form.get("month").strip():
        about["month"] = form.get("month").strip()
    return {"about": about, **{k: form.get(k) for k in ("text", "name", "contact")}}
