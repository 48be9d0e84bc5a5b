"""Closing a month in the journal: the balance snapshot of every account, under the chain head.

This is the journal's part of a close only; :mod:`ledger.closing` runs the whole close
(this, then the figures other packages keep per month) for the CLI, the API and the
workspace alike.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import PeriodNotClosable
from ledger.core.periods import format_month, month_end, next_month
from ledger.journal.balances import CREDITS, DEBITS, balances_at
from ledger.journal.models import BalanceSnapshot, ClosedPeriod, Posting
from ledger.journal.services import closed_through, forget_closes, lock_head


def close_books(session: Session, community: Community, month: date, *, closed_by: str,
                today: date) -> tuple[ClosedPeriod, list[dict]]:
    """Close a month in the journal: refuse if it cannot close, else store every account's snapshot."""
    lock_head(session, community)  # no posting may land in the month while it closes
    problems = closing_problems(session, community, month, today)
    if problems:
        raise PeriodNotClosable(f"{format_month(month)} cannot be closed: {'; '.join(problems)}",
                                {"month": problems})
    rows: dict[int, list[int]] = {}  # account_id -> [debit, credit, closing]
    for account_id, opening in _opening_of(session, community, month).items():
        rows[account_id] = [0, 0, opening]
    for account_id, debit, credit in session.execute(
            select(Posting.account_id, DEBITS, CREDITS)
            .where(Posting.community_id == community.id, Posting.occurred_on.between(month, month_end(month)))
            .group_by(Posting.account_id)):
        row = rows.setdefault(account_id, [0, 0, 0])
        row[0], row[1], row[2] = int(debit), int(credit), row[2] + int(debit) - int(credit)
    snapshot = [{"community_id": community.id, "month": month, "account_id": account_id,
                 "debit": d, "credit": c, "closing": closing}
                for account_id, (d, c, closing) in rows.items() if d or c or closing]
    closed = ClosedPeriod(community_id=community.id, month=month, closed_by=closed_by)
    session.add(closed)
    forget_closes(session)
    if snapshot:
        session.execute(insert(BalanceSnapshot), snapshot)
    session.flush()
    return closed, snapshot


def _opening_of(session: Session, community: Community, month: date) -> dict[int, int]:
    """Balances at the start of the month to close: the previous snapshot (months close
    in order), or, at the first close, everything posted before the month."""
    return balances_at(session, community, month - timedelta(days=1))


def closing_problems(session: Session, community: Community, month: date, today: date) -> list[str]:
    """Every reason the month cannot close now (empty when it can)."""
    problems = []
    if month_end(month) >= today:
        problems.append(f"the month has not ended yet (it ends on {month_end(month).isoformat()})")
    previous = closed_through(session, community)
    if previous is not None and month <= previous:
        problems.append(f"{format_month(month)} is already closed")
    elif previous is not None and month != next_month(previous):
        problems.append(f"close {format_month(next_month(previous))} first: months close in order")
    return problems

