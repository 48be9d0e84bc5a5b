"""Monthly public figures: what each operator earned and what its shares sent where.

Dates are journal dates: an income counts in the month it is dated, a reversal in the
month the reversal is dated, so a closed month's figures never change.

Closed months are read from ``operator_month`` / ``share_month`` (written by
:func:`store_month` inside the month close) and ``balance_snapshot``; the months after
the last close are computed live from indexed range queries:

- shares: ``journal_transaction`` by (community_id, occurred_on) -> ``split_line`` by
  (transaction_id, position) -> ``agreement`` by id;
- gross: ``income`` by (community_id, occurred_on), and reversals found in the same
  transaction range joined to ``income`` by its unique transaction_id;
- an account's movements: ``posting`` by (account_id, occurred_on).

So a request reads a few rows per closed month plus the open months' rows: its cost
depends on how much was posted since the last close, not on the size of the journal.

Trade-off considered: a per-(month, operator, account) table updated by every posting
would make open months constant-time too, but it puts a second hot row on the write
path of every income and couples the incomes code to the public pages. Months close
monthly (balances depend on that already), so the open part stays about one month.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, insert, select
from sqlmodel import Session

from ledger.agreements.models import Agreement
from ledger.communities.models import Community
from ledger.core.periods import month_end, month_start, next_month
from ledger.incomes.models import Income, SplitLine
from ledger.journal.models import BalanceSnapshot, JournalTransaction, Posting
from ledger.journal.services import closed_through
from ledger.public.models import OperatorMonth, ShareMonth


@dataclass
class Month:
    """One month's figures. Keys are ids; amounts are fen."""
    gross: dict[int, int] = field(default_factory=dict)  # operator_id -> gross income
    shares: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # (operator_id, account_id) -> [credit, debit]

    def add_gross(self, operator_id: int, fen: int) -> None:
        self.gross[operator_id] = self.gross.get(operator_id, 0) + fen

    def add_share(self, operator_id: int, account_id: int, credit: int, debit: int) -> None:
        pair = self.shares.setdefault((operator_id, account_id), [0, 0])
        pair[0] += credit
        pair[1] += debit


def _positive(column):
    return func.coalesce(func.sum(case((column > 0, column), else_=0)), 0)


def _negative(column):
    return func.coalesce(func.sum(case((column < 0, -column), else_=0)), 0)


def live(session: Session, community: Community, start: date, end: date,
         operator_id: int | None = None) -> dict[date, Month]:
    """The figures of start..end (inclusive) computed from the journal, by month."""
    months: dict[date, Month] = defaultdict(Month)
    in_range = (JournalTransaction.community_id == community.id,
                JournalTransaction.occurred_on.between(start, end))
    shares = (select(JournalTransaction.occurred_on, Agreement.operator_id, SplitLine.account_id,
                     _positive(SplitLine.amount), _negative(SplitLine.amount))
              .join(SplitLine, SplitLine.transaction_id == JournalTransaction.id)
              .join(Agreement, Agreement.id == SplitLine.agreement_id)
              .where(*in_range, SplitLine.position >= 0)
              .group_by(JournalTransaction.occurred_on, Agreement.operator_id, SplitLine.account_id))
    incomes = (select(Income.occurred_on, Income.operator_id, func.sum(Income.amount))
               .where(Income.community_id == community.id, Income.occurred_on.between(start, end))
               .group_by(Income.occurred_on, Income.operator_id))
    reversed_ = (select(JournalTransaction.occurred_on, Income.operator_id, func.sum(Income.amount))
                 .join(Income, Income.transaction_id == JournalTransaction.reverses_id)
                 .where(*in_range, JournalTransaction.source == "reversal")
                 .group_by(JournalTransaction.occurred_on, Income.operator_id))
    if operator_id is not None:
        shares = shares.where(Agreement.operator_id == operator_id)
        incomes = incomes.where(Income.operator_id == operator_id)
        reversed_ = reversed_.where(Income.operator_id == operator_id)
    for day, operator, account, credit, debit in session.execute(shares):
        months[month_start(day)].add_share(operator, account, int(credit), int(debit))
    for day, operator, amount in session.execute(incomes):
        months[month_start(day)].add_gross(operator, int(amount))
    for day, operator, amount in session.execute(reversed_):
        months[month_start(day)].add_gross(operator, -int(amount))
    return dict(months)


