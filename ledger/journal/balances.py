"""Balances, the trial balance and closing months.

Closing month M stores, per account, M's debits, credits and closing balance. The
balance of an account at a date is then "the last closed snapshot on or before that
date + postings since", which reads at most one month of postings when months are
closed on time, whatever the size of the journal. Months close in order, and nothing
can be posted on or before the last closed month, so a snapshot never goes stale.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import BigInteger, ColumnElement, case, cast, func, insert, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import PeriodNotClosable
from ledger.core.periods import format_month, month_end, month_start, next_month, previous_month
from ledger.journal.models import Account, BalanceSnapshot, ClosedPeriod, Posting
from ledger.journal.services import closed_through, forget_closes, lock_head



def fen_sum(column) -> ColumnElement[int]:
    """SUM of a fen column as a 64-bit integer (PostgreSQL's SUM(bigint) is numeric) and 0 when empty."""
    return cast(func.coalesce(func.sum(column), 0), BigInteger)


_debit = fen_sum(case((Posting.amount > 0, Posting.amount), else_=0))
_credit = fen_sum(case((Posting.amount < 0, -Posting.amount), else_=0))
_net = fen_sum(Posting.amount)


def _last_snapshot_month(session: Session, community: Community, day: date) -> date | None:
    """The last closed month that ends on or before ``day``."""
    first = month_start(day)
    ended = first if day == month_end(first) else previous_month(first)  # no day after 9999-12-31
    return session.execute(
        select(ClosedPeriod.month).where(ClosedPeriod.community_id == community.id, ClosedPeriod.month <= ended)
        .order_by(ClosedPeriod.month.desc()).limit(1)
    ).scalar_one_or_none()


def balance_at(session: Session, community: Community, account: Account, as_of: date) -> int:
    """Signed balance (debit > 0) of one account at the end of ``as_of``."""
    month = _last_snapshot_month(session, community, as_of)
    base, since = 0, None
    if month is not None:
        base = session.execute(select(BalanceSnapshot.closing).where(
            BalanceSnapshot.community_id == community.id, BalanceSnapshot.month == month,
            BalanceSnapshot.account_id == account.id)).scalar_one_or_none() or 0
        since = month_end(month)
    conditions = [Posting.account_id == account.id, Posting.occurred_on <= as_of]
    if since is not None:
        conditions.append(Posting.occurred_on > since)
    return base + session.execute(select(_net).where(*conditions)).scalar_one()


def balances_at(session: Session, community: Community, as_of: date) -> dict[int, int]:
    """Signed balance of every account with a non-zero balance at the end of ``as_of``."""
    month = _last_snapshot_month(session, community, as_of)
    balances: dict[int, int] = {}
    conditions = [Posting.community_id == community.id, Posting.occurred_on <= as_of]
    if month is not None:
        rows = session.execute(select(BalanceSnapshot.account_id, BalanceSnapshot.closing).where(
            BalanceSnapshot.community_id == community.id, BalanceSnapshot.month == month))
        balances.update(rows.all())
        conditions.append(Posting.occurred_on > month_end(month))
    for account_id, net in session.execute(
            select(Posting.account_id, _net).where(*conditions).group_by(Posting.account_id)):
        balances[account_id] = balances.get(account_id, 0) + int(net)
    return {k: v for k, v in balances.items() if v}


def movements(session: Session, community: Community, start: date, end: date) -> dict[int, tuple[int, int]]:
    """(debits, credits) per account for postings dated start..end inclusive.

    Whole closed months inside the range are read from their snapshots; only the
    days outside them touch the postings.
    """
    totals: dict[int, tuple[int, int]] = {}

    def add(account_id: int, debit: int, credit: int) -> None:
        d, c = totals.get(account_id, (0, 0))
        totals[account_id] = (d + debit, c + credit)

    block = _closed_block(session, community, start, end)
    ranges = [(start, end)] if block is None else [(start, block[0] - timedelta(days=1)),
                                                    (month_end(block[1]) + timedelta(days=1), end)]
    if block is not None:
        for account_id, debit, credit in session.execute(
                select(BalanceSnapshot.account_id, fen_sum(BalanceSnapshot.debit), fen_sum(BalanceSnapshot.credit))
                .where(BalanceSnapshot.community_id == community.id,
                       BalanceSnapshot.month.between(block[0], block[1]))
                .group_by(BalanceSnapshot.account_id)):
            add(account_id, int(debit), int(credit))
    for low, high in ranges:
        if low > high:
            continue
        for account_id, debit, credit in session.execute(
                select(Posting.account_id, _debit, _credit)
                .where(Posting.community_id == community.id, Posting.occurred_on.between(low, high))
                .group_by(Posting.account_id)):
            add(account_id, int(debit), int(credit))
    return totals


def _closed_block(session: Session, community: Community, start: date, end: date) -> tuple[date, date] | None:
    """First and last closed month lying wholly inside start..end (closed months are contiguous)."""
    row = session.execute(select(func.min(ClosedPeriod.month), func.max(ClosedPeriod.month)).where(
        ClosedPeriod.community_id == community.id, ClosedPeriod.month >= start,  # starts inside
        ClosedPeriod.month <= month_start(end))).one()
    low, high = row
    if low is None:
        return None
    if month_end(high) > end:  # the last month is only partly inside the range
        high = _previous_or_none(high, low)
        if high is None:
            return None
    return low, high


def _previous_or_none(month: date, low: date) -> date | None:
    previous = month_start(month - timedelta(days=1))
    return previous if previous >= low else None


@dataclass(frozen=True, slots=True)
class TrialRow:
    account_id: int
    code: str
    name: str
    type: str
    opening: int  # signed, debit > 0
    debit: int
    credit: int
    closing: int


def trial_balance(session: Session, community: Community, start: date, end: date) -> list[TrialRow]:
    """Opening balance, debits, credits and closing balance of every account with any of them."""
    opening = balances_at(session, community, start - timedelta(days=1))
    moved = movements(session, community, start, end)
    rows = []
    for account in session.execute(select(Account).where(Account.community_id == community.id)
                                   .order_by(Account.code)).scalars():
        debit, credit = moved.get(account.id, (0, 0))
        before = opening.get(account.id, 0)
        if before or debit or credit:
            rows.append(TrialRow(account.id, account.code, account.name, account.type,
                                 before, debit, credit, before + debit - credit))
    return rows


def close_month(session: Session, community: Community, month: date, *, closed_by: str,
                today: date) -> tuple[ClosedPeriod, list[dict]]:
    """Close a month: refuse if it cannot close, else store every account's snapshot."""
    lock_head(session, community)  # no posting may land in the month while it closes
    problems = closing_problems(session, community, month, today)
    if problems:
        raise PeriodNotClosable(f"{format_month(month)} cannot be closed: {'; '.join(problems)}",
                                {"month": problems})
    rows: dict[int, list[int]] = {}  # account_id -> [debit, credit, closing]
    for account_id, opening in _opening_of(session, community, month).items():
        rows[account_id] = [0, 0, opening]
    for account_id, debit, credit in session.execute(
            select(Posting.account_id, _debit, _credit)
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
    for store in month_end_figures():
        store(session, community, month)
    session.flush()
    return closed, snapshot


def month_end_figures():
    """Other per-month figures stored when a month closes, in the same transaction as the
    balance snapshot (imported here, when needed, to keep the journal free of import cycles)."""
    from ledger.public.rollup import store_month
    return (store_month,)


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

