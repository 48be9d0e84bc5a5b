"""A fund's figures for a date range: the one definition of its opening balance,
inflow, outflow and closing balance, used by the API (``/funds``, ``/funds/{code}``),
the public pages and the audit workbook's fund statement.

A fund account is credited by the shares of operators' incomes and declarations and by
other money paid in (an opening balance, a transfer); it is debited by payments,
transfers out, and by shares taken back when an income is reversed or a declaration is
corrected downwards. A share taken back is a negative inflow of its operator, never an
outflow, so:

- inflow  = credits - shares taken back  (= net shares by operator + other inflow)
- outflow = debits  - shares taken back  (= paid by project + other outflow)
- closing = opening + inflow - outflow   (= the account's balance at the end)

Shares are the lines of an agreement's shares (split positions >= 0); a remainder is
not a share (see ``ShareMonth``). Outflows by project are the paid disbursements by
payment date; what no payment explains (a transfer out, a reversed hand-posted entry)
is the other outflow, so the outflows listed add up to the outflow.

Shares come from the public roll-up (stored figures of closed months, live queries for
the rest) and debits and credits from the balance snapshots, so the cost depends on what
was posted since the last close, not on the length of the journal.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.periods import month_end, month_start, next_month, previous_month
from ledger.disbursements.queries import outflows_by_project
from ledger.funds.models import Fund
from ledger.journal.balances import balances_at, movements
from ledger.journal.models import Account, ClosedPeriod
from ledger.operators.models import Operator
from ledger.public import rollup

EARLIEST = date(1900, 1, 1)

# -- the definition, over plain integers (fen) ------------------------------------------


@dataclass(frozen=True, slots=True)
class Flows:
    inflow: int
    outflow: int


def fund_flows(debits: int, credits: int, shares_taken_back: int) -> Flows:
    """A fund's inflow and outflow from its account's debits and credits and the part of
    the debits that took shares back (reversals, corrected declarations)."""
    return Flows(credits - shares_taken_back, debits - shares_taken_back)


def other_inflow(flows: Flows, operator_shares: int) -> int:
    """The inflow not explained by operators' net shares."""
    return flows.inflow - operator_shares


def other_outflow(flows: Flows, project_payments: int) -> int:
    """The outflow not explained by payments to projects (transfers, reversed entries)."""
    return flows.outflow - project_payments


# -- a fund's figures for a range --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OperatorInflow:
    operator: str  # code
    name: str
    amount: int  # net shares: shares credited less shares taken back (may be negative)


@dataclass(frozen=True, slots=True)
class ProjectOutflow:
    project: str | None  # code; None for an expense item without a project
    name: str | None
    item: str | None
    amount: int


@dataclass(frozen=True, slots=True)
class FundFigures:
    fund: Fund
    account: str  # the fund account's code
    opening: int  # balance before the range (credit side positive)
    inflows: tuple[OperatorInflow, ...]  # operators with shares to the fund in the range
    other_inflow: int
    outflows: tuple[ProjectOutflow, ...]  # paid in the range, by project (or expense item)
    other_outflow: int

    @property
    def inflow(self) -> int:
        return sum(line.amount for line in self.inflows) + self.other_inflow

    @property
    def outflow(self) -> int:
        return sum(line.amount for line in self.outflows) + self.other_outflow

    @property
    def closing(self) -> int:
        return self.opening + self.inflow - self.outflow

    balance = closing  # at the end of the range


Shares = dict[tuple[int, int], tuple[int, int]]  # (operator_id, account_id) -> (credited, taken back)


def fund_figures(session: Session, community: Community, start: date | None, end: date, *,
                 shares: Shares | None = None) -> list[FundFigures]:
    """Every fund's figures for start..end (start None: from the beginning), in fund order.
    ``shares`` may be given when the caller already read them for the same range."""
    start = start or EARLIEST
    funds = list(session.execute(select(Fund).where(Fund.community_id == community.id).order_by(Fund.id)).scalars())
    if not funds:
        return []
    codes = dict(session.execute(select(Account.id, Account.code).where(
        Account.id.in_([f.account_id for f in funds]))).all())
    moved = movements(session, community, start, end)
    before = balances_at(session, community, start - timedelta(days=1)) if start > EARLIEST else {}
    shares = share_totals(session, community, start, end) if shares is None else shares
    operators = {op.id: op for op in session.execute(
        select(Operator).where(Operator.community_id == community.id).order_by(Operator.code)).scalars()}
    return [_figures(session, fund, codes[fund.account_id], -before.get(fund.account_id, 0),
                     moved.get(fund.account_id, (0, 0)), shares, operators, start, end) for fund in funds]


def _figures(session: Session, fund: Fund, account: str, opening: int, moved: tuple[int, int], shares: Shares,
             operators: dict[int, Operator], start: date, end: date) -> FundFigures:
    debits, credits = moved
    mine = {op: pair for (op, account_id), pair in shares.items() if account_id == fund.account_id}
    flows = fund_flows(debits, credits, sum(taken for _, taken in mine.values()))
    inflows = tuple(OperatorInflow(operators[op].code, operators[op].name, credited - taken)
                    for op, (credited, taken) in sorted(mine.items(), key=lambda kv: operators[kv[0]].code)
                    if credited or taken)
    outflows = tuple(ProjectOutflow(code, name, item, amount)
                     for code, name, item, amount in outflows_by_project(session, fund, start, end) if amount)
    return FundFigures(fund, account, opening, inflows, other_inflow(flows, sum(i.amount for i in inflows)),
                       outflows, other_outflow(flows, sum(o.amount for o in outflows)))


def share_totals(session: Session, community: Community, start: date, end: date) -> Shares:
    """Shares credited and taken back per (operator, account) in start..end: the stored
    figures of the closed months lying wholly inside, live figures for the other days."""
    block = _closed_block(session, community, start, end)
    if block is None:
        return shares_of_months(rollup.live(session, community, start, end))
    months = rollup.stored(session, community, *block)
    if start < block[0]:
        months.update(rollup.live(session, community, start, block[0] - timedelta(days=1)))
    if month_end(block[1]) < end:
        months.update(rollup.live(session, community, month_end(block[1]) + timedelta(days=1), end))
    return shares_of_months(months)


def shares_of_months(months: dict) -> Shares:
    """The shares of roll-up months (``rollup.months``) summed over the months."""
    found: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for month in months.values():
        for key, (credit, debit) in month.shares.items():
            found[key][0] += credit
            found[key][1] += debit
    return {key: (credit, debit) for key, (credit, debit) in found.items()}


def _closed_block(session: Session, community: Community, start: date, end: date) -> tuple[date, date] | None:
    """First and last closed month lying wholly inside start..end (closed months are contiguous)."""
    first = month_start(start) if start == month_start(start) else next_month(month_start(start))
    last = month_start(end) if end == month_end(month_start(end)) else previous_month(month_start(end))
    if first > last:
        return None
    low, high = session.execute(select(func.min(ClosedPeriod.month), func.max(ClosedPeriod.month)).where(
        ClosedPeriod.community_id == community.id, ClosedPeriod.month.between(first, last))).one()
    return None if low is None else (low, high)
