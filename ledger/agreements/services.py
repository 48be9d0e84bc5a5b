"""Agreements: creating versions, finding the one in force, and their split terms."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import bindparam, exists, or_, select
from sqlmodel import Session

from ledger.agreements.models import Agreement
from ledger.communities.models import Community
from ledger.core.errors import Overlap, ValidationFailed
from ledger.core.money import format_fen
from ledger.core.periods import period_bounds, period_key
from ledger.core.splits import Terms, declaration_due, parse_terms
from ledger.core.splits import simulate as split_simulate
from ledger.funds.services import resolve_targets
from ledger.incomes.models import Declaration, Income
from ledger.journal.models import Account
from ledger.operators.models import Operator
from ledger.operators.services import find_operator
from ledger.timeutil import utcnow


def create_agreement(session: Session, community: Community, body: dict, *, created_by: str) -> Agreement:
    """Validate and store a new agreement; a later version ends the open one it follows."""
    operator = find_operator(session, community, body["operator"])
    terms = parse_terms({k: body[k] for k in ("basis", "period", "shares", "minimum") if body.get(k) is not None})
    shares = _resolve_shares(session, community, body["shares"])
    remainder = _remainder_account(session, community, operator, body.get("remainder_to"))
    start, end = body["effective_from"], body.get("effective_to")
    if end is not None and end < start:
        raise ValidationFailed.on("effective_to", "must not be before effective_from")
    _lock(session, operator)
    session.info.pop(_CANDIDATES, None)
    for other in _same_line(session, operator, body.get("category")):
        _make_room(session, other, start, end, created_by)
    agreement = Agreement(community_id=community.id, operator_id=operator.id, category=body.get("category"),
                          basis=terms.basis, period=terms.period, effective_from=start, effective_to=end,
                          shares=shares, remainder_account_id=remainder.id, minimum=terms.minimum,
                          note=body.get("note") or "", created_by=created_by)
    session.add(agreement)
    session.flush()
    return agreement


def _resolve_shares(session: Session, community: Community, raw: list[dict]) -> list[dict]:
    """The shares as given, each with the account code its target resolves to."""
    targets = resolve_targets(session, community, {share["to"] for share in raw})
    problems = {f"shares.{i}.to": [f"no fund or account {share['to']!r}"]
                for i, share in enumerate(raw) if share["to"] not in targets}
    if problems:
        raise ValidationFailed("a share names an unknown fund or account", problems)
    return [{**share, "account": targets[share["to"]].code} for share in raw]


def _remainder_account(session: Session, community: Community, operator: Operator,
                       remainder_to: str | None) -> Account:
    if remainder_to is None:
        return session.get(Account, operator.revenue_account_id)
    account = resolve_targets(session, community, {remainder_to}).get(remainder_to)
    if account is None:
        raise ValidationFailed.on("remainder_to", f"no fund or account {remainder_to!r}")
    return account


def _lock(session: Session, operator: Operator) -> None:
    """Agreements of one operator are created one at a time."""
    session.execute(select(Operator.id).where(Operator.id == operator.id).with_for_update())


def _same_line(session: Session, operator: Operator, category: str | None) -> list[Agreement]:
    same_category = Agreement.category.is_(None) if category is None else Agreement.category == category
    return list(session.execute(select(Agreement).where(Agreement.operator_id == operator.id, same_category)
                                .order_by(Agreement.effective_from)).scalars())


def _make_room(session: Session, other: Agreement, start: date, end: date | None, created_by: str) -> None:
    """Leave the new dates free: end an earlier version at the day before, or refuse."""
    overlaps = (other.effective_to is None or other.effective_to >= start) and (end is None or other.effective_from <= end)
    if not overlaps:
        return
    if other.effective_from >= start:
        raise Overlap(f"the dates overlap agreement {other.id} ({other.effective_from} to "
                      f"{other.effective_to or 'open'})", {"effective_from": ["overlaps another agreement"]})
    if applied_since(session, other, start):
        raise Overlap(f"agreement {other.id} has already been applied on or after {start}; "
                      "start the new version later", {"effective_from": ["the earlier version is applied after it"]})
    other.effective_to, other.ended_at, other.ended_by = start - timedelta(days=1), utcnow(), created_by
    session.add(other)
    session.flush()


def applied_since(session: Session, agreement: Agreement, day: date) -> bool:
    """Has the agreement split an income dated on/after ``day``, or a declaration of a
    period that ends on/after it?"""
    incomes = exists().where(Income.agreement_id == agreement.id, Income.occurred_on >= day)
    if session.execute(select(incomes)).scalar():
        return True
    keys = session.execute(select(Declaration.period_key).where(Declaration.agreement_id == agreement.id)).scalars()
    return any(period_bounds(key)[1] >= day for key in keys)


# Every agreement of an operator that may apply to a category: its own or the all-categories one.
_AGREEMENTS_FOR = select(Agreement).where(
    Agreement.operator_id == bindparam("operator_id"),
    or_(Agreement.category.is_(None), Agreement.category == bindparam("category")),
).order_by(Agreement.effective_from)
_CANDIDATES = "ledger.agreement_candidates"


def in_force(session: Session, operator: Operator, category: str | None, day: date) -> Agreement | None:
    """The agreement that splits an income of this category on this day: a category's own
    agreement first, else the operator's all-categories agreement. The candidates are read
    once per session (creating an agreement forgets them)."""
    cache = session.info.setdefault(_CANDIDATES, {})
    if (operator.id, category) not in cache:
        cache[operator.id, category] = session.execute(
            _AGREEMENTS_FOR, {"operator_id": operator.id, "category": category}).scalars().all()
    candidates = [a for a in cache[operator.id, category]
                  if a.effective_from <= day and (a.effective_to is None or a.effective_to >= day)]
    return max(candidates, key=lambda a: a.category is not None, default=None)


def has_any(session: Session, operator: Operator) -> bool:
    return bool(session.execute(select(exists().where(Agreement.operator_id == operator.id))).scalar())


def terms_of(session: Session, agreement: Agreement) -> Terms:
    """The agreement's split terms, parsed once per session."""
    cache = session.info.setdefault("ledger.terms", {})
    if agreement.id not in cache:
        shares = [{k: v for k, v in share.items() if k != "account"} for share in agreement.shares]
        data = {"basis": agreement.basis, "period": agreement.period, "shares": shares}
        if agreement.minimum is not None:
            data["minimum"] = format_fen(agreement.minimum)
        cache[agreement.id] = parse_terms(data)
    return cache[agreement.id]


