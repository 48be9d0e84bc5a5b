"""Net-profit declarations (利润申报) and remittances (回款).

A declaration gives an operator's revenue and costs for a settlement period; each share
is due ``max(minimum, round_half_up(f(max(profit, 0))))``. A later declaration for the
same agreement and period is a correction: only the difference from what the period's
earlier declarations posted is posted, so the period always totals what is due now.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlmodel import Session

from ledger.agreements import services as agreements
from ledger.agreements.models import Agreement
from ledger.communities.models import Community
from ledger.core.chart import CHANNEL_ACCOUNTS
from ledger.core.errors import LedgerError, ValidationFailed
from ledger.core.journal import Entry, Line
from ledger.core.periods import ensure_after_period, period_bounds, period_kind
from ledger.core.splits import declaration_due
from ledger.incomes.models import Declaration, Remittance, SplitLine
from ledger.incomes.splitting import Allocation, lock_accumulator, record_split, set_accumulator, split_lines
from ledger.journal.balances import fen_sum
from ledger.journal.models import Account
from ledger.journal.services import post_entry
from ledger.operators.models import Operator
from ledger.operators.services import find_operator


@dataclass(frozen=True, slots=True)
class Declared:
    declaration: Declaration
    operator: Operator
    seq: int
    due: tuple[tuple[str, int], ...]  # per share: (target, fen due for the period)
    posted: Allocation  # what this declaration posted (the difference)
    correction: bool


def declare(session: Session, community: Community, body: dict, *, occurred_on: date, created_by: str) -> Declared:
    operator = find_operator(session, community, body["operator"])
    key = body["period"]
    agreement = _net_profit_agreement(session, operator, key)
    ensure_after_period(occurred_on, key)
    costs = [{"category": c["category"], "amount": c["amount"]} for c in body.get("costs", [])]
    profit = body["revenue"] - sum(c["amount"] for c in costs)
    terms = agreements.terms_of(session, agreement)
    lock_accumulator(session, agreement, key)  # serialises the declarations of one period
    already = _posted_so_far(session, agreement, key, len(terms.shares))
    due = declaration_due(terms, profit)
    targets = [(share["to"], share["account"]) for share in agreement.shares]
    allocation = Allocation(tuple((to, account, d - a) for (to, account), d, a in zip(targets, due, already)),
                            session.get(Account, operator.receivable_account_id).code, 0)
    correction = _has_declaration(session, agreement, key)
    lines = split_lines(allocation.remainder_account, sum(a for _, _, a in allocation.shares), allocation,
                        book_remainder=False)
    description = f"{operator.name} 利润申报 {key}" + (" (更正)" if correction else "")
    posted = post_entry(session, community, Entry(occurred_on, description, "declaration", lines),
                        created_by=created_by)
    set_accumulator(session, agreement, key, profit)
    declaration = Declaration(community_id=community.id, operator_id=operator.id, agreement_id=agreement.id,
                              period_key=key, revenue=body["revenue"], costs=costs, profit=profit,
                              transaction_id=posted.id, created_by=created_by)
    session.add(declaration)
    session.flush()
    record_split(session, community, posted, agreement=agreement, period_key=key, allocation=allocation,
                 declaration_id=declaration.id, book_remainder=False)
    return Declared(declaration, operator, posted.seq, tuple((to, d) for (to, _), d in zip(targets, due)),
                    allocation, correction)


def _net_profit_agreement(session: Session, operator: Operator, key: str) -> Agreement:
    try:
        kind = period_kind(key)
        start, end = period_bounds(key)
    except LedgerError as exc:
        raise ValidationFailed.on("period", exc.message) from None
    candidates = session.execute(select(Agreement).where(
        Agreement.operator_id == operator.id, Agreement.basis == "net_profit", Agreement.period == kind,
        Agreement.effective_from <= end, or_(Agreement.effective_to.is_(None), Agreement.effective_to >= start),
    ).order_by(Agreement.effective_from.desc())).scalars().first()
    if candidates is None:
        raise ValidationFailed.on("period", f"operator {operator.code!r} has no net-profit agreement settled "
                                            f"by {kind} in force during {key}")
    return candidates


def _posted_so_far(session: Session, agreement: Agreement, key: str, count: int) -> list[int]:
    rows = dict(session.execute(select(SplitLine.position, fen_sum(SplitLine.amount)).where(
        SplitLine.agreement_id == agreement.id, SplitLine.period_key == key, SplitLine.declaration_id.is_not(None),
    ).group_by(SplitLine.position)).all())
    return [int(rows.get(i, 0)) for i in range(count)]


def _has_declaration(session: Session, agreement: Agreement, key: str) -> bool:
    return session.execute(select(Declaration.id).where(
        Declaration.agreement_id == agreement.id, Declaration.period_key == key).limit(1)).first() is not None


def remit(session: Session, community: Community, body: dict, *, created_by: str) -> tuple[Remittance, int]:
    """An operator hands over what it owes: Dr cash/bank, Cr the operator's receivable."""
    operator = find_operator(session, community, body["operator"])
    if body["channel"] not in CHANNEL_ACCOUNTS:
        raise ValidationFailed.on("channel", f"one of {', '.join(CHANNEL_ACCOUNTS)}")
    receivable = session.get(Account, operator.receivable_account_id).code
    lines = (Line(CHANNEL_ACCOUNTS[body["channel"]], body["amount"]), Line(receivable, -body["amount"]))
    posted = post_entry(session, community, Entry(body["occurred_on"], f"{operator.name} 回款", "remittance", lines),
                        created_by=created_by)
    remittance = Remittance(community_id=community.id, operator_id=operator.id, occurred_on=body["occurred_on"],
                            amount=body["amount"], channel=body["channel"], reference=body.get("reference"),
                            transaction_id=posted.id, created_by=created_by)
    session.add(remittance)
    session.flush()
    return remittance, posted.seq
