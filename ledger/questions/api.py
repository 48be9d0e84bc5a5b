"""Residents' questions: asked by anyone (rate-limited per address), released, refused and
answered by officers; the answers public. The asker's contact never leaves the officers'
side, and there only masked."""
from __future__ import annotations

from functools import wraps

from flask import current_app
from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, READ, WRITE, actor, can, current_user, guarded
from ledger.core.errors import ValidationFailed
from ledger.core.masking import mask_person
from ledger.questions import queries, schemas, services
from ledger.questions.gate import admit_question
from ledger.questions.models import REFUSED
from ledger.schemas import ErrorSchema
from ledger.timeutil import local_today, utcnow

blp = Blueprint("questions", __name__, url_prefix="/api/v1/communities",
                description="Residents' questions (居民提问) and the officers' public answers")


def policy() -> queries.Policy:
    return queries.Policy.current()


def present(item: queries.QuestionView, *, officer: bool) -> dict:
    """A question for the public, or for officers and auditors (everything, the contact masked)."""
    q = item.question
    answer = None if q.answer is None else {"text": q.answer, "answered_by": q.answerer, "answered_at": q.answered_at}
    refusal = None if q.state != REFUSED else {"reason": q.refusal_reason, "refused_at": q.decided_at}
    out = {"id": q.id, "about": {"kind": q.about_kind, "ref": q.about_ref, "month": q.about_month},
           "state": item.state, "asked_at": q.asked_at,
           "text": q.text if officer else item.public_text,
           "name": (q.name or None) if officer else item.public_name,
           "released_at": item.released_at, "released_by": item.released_by if officer else None,
           "refusal": refusal, "answer": answer, "overdue": item.overdue}
    if officer:
        out["contact"] = mask_person(q.contact)
    return out


def rate_limited(view):
    """Count the request against its address before anything else is read (a refused or
    invalid request counts too)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        admit_question()
        return view(*args, **kwargs)
    return wrapper


@blp.post("/<string:c>/questions")
@guarded(PUBLIC)
@rate_limited
@blp.arguments(schemas.QuestionCreate)
@blp.response(201, schemas.QuestionCreated)
@blp.alt_response(429, schema=ErrorSchema, description="too many questions from this address; see Retry-After")
def ask(body, community):
    """Ask about a journal entry, a project, an operator's month or a compound's statement; shown
    once an officer releases it, or automatically after some days unless refused (public)."""
    question = services.ask(db.session(), community, body, now=utcnow(), today=local_today())
    return {"id": question.id, "state": question.state}


@blp.get("/<string:c>/questions")
@guarded(PUBLIC)
@blp.arguments(schemas.QuestionListArgs, location="query")
@blp.response(200, schemas.QuestionPage)
def list_questions(args, community):
    """Published questions with their answers, newest first; refused ones show the reason, not the
    text. With an officer's or auditor's token, pending ones too, contacts masked (public)."""
    officer = can(current_user(), READ, community)
    if args["ref"] is not None and args["kind"] is None:
        raise ValidationFailed.on("kind", "name the kind of subject with ref")
    limit = args["limit"] or current_app.config["LEDGER"]["PAGE_SIZE"]
    about = (args["kind"], args["ref"]) if args["ref"] is not None else None
    items = queries.page(db.session(), community, policy(), utcnow(), everything=officer,
                         after=args["cursor"], limit=limit, about=about)
    last = items[-1].question.id if len(items) == limit else None
    return {"items": [present(i, officer=officer) for i in items], "next_cursor": last}


def _one(question) -> dict:
    return present(queries.view(question, policy(), utcnow()), officer=True)


@blp.post("/<string:c>/questions/<int:question_id>/release")
@guarded(WRITE)
@blp.response(200, schemas.QuestionOut)
def release(community, question_id):
    """Publish a pending question (officer)."""
    return _one(services.release(db.session(), community, question_id, by=actor(), now=utcnow()))


@blp.post("/<string:c>/questions/<int:question_id>/refuse")
@guarded(WRITE)
@blp.arguments(schemas.RefuseIn)
@blp.response(200, schemas.QuestionOut)
def refuse(body, community, question_id):
    """Refuse a question with a reason: the refusal and the reason are public, the text is not (officer)."""
    return _one(services.refuse(db.session(), community, question_id, body["reason"], by=actor(), now=utcnow()))


@blp.post("/<string:c>/questions/<int:question_id>/answer")
@guarded(WRITE)
@blp.arguments(schemas.AnswerIn)
@blp.response(200, schemas.QuestionOut)
def answer(body, community, question_id):
    """Answer a question in public, once; a pending question is released with it (officer)."""
    user = current_user()
    return _one(services.answer(db.session(), community, question_id, body["text"], by=actor(),
                                answerer=user.display_name or user.username, now=utcnow()))
