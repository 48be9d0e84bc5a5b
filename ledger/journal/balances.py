"""Balances and the trial balance.

Closing month M (:mod:`ledger.journal.closing`) stores, per account, M's debits, credits and closing balance. The
balance of an account at a date is then "the last closed snapshot on or before that
date + postings since", which reads at most one month of postings when months are
closed on time, whatever the size of the journal. Months close in order, and nothing
can be posted on or before the last closed month, so a snapshot never goes stale.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import BigInteger, ColumnElement, case, cast, func, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.periods import month_end, month_start, previous_month
from ledger.journal.models import Account, BalanceSnapshot, ClosedPeriod, Posting



def fen_sum(column) -> ColumnElement[int]:
    """SUM of a fen column as a 64-bit integer (PostgreSQL's SUM(bigint) is numeric) and 0 when empty."""
    return cast(func.coalesce(func.sum(column), 0), BigInteger)


DEBITS = fen_sum(case((Posting.amount > 0, Posting.amount), else_=0))
CREDITS = fen_sum(case((Posting.amount < 0, -Posting.amount), else_=0))
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
    return balance_of(session, community, account.id, as_of)


def balance_of(session: Session, community: Community, account_id: int, as_of: date) -> int:
    """Signed balance (debit > 0) of the account with this id at the end of ``as_of``."""
    return _balance_of_ids(session, community, [account_id], as_of)


def balance_with_sub_accounts(session: Session, community: Community, account: Account, as_of: date) -> int:
    """Signed balance of an account and all its sub-accounts, at any depth: a parent's
    balance is what its own postings and its children's add up to."""
    return _balance_of_ids(session, community, sorted(subtree(account_tree(session, community), account.id)), as_of)


def _balance_of_ids(session: Session, community: Community, account_ids: list[int], as_of: date) -> int:
    month = _last_snapshot_month(session, community, as_of)
    base, since = 0, None
    if month is not None:
        base = session.execute(select(fen_sum(BalanceSnapshot.closing)).where(
            BalanceSnapshot.community_id == community.id, BalanceSnapshot.month == month,
            BalanceSnapshot.account_id.in_(account_ids))).scalar_one()
        since = month_end(month)
    conditions = [Posting.account_id.in_(account_ids), Posting.occurred_on <= as_of]
    if since is not None:
        conditions.append(Posting.occurred_on > since)
    return int(base) + int(session.execute(select(_net).where(*conditions)).scalar_one())


def account_tree(session: Session, community: Community) -> dict[int, int | None]:
    """Every account's parent: {account id: parent id or None}."""
    return dict(session.execute(select(Account.id, Account.parent_id).where(Account.community_id == community.id)).all())


def depth(tree: dict[int, int | None], account_id: int) -> int:
    """1 for a first-level account, 2 for its sub-accounts ..."""
    level = 1
    while tree[account_id] is not None:
        account_id, level = tree[account_id], level + 1
    return level


def subtree(tree: dict[int, int | None], root: int) -> set[int]:
    """The account and every account below it."""
    children: dict[int, list[int]] = {}
    for account_id, parent_id in tree.items():
        children.setdefault(parent_id, []).append(account_id)
    found, pending = set(), [root]
    while pending:
        account_id = pending.pop()
        if account_id not in found:
            found.add(account_id)
            pending += children.get(account_id, [])
    return found


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
                select(Posting.account_id, DEBITS, CREDITS)
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


@dataclass(frozen=True, slots=True)
class LevelRow:
    """A trial-balance row for an account with its sub-accounts rolled up into it."""
    row: TrialRow  # the account's figures, its sub-accounts' included
    level: int  # 1 for a first-level account, 2 for its sub-accounts ...
    sub_accounts: bool  # the figures include sub-accounts


def trial_balance_levels(session: Session, community: Community, start: date, end: date) -> list[LevelRow]:
    """The trial balance at every level: each account with any figure in itself or below
    it, parents holding the sum of their sub-accounts and their own postings. The
    first-level rows add up to the same totals as the detailed trial balance."""
    accounts = {a.id: a for a in session.execute(select(Account).where(Account.community_id == community.id)).scalars()}
    sums: dict[int, list[int]] = {}
    below: set[int] = set()  # accounts holding the figures of a sub-account
    for row in trial_balance(session, community, start, end):
        account_id, depth = row.account_id, 0
        while account_id is not None:
            figures = sums.setdefault(account_id, [0, 0, 0, 0])
            for i, value in enumerate((row.opening, row.debit, row.credit, row.closing)):
                figures[i] += value
            if depth:
                below.add(account_id)
            account_id, depth = accounts[account_id].parent_id, depth + 1
    paths = {i: _path(accounts, accounts[i]) for i in sums}
    return [LevelRow(TrialRow(i, accounts[i].code, accounts[i].name, accounts[i].type, *sums[i]), len(paths[i]),
                     i in below) for i in sorted(sums, key=paths.__getitem__)]  # each parent before its own


def _path(accounts: dict[int, Account], account: Account) -> tuple[str, ...]:
    """The codes from the first-level account down to this one."""
    codes = [account.code]
    while account.parent_id is not None:
        account = accounts[account.parent_id]
        codes.append(account.code)
    return tuple(reversed(codes))


def lowest_credit_balance_from(session: Session, community: Community, account_id: int, day: date) -> int:
    """The lowest balance on the credit side (credit > 0, as a fund's) the account has at the
    end of ``day`` or of any later day with postings: what an entry dated ``day`` may take
    from it without leaving it below zero on that day or any later one."""
    balance = -balance_of(session, community, account_id, day)
    lowest = balance
    for net in session.execute(select(_net).where(Posting.account_id == account_id, Posting.occurred_on > day)
                               .group_by(Posting.occurred_on).order_by(Posting.occurred_on)).scalars():
        balance -= int(net)
        lowest = min(lowest, balance)
    return lowest
