"""Reading questions: what the public sees, what officers still owe, and the counts.

Publication is decided when a question is read, not by a scheduled job: a question is
public once an officer released or refused it (a refusal shows its reason, not the
text), or once ``publish_days`` have passed since it was asked without a refusal. It is
overdue while it is neither refused nor answered ``overdue_days`` after it was asked.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app, has_app_context
from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.config import DEFAULTS
from ledger.core.masking import mask_person, mask_phones
from ledger.questions.models import PENDING, REFUSED, RELEASED, Question
from ledger.timeutil import local_zone


@dataclass(frozen=True, slots=True)
class Policy:
    publish_days: int
    overdue_days: int

    @classmethod
    def from_settings(cls, settings: dict) -> "Policy":
        return cls(settings["QUESTION_PUBLISH_DAYS"], settings["QUESTION_OVERDUE_DAYS"])

    @classmethod
    def current(cls) -> "Policy":
        """The app's policy (the defaults outside an app)."""
        return cls.from_settings(current_app.config["LEDGER"] if has_app_context() else DEFAULTS)

    def published(self, now: datetime):
        """SQL: the question may be shown in public at ``now``."""
        return or_(Question.state != PENDING, Question.asked_at <= now - timedelta(days=self.publish_days))

    def overdue(self, now: datetime):
        """SQL: the question is neither refused nor answered, and asked too long ago."""
        return and_(Question.state != REFUSED, Question.answer.is_(None),
                    Question.asked_at <= now - timedelta(days=self.overdue_days))


@dataclass(frozen=True, slots=True)
class QuestionView:
    """A question as it stands at a moment: its state counting automatic publication."""
    question: Question
    state: str  # pending | released | refused
    released_at: datetime | None
    released_by: str | None  # None: published automatically (or not released)
    overdue: bool

    @property
    def public_text(self) -> str | None:
        """The text as the public reads it: phone numbers masked; none once refused."""
        return None if self.state == REFUSED else mask_phones(self.question.text)

    @property
    def public_name(self) -> str | None:
        """The asker as the public sees them (张*); None: anonymous, or refused."""
        name = self.question.name
        return None if self.state == REFUSED or not name else mask_person(name)


def view(question: Question, policy: Policy, now: datetime) -> QuestionView:
    q = question
    automatic = q.asked_at + timedelta(days=policy.publish_days)
    if q.state == PENDING and automatic <= now:
        state, released_at, released_by = RELEASED, automatic, None
    elif q.state == RELEASED:
        state, released_at, released_by = RELEASED, q.decided_at, q.decided_by
    else:
        state, released_at, released_by = q.state, None, None
    overdue = (q.state != REFUSED and q.answer is None
               and q.asked_at + timedelta(days=policy.overdue_days) <= now)
    return QuestionView(q, state, released_at, released_by, overdue)


def page(session: Session, community: Community, policy: Policy, now: datetime, *, everything: bool,
         after: int | None = None, limit: int = 50, about: tuple[str, str] | None = None) -> list[QuestionView]:
    """Questions newest first, after the cursor ``after`` (an id); only the published ones
    unless ``everything``; optionally only those about one subject (kind, ref)."""
    query = select(Question).where(Question.community_id == community.id)
    if not everything:
        query = query.where(policy.published(now))
    if after is not None:
        query = query.where(Question.id < after)
    if about is not None:
        query = query.where(Question.about_kind == about[0], Question.about_ref == about[1])
    rows = session.execute(query.order_by(Question.id.desc()).limit(limit)).scalars()
    return [view(q, policy, now) for q in rows]


def pending_questions(session: Session, community: Community, *, limit: int | None = None) -> list[Question]:
    """What officers still owe residents: every question neither refused nor answered, oldest first."""
    query = (select(Question).where(Question.community_id == community.id, Question.state != REFUSED,
                                    Question.answer.is_(None)).order_by(Question.id))
    return list(session.execute(query.limit(limit) if limit else query).scalars())


@dataclass(frozen=True, slots=True)
class Counts:
    asked: int  # every question, refused ones included
    answered: int
    overdue: int


def counts(session: Session, community: Community, policy: Policy, now: datetime) -> Counts:
    answered = func.coalesce(func.sum(case((Question.answer.is_not(None), 1), else_=0)), 0)
    overdue = func.coalesce(func.sum(case((policy.overdue(now), 1), else_=0)), 0)
    asked, done, late = session.execute(select(func.count(Question.id), answered, overdue)
                                        .where(Question.community_id == community.id)).one()
    return Counts(int(asked), int(done), int(late))


def overdue_questions(session: Session, community: Community, policy: Policy, now: datetime, *,
                      limit: int = 10) -> list[QuestionView]:
    """Published questions still waiting for their answer too long, oldest first."""
    rows = session.execute(select(Question).where(
        Question.community_id == community.id, policy.overdue(now), policy.published(now))
        .order_by(Question.id).limit(limit)).scalars()
    return [view(q, policy, now) for q in rows]


def asked_between(session: Session, community: Community, policy: Policy, now: datetime, start: date,
                  end: date) -> list[QuestionView]:
    """Questions asked on local dates start..end, oldest first (the audit workbook's sheet)."""
    zone = local_zone()
    first = datetime.combine(start, time.min, zone)
    after_last = datetime.combine(end + timedelta(days=1), time.min, zone)
    rows = session.execute(select(Question).where(
        Question.community_id == community.id, Question.asked_at >= first, Question.asked_at < after_last)
        .order_by(Question.id)).scalars()
    return [view(q, policy, now) for q in rows]


def recently_handled(session: Session, community: Community, *, limit: int = 20) -> list[Question]:
    """Questions answered or refused, the latest first."""
    return list(session.execute(select(Question).where(
        Question.community_id == community.id, or_(Question.state == REFUSED, Question.answer.is_not(None)))
        .order_by(Question.id.desc()).limit(limit)).scalars())
