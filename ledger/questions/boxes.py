"""What the public pages show of questions: the list about one subject with the form to
ask another, the subject's name and page, and the overdue questions of the home page.
Templates call :func:`question_box` and :func:`overdue_box`; the figures come from
``queries`` and nothing private leaves here (the contact is never read)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app, url_for
from sqlalchemy import select
from sqlmodel import Session

from ledger import db
from ledger.communities.models import Community
from ledger.core.periods import format_month
from ledger.operators.models import Operator
from ledger.projects.models import Project
from ledger.public import journal as public_journal
from ledger.questions import challenge, queries
from ledger.timeutil import local_zone, utcnow
from ledger.trust.models import Compound

SHOWN_PER_SUBJECT = 20


@dataclass(frozen=True, slots=True)
class PublicQuestion:
    """A question as a resident sees it: no contact, the name masked, phone numbers masked."""
    id: int
    kind: str
    ref: str
    month: date | None
    state: str
    asked_on: date
    text: str | None  # None once refused
    name: str | None  # None: anonymous
    refusal: str | None
    answer: str | None
    answered_by: str | None
    answered_on: date | None
    overdue: bool


def public_question(item: queries.QuestionView) -> PublicQuestion:
    q = item.question
    return PublicQuestion(q.id, q.about_kind, q.about_ref, q.about_month, item.state, _day(q.asked_at),
                          item.public_text, item.public_name, q.refusal_reason, q.answer, q.answerer,
                          _day(q.answered_at) if q.answered_at else None, item.overdue)


def _day(moment) -> date:
    return moment.astimezone(local_zone()).date()


def policy() -> queries.Policy:
    return queries.Policy.current()


def new_challenge() -> challenge.Challenge:
    return challenge.issue(current_app.config["SECRET_KEY"])


@dataclass
class Box:
    """The questions about one subject and the form to ask one more."""
    kind: str
    ref: str
    month: date | None
    months: tuple[date, ...]  # months a question may name (operators, compounds)
    questions: list[PublicQuestion]
    challenge: challenge.Challenge
    values: dict = field(default_factory=dict)  # what was typed (a refused form shown again)
    errors: dict = field(default_factory=dict)


def question_box(community: Community, kind: str, ref: str, month: date | None = None, months=(),
                 *, values: dict | None = None, errors: dict | None = None) -> Box:
    items = queries.page(db.session(), community, policy(), utcnow(), everything=False,
                         limit=SHOWN_PER_SUBJECT, about=(kind, str(ref)))
    return Box(kind, str(ref), month, tuple(months), [public_question(i) for i in items], new_challenge(),
               values or {}, errors or {})


def overdue_box(community: Community) -> list[PublicQuestion]:
    return [public_question(i) for i in queries.overdue_questions(db.session(), community, policy(), utcnow())]


def entry_of(community: Community, ref: str) -> public_journal.Entry | None:
    """The journal entry a question is about, as the journal page shows it."""
    if not (ref.isascii() and ref.isdigit()) or len(ref) > 18:
        return None
    return public_journal.entry(db.session(), community, int(ref))


def names_of(community: Community) -> dict[tuple[str, str], str]:
    return subject_names(db.session(), community)


def subject_names(session: Session, community: Community) -> dict[tuple[str, str], str]:
    """(kind, code) -> name of every project, operator and compound, to label questions."""
    names = {}
    for kind, table in (("project", Project), ("operator", Operator), ("compound", Compound)):
        for code, name in session.execute(select(table.code, table.name).where(table.community_id == community.id)):
            names[kind, code] = name
    return names


def subject_url(community: Community, kind: str, ref: str, month: date | None = None) -> str:
    """The public page of what a question is about."""
    c = community.code
    if kind == "project":
        return url_for("public.project", c=c, code=ref)
    if kind == "operator":
        return url_for("public.operator", c=c, code=ref, year=month.year if month else None)
    if kind == "compound":
        return url_for("public.compound", c=c, code=ref, month=format_month(month) if month else None)
    return url_for("questions_public.ask_page", c=c, kind=kind, ref=ref)
