"""Asking, releasing, refusing and answering questions.

A question names what it is about: a journal entry (by seq), a project, an operator (and
optionally a month) or a compound (and optionally the month of its statement); the
subject must exist. Officers move it on: ``pending -> released | refused``, a released
question that has no answer yet may still be refused, and answering a pending question
releases it too. An answer is given once; a refused question takes none. Every step
records who took it and when.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import InvalidTransition, NotFound, ValidationFailed
from ledger.journal.chain import head
from ledger.operators.services import find_operator_or_none
from ledger.projects.services import find_project_or_none
from ledger.questions.models import PENDING, REFUSED, RELEASED, Question
from ledger.trust.services import find_compound_or_none

_MAX_ID = 2**63 - 1
_WITH_MONTH = ("operator", "compound")


def ask(session: Session, community: Community, body: dict, *, now: datetime, today: date) -> Question:
    """Record a resident's question (pending) about an existing subject."""
    about = body["about"]
    ref = check_subject(session, community, about["kind"], about["ref"], about.get("month"), today)
    question = Question(community_id=community.id, about_kind=about["kind"], about_ref=ref,
                        about_month=about.get("month"), text=body["text"], name=body.get("name") or "",
                        contact=body.get("contact") or "", state=PENDING, asked_at=now)
    session.add(question)
    session.flush()
    return question


def check_subject(session: Session, community: Community, kind: str, ref: str, month: date | None,
                  today: date) -> str:
    """The subject's reference as stored; ValidationFailed (``about.*``) if there is no such subject."""
    if month is not None and kind not in _WITH_MONTH:
        raise ValidationFailed.on("about.month", "a month goes only with an operator or a compound")
    if month is not None and month > today:
        raise ValidationFailed.on("about.month", "the month has not begun")
    if kind == "transaction":
        return _entry_ref(session, community, ref)
    finders = {"project": find_project_or_none, "operator": find_operator_or_none, "compound": find_compound_or_none}
    if not isinstance(ref, str) or not ref.isprintable() or finders[kind](session, community, ref) is None:
        raise ValidationFailed.on("about.ref", f"no {kind} {ref!r}")
    return ref


def _entry_ref(session: Session, community: Community, ref: str) -> str:
    text = str(ref)
    is_seq = text.isascii() and text.isdigit() and len(text) <= 18
    if not is_seq or not 1 <= int(text) <= head(session, community).seq:
        raise ValidationFailed.on("about.ref", f"no journal entry {ref!r}")
    return str(int(text))


def get_question(session: Session, community: Community, question_id: int, *, lock: bool = False) -> Question:
    question = None
    if 0 < question_id <= _MAX_ID:
        query = select(Question).where(Question.id == question_id, Question.community_id == community.id)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        question = session.execute(query).scalar_one_or_none()
    if question is None:
        raise NotFound(f"no question {question_id}")
    return question


def release(session: Session, community: Community, question_id: int, *, by: str, now: datetime) -> Question:
    question = get_question(session, community, question_id, lock=True)
    if question.state != PENDING:
        raise InvalidTransition(f"question {question_id} is already {question.state}", {"state": [question.state]})
    _decide(question, RELEASED, by, now)
    return _saved(session, question)


def refuse(session: Session, community: Community, question_id: int, reason: str, *, by: str,
           now: datetime) -> Question:
    question = get_question(session, community, question_id, lock=True)
    if question.state == REFUSED or question.answer is not None:
        state = "answered" if question.answer is not None else question.state
        raise InvalidTransition(f"question {question_id} is already {state}", {"state": [state]})
    _decide(question, REFUSED, by, now)
    question.refusal_reason = reason
    return _saved(session, question)


def answer(session: Session, community: Community, question_id: int, text: str, *, by: str, answerer: str,
           now: datetime) -> Question:
    question = get_question(session, community, question_id, lock=True)
    if question.state == REFUSED:
        raise InvalidTransition(f"question {question_id} was refused", {"state": [REFUSED]})
    if question.answer is not None:
        raise InvalidTransition(f"question {question_id} is already answered", {"state": ["answered"]})
    if question.state == PENDING:
        _decide(question, RELEASED, by, now)
    question.answer, question.answered_at, question.answered_by, question.answerer = text, now, by, answerer
    return _saved(session, question)


def _decide(question: Question, state: str, by: str, now: datetime) -> None:
    question.state, question.decided_at, question.decided_by = state, now, by


def _saved(session: Session, question: Question) -> Question:
    session.add(question)
    session.flush()
    return question
