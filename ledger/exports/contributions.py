"""反哺明细: what each operator owed each beneficiary per agreement and settlement
period, and how much of it has arrived, as at the end date of the workbook.

One row per (agreement, settlement period, share). Each row rebuilds from its own cells:

- Basis: gross income of the period dated on or before the end date, less incomes
  reversed on or before it; or the profit of the latest declaration dated on or before it.
- Due: the share's rate applied to that basis, rounded half up to the fen once for the
  whole period (for net profit: a loss counts as zero, never below the minimum). This is
  the period-exact rule applied to the basis as at the end date.
- Posted: the share's journal postings dated on or before the end date. It can differ
  from due when entries dated after the end date were entered before entries dated
  inside it (a reversal dated in July of a May income, entered before another May
  income): the postings follow the order of entry, the basis the dates. The difference
  (due - posted) is what the entries dated after the end date bring.

Received, by how the shares were booked:

- Shares of gross income the community collected itself (``community_collects``):
  the money was in the community's cash or bank when the income was posted, so
  received = due.
- Shares booked against the operator's receivable (应收款-operator): gross income of an
  ``operator_collects`` operator, and every net-profit declaration. The operator's
  remittances (回款) dated on or before the end date, less any reversed, are allocated
  to those dues oldest settlement period first (by period start, then period end,
  then agreement, then share). Whatever is left once every due is met is an advance.

Outstanding = due - received. An operator's receivable balance at the end date is its
outstanding amounts (the advance counting negative) less what later entries bring
(due - posted), when only splits and remittances post to it. Rows are the settlement
periods overlapping the workbook's period; the allocation runs over every period up
to the end date, so older debts are paid first.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.agreements.models import Agreement
from ledger.agreements.services import terms_of
from ledger.communities.models import Community
from ledger.core.periods import period_bounds
from ledger.core.splits import share_due
from ledger.incomes.models import Declaration, Income, Remittance, SplitLine
from ledger.journal.models import JournalTransaction
from ledger.operators.models import Operator
from reports.model import Contribution, ShareRate

_Reversal = aliased(JournalTransaction)


@dataclass(frozen=True, slots=True)
class PeriodDue:
    row: Contribution  # received and outstanding still to be decided
    receivable: bool  # booked against the operator's receivable (paid by remittances)
    starts: date
    ends: date
    position: int = 0  # the share's place in its agreement


def allocate_oldest_first(dues: list[int], received: int) -> tuple[list[int], int]:
    """Fill the dues in order from the amount received; return each due's part and
    what is left over."""
    parts = []
    for due in dues:
        part = max(0, min(due, received))
        parts.append(part)
        received -= part
    return parts, received


def contribution_rows(dues: list[PeriodDue], remitted: dict[str, int], operators: dict[str, tuple[str, str]],
                      start: date, end: date) -> list[Contribution]:
    """The sheet's rows: periods overlapping start..end, and each operator's advance."""
    rows = []
    dues = sorted(dues, key=lambda d: (d.row.operator, d.starts, d.ends, d.row.agreement, d.position))
    grouped = {code: list(group) for code, group in groupby(dues, key=lambda d: d.row.operator)}
    for code in sorted(grouped.keys() | remitted.keys()):
        group = grouped.get(code, [])
        owed = [d for d in group if d.receivable]
        parts, advance = allocate_oldest_first([d.row.due for d in owed], remitted.get(code, 0))
        paid = {id(d): part for d, part in zip(owed, parts, strict=True)}
        for d in group:
            if d.starts <= end and d.ends >= start:
                received = paid.get(id(d), d.row.due)
                rows.append(replace(d.row, received=received, outstanding=d.row.due - received))
        if advance:
            rows.append(advance_row(code, *operators[code], advance))
    return rows


def advance_row(code: str, name: str, settlement: str, advance: int) -> Contribution:
    return Contribution(code, name, settlement, agreement=None, category=None, period=None, basis=None,
                        basis_amount=None, share=None, minimum=None, due=0, posted=0, received=advance,
                        outstanding=-advance)


def contributions(session: Session, community: Community, start: date, end: date) -> list[Contribution]:
    operators = {code: (name, settlement) for _, code, name, settlement in _operators(session, community)}
    return contribution_rows(period_dues(session, community, end), remitted(session, community, end), operators,
                             start, end)


def _operators(session: Session, community: Community):
    return session.execute(select(Operator.id, Operator.code, Operator.name, Operator.settlement)
                           .where(Operator.community_id == community.id)).all()


def period_dues(session: Session, community: Community, end: date) -> list[PeriodDue]:
    """Every (agreement, settlement period, share) with a basis or postings on or before ``end``."""
    posted = {(a, k, position): int(amount) for a, k, position, amount in session.execute(
        select(SplitLine.agreement_id, SplitLine.period_key, SplitLine.position, func.sum(SplitLine.amount))
        .join(JournalTransaction, JournalTransaction.id == SplitLine.transaction_id)
        .where(SplitLine.community_id == community.id, SplitLine.agreement_id.is_not(None),
               SplitLine.position >= 0, JournalTransaction.occurred_on <= end)
        .group_by(SplitLine.agreement_id, SplitLine.period_key, SplitLine.position))}
    agreements = {a.id: (a, code, name, settlement) for a, code, name, settlement in session.execute(
        select(Agreement, Operator.code, Operator.name, Operator.settlement)
        .join(Operator, Operator.id == Agreement.operator_id).where(Agreement.community_id == community.id))}
    gross, profit = _gross_bases(session, community, end), _declared_profits(session, community, end)
    keys = {(a, k) for a, k, _ in posted} | {(a, k) for a, k in gross if agreements[a][0].basis != "net_profit"}
    keys |= {(a, k) for a, k in profit if agreements[a][0].basis == "net_profit"}
    return [due for agreement_id, key in sorted(keys)
            for due in _period_dues(session, *agreements[agreement_id], key, posted, gross, profit)]


def _period_dues(session: Session, agreement: Agreement, code: str, name: str, settlement: str, key: str,
                 posted: dict, gross: dict, profit: dict) -> list[PeriodDue]:
    """One due per share of the agreement for the period ``key``."""
    net_profit = agreement.basis == "net_profit"
    basis = (profit if net_profit else gross).get((agreement.id, key), 0)
    terms = terms_of(session, agreement)
    starts, ends = period_bounds(key)
    dues = []
    for position, share in enumerate(terms.shares):
        due = share_due(terms, share, basis)
        row = Contribution(code, name, settlement, agreement.id, agreement.category, key, agreement.basis, basis,
                           _share_rate(share), agreement.minimum, due=due,
                           posted=posted.get((agreement.id, key, position), 0), received=0, outstanding=due)
        dues.append(PeriodDue(row, net_profit or settlement == "operator_collects", starts, ends, position))
    return dues


def _share_rate(share) -> ShareRate:
    return ShareRate(share.to, share.percent, tuple((tier.up_to, tier.percent) for tier in share.tiers))


def _gross_bases(session: Session, community: Community, end: date) -> dict[tuple[int, str], int]:
    """Gross income per (agreement, period) dated on or before ``end``, less incomes
    reversed on or before it."""
    posted = _income_sums(session, community, end, JournalTransaction.id == Income.transaction_id)
    reversed_ = _income_sums(session, community, end, _Reversal.reverses_id == Income.transaction_id, reversal=True)
    return {key: amount - reversed_.get(key, 0) for key, amount in posted.items()}


def _income_sums(session: Session, community: Community, end: date, on, *, reversal: bool = False) -> dict:
    query = (select(Income.agreement_id, Income.period_key, func.sum(Income.amount))
             .join(JournalTransaction, JournalTransaction.id == Income.transaction_id)
             .where(Income.community_id == community.id, Income.agreement_id.is_not(None),
                    JournalTransaction.occurred_on <= end))
    if reversal:
        query = query.join(_Reversal, on).where(_Reversal.occurred_on <= end)
    return {(a, k): int(s) for a, k, s in session.execute(query.group_by(Income.agreement_id, Income.period_key))}


def _declared_profits(session: Session, community: Community, end: date) -> dict[tuple[int, str], int]:
    """The latest declared profit per (agreement, period) on or before ``end``."""
    latest: dict[tuple[int, str], int] = {}
    for agreement_id, key, profit in session.execute(
            select(Declaration.agreement_id, Declaration.period_key, Declaration.profit)
            .join(JournalTransaction, JournalTransaction.id == Declaration.transaction_id)
            .where(Declaration.community_id == community.id, JournalTransaction.occurred_on <= end)
            .order_by(Declaration.id)):
        latest[(agreement_id, key)] = profit
    return latest


def remitted(session: Session, community: Community, end: date) -> dict[str, int]:
    """Per operator code: remittances dated on or before ``end``, less those reversed by then."""
    def sums(*extra) -> dict[str, int]:
        query = (select(Operator.code, func.sum(Remittance.amount))
                 .join(Operator, Operator.id == Remittance.operator_id)
                 .join(JournalTransaction, JournalTransaction.id == Remittance.transaction_id)
                 .where(Remittance.community_id == community.id, JournalTransaction.occurred_on <= end))
        for clause in extra:
            query = clause(query)
        return {code: int(total) for code, total in session.execute(query.group_by(Operator.code))}

    paid = sums()
    undone = sums(lambda q: q.join(_Reversal, _Reversal.reverses_id == Remittance.transaction_id)
                  .where(_Reversal.occurred_on <= end))
    return {code: amount - undone.get(code, 0) for code, amount in paid.items() if amount - undone.get(code, 0)}
