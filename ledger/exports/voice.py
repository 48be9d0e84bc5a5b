"""Rows of the audit workbook's council-decision and question sheets for a date range.

Decisions dated in the range, one row per budget each approved; questions asked in the
range (local dates) with their state as of now, their answer or the reason they were
refused. The asker's contact is not exported."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.periods import format_month
from ledger.decisions.services import decisions_between
from ledger.questions import queries
from ledger.timeutil import local_zone, utcnow
from reports.voice import DecisionRow, QuestionRow


def decision_rows(session: Session, community: Community, start: date, end: date) -> list[DecisionRow]:
    rows = []
    for view in decisions_between(session, community, start, end):
        d = view.decision
        approved = [(p.project_code, p.budget) for p in view.projects] or [(None, None)]
        rows += [DecisionRow(d.id, d.decided_on, d.body, d.subject, d.votes_for, d.votes_against, d.abstentions,
                             d.attendance, code, budget, d.minutes_sha256) for code, budget in approved]
    return rows


def question_rows(session: Session, community: Community, start: date, end: date) -> list[QuestionRow]:
    zone = local_zone()
    rows = []
    for item in queries.asked_between(session, community, queries.Policy.current(), utcnow(), start, end):
        q = item.question
        rows.append(QuestionRow(q.id, q.asked_at.astimezone(zone).date(), q.about_kind, q.about_ref,
                                format_month(q.about_month) if q.about_month else None, item.state, q.name, q.text,
                                q.answer, q.answerer, q.answered_at.astimezone(zone).date() if q.answered_at else None,
                                q.refusal_reason, item.overdue))
    return rows