def stored(session: Session, community: Community, first: date, last: date,
           operator_id: int | None = None) -> dict[date, Month]:
    """The stored figures of the closed months first..last (month starts)."""
    months: dict[date, Month] = defaultdict(Month)
    gross = select(OperatorMonth.month, OperatorMonth.operator_id, OperatorMonth.gross).where(
        OperatorMonth.community_id == community.id, OperatorMonth.month.between(first, last))
    shares = select(ShareMonth.month, ShareMonth.operator_id, ShareMonth.account_id, ShareMonth.credit,
                    ShareMonth.debit).where(ShareMonth.community_id == community.id,
                                            ShareMonth.month.between(first, last))
    if operator_id is not None:
        gross = gross.where(OperatorMonth.operator_id == operator_id)
        shares = shares.where(ShareMonth.operator_id == operator_id)
    for month, operator, amount in session.execute(gross):
        months[month].add_gross(operator, amount)
    for month, operator, account, credit, debit in session.execute(shares):
        months[month].add_share(operator, account, credit, debit)
    return dict(months)


def split_at_close(session: Session, community: Community, start: date,
                   end: date) -> tuple[tuple[date, date] | None, tuple[date, date] | None]:
    """The closed months (first, last month start) and the open days (first, last) of
    start..end; either part may be None. ``start`` is the first day of a month."""
    closed = closed_through(session, community)
    if closed is None or closed < start:
        return None, (start, end)
    last_closed = min(closed, month_start(end))
    after = next_month(last_closed)
    return (start, last_closed), ((after, end) if after <= end else None)


def months(session: Session, community: Community, start: date, end: date,
           operator_id: int | None = None) -> dict[date, Month]:
    """The figures of every month of start..end: stored for closed months, live after."""
    closed, open_ = split_at_close(session, community, start, end)
    found: dict[date, Month] = {}
    if closed is not None:
        found.update(stored(session, community, *closed, operator_id=operator_id))
    if open_ is not None:
        found.update(live(session, community, *open_, operator_id=operator_id))
    return found


def store_month(session: Session, community: Community, month: date) -> None:
    """Store a month's figures; called by the month close, in its transaction."""
    figures = live(session, community, month, month_end(month)).get(month)
    if figures is None:
        return
    gross = [{"community_id": community.id, "month": month, "operator_id": operator, "gross": amount}
             for operator, amount in figures.gross.items() if amount]
    shares = [{"community_id": community.id, "month": month, "operator_id": operator, "account_id": account,
               "credit": credit, "debit": debit}
              for (operator, account), (credit, debit) in figures.shares.items() if credit or debit]
    if gross:
        session.execute(insert(OperatorMonth), gross)
    if shares:
        session.execute(insert(ShareMonth), shares)


def account_months(session: Session, community: Community, account_id: int, start: date,
                   end: date) -> dict[date, tuple[int, int]]:
    """(debits, credits) of one account per month of start..end: snapshots for closed
    months, postings for the open ones."""
    closed, open_ = split_at_close(session, community, start, end)
    found: dict[date, tuple[int, int]] = {}
    if closed is not None:
        for month, debit, credit in session.execute(
                select(BalanceSnapshot.month, BalanceSnapshot.debit, BalanceSnapshot.credit).where(
                    BalanceSnapshot.community_id == community.id, BalanceSnapshot.month.between(*closed),
                    BalanceSnapshot.account_id == account_id)):
            found[month] = (debit, credit)
    if open_ is not None:
        for day, debit, credit in session.execute(
                select(Posting.occurred_on, _positive(Posting.amount), _negative(Posting.amount))
                .where(Posting.account_id == account_id, Posting.occurred_on.between(*open_))
                .group_by(Posting.occurred_on)):
            d, c = found.get(month_start(day), (0, 0))
            found[month_start(day)] = (d + int(debit), c + int(credit))
    return found