def share_accounts(agreement: Agreement) -> list[str]:
    """The account code each share posts to, in share order."""
    return [share["account"] for share in agreement.shares]


def list_agreements(session: Session, community: Community, operator: Operator | None = None) -> list[Agreement]:
    query = select(Agreement).where(Agreement.community_id == community.id)
    if operator is not None:
        query = query.where(Agreement.operator_id == operator.id)
    return list(session.execute(query.order_by(Agreement.operator_id, Agreement.effective_from)).scalars())


def simulate(session: Session, community: Community, body: dict, amounts: list[dict], *, today: date) -> dict:
    """What a draft agreement would produce over the given amounts; writes nothing.

    Gross basis: the amounts are incomes, split in order with one accumulator per
    settlement period. Net-profit basis: each amount is one period's profit."""
    if body.get("operator") is not None:  # a draft written as a new agreement names a real operator
        find_operator(session, community, body["operator"], field="agreement.operator")
    terms = parse_terms({k: body[k] for k in ("basis", "period", "shares", "minimum") if body.get(k) is not None})
    targets = [share["to"] for share in _resolve_shares(session, community, body["shares"])]
    dated = [(item["occurred_on"] or today, item["amount"]) for item in amounts]
    if terms.basis == "gross":
        rows = [(r["occurred_on"], r["period"], r["amount"], r["shares"], r["remainder"])
                for r in split_simulate(terms, dated)]
    else:
        rows = [(day, period_key(day, terms.period), profit, due, profit - sum(due))
                for day, profit in dated for due in [declaration_due(terms, profit)]]
    present = [{"occurred_on": day, "period": key, "amount": amount, "remainder": rest,
                "shares": [{"to": to, "amount": a} for to, a in zip(targets, shares)]}
               for day, key, amount, shares, rest in rows]
    totals = {"amount": sum(r[2] for r in rows), "remainder": sum(r[4] for r in rows),
              "shares": [{"to": to, "amount": sum(r[3][i] for r in rows)} for i, to in enumerate(targets)]}
    return {"rows": present, "totals": totals}
