"""Compounds under trust-based property management (信托制物业) and their accounts.

A compound ``k`` (小区) gets, when it is created:

==========================  ==============================  =========  ===================================
code                        name                            type       what it holds
==========================  ==============================  =========  ===================================
``231``                     信托共有资金                    liability  parent of every compound's trust fund
``231.k``                   信托共有资金-<name>             liability  the owners' money: the trust fund ``k``
``211.k``                   应付款-<name>物业               liability  owed to the property company
``211.k.remuneration``      应付物业酬金-<name>             liability  its remuneration (酬金), as charged
``501.k`` / ``112.k``       经营收入 / 应收款-<name>物业    (operator) the operator's own accounts
==========================  ==============================  =========  ===================================

``231`` sits among the liabilities (2xx) because the money is the owners', held in
trust: the community's books owe it to them, as they owe the remuneration to the
property company under ``211``. Both are credit-side accounts, so a trust fund's
balance reads like any other fund's.

Incomes of the compound are ordinary incomes of the operator ``k`` (kind
``property_management``) whose ``category`` is the income item (物业费, 停车, 广告, 场地,
其他). A standing agreement sends 100 % of every category to the trust fund; a
percentage remuneration is an ordinary agreement on the category 物业费 that sends the
percentage to ``211.k.remuneration`` and the remainder to the trust fund; any other
agreed share of a category is another ordinary agreement. A fixed remuneration is
posted once a month as Dr ``231.k`` / Cr ``211.k.remuneration``. Expenses and a surplus
refund (结余返还) are disbursements from the trust fund, with an expense item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.agreements.models import Agreement
from ledger.agreements.services import create_agreement
from ledger.communities.models import Community
from ledger.core.chart import LIABILITY, PAYABLE, TRUST_FUNDS
from ledger.core.errors import AlreadyExists, AlreadyPosted, NotFound, Overdraft, ValidationFailed
from ledger.core.journal import Entry, Line
from ledger.core.money import format_fen, format_percent
from ledger.core.periods import format_month, month_end
from ledger.core.trust import PROPERTY_FEE
from ledger.disbursements.services import committed_of_fund
from ledger.funds.models import Fund
from ledger.funds.services import check_fund_code, create_fund, lock_fund, lowest_balance_from
from ledger.journal.accounts import create_account, find_account_or_none
from ledger.journal.models import Account, JournalTransaction
from ledger.journal.services import ensure_open, post_entry
from ledger.operators.models import Operator
from ledger.operators.services import create_operator, find_operator_or_none
from ledger.trust.models import Compound, FixedRemuneration

_Reversal = aliased(JournalTransaction)
TRUST_FUNDS_NAME = "信托共有资金"
_CODE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


@dataclass(frozen=True, slots=True)
class CompoundView:
    compound: Compound
    fund: Fund
    operator: Operator
    trust_account: str
    remuneration_account: str
    agreements: tuple[Agreement, ...] = ()


def create_compound(session: Session, community: Community, body: dict, *, created_by: str) -> CompoundView:
    """A compound with its operator, trust fund, remuneration account and agreements."""
    code, name = body["code"], body["name"].strip()
    _check_new(session, community, code)
    operator = create_operator(session, community, code, f"{name}物业", "property_management", "community_collects",
                               created_by=created_by)
    trust = create_account(session, community, f"{TRUST_FUNDS}.{code}", f"{TRUST_FUNDS_NAME}-{name}", LIABILITY,
                           parent=_trust_parent(session, community, created_by), created_by=created_by)
    fund = create_fund(session, community, code, f"{name}共有资金", kind="trust", account=trust, created_by=created_by)
    remuneration = create_account(session, community, f"{PAYABLE}.{code}.remuneration", f"应付物业酬金-{name}",
                                  LIABILITY, parent=f"{PAYABLE}.{code}", created_by=created_by)
    compound = Compound(community_id=community.id, code=code, name=name, operator_id=operator.id, fund_id=fund.id,
                        remuneration_account_id=remuneration.id, created_by=created_by)
    session.add(compound)
    session.flush()
    agreements = _standing_agreements(session, community, compound, body, created_by)
    return CompoundView(compound, fund, operator, trust.code, remuneration.code, agreements)


def _check_new(session: Session, community: Community, code: str) -> None:
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise ValidationFailed.on("code", "1-32 lowercase letters, digits, '_' or '-', starting with a letter")
    if find_compound_or_none(session, community, code) is not None:
        raise AlreadyExists(f"compound {code!r} already exists", {"code": ["already exists"]})
    if find_operator_or_none(session, community, code) is not None:
        raise AlreadyExists(f"an operator {code!r} already exists", {"code": ["already used by an operator"]})
    check_fund_code(session, community, code)


def _trust_parent(session: Session, community: Community, created_by: str) -> str:
    """The first-level trust-funds account, added to the chart with the first compound."""
    if find_account_or_none(session, community, TRUST_FUNDS) is None:
        create_account(session, community, TRUST_FUNDS, TRUST_FUNDS_NAME, LIABILITY, created_by=created_by)
    return TRUST_FUNDS


def _standing_agreements(session: Session, community: Community, compound: Compound, body: dict,
                         created_by: str) -> tuple[Agreement, ...]:
    """Everything to the trust fund; with a percentage, that share of 物业费 to the remuneration."""
    start = body["effective_from"]
    base = {"operator": compound.code, "effective_from": start, "remainder_to": compound.code,
            "note": "信托制物业: 收入归全体业主共有资金"}
    made = [create_agreement(session, community, {**base, "shares": [{"to": compound.code, "percent": "100"}]},
                             created_by=created_by)]
    if body.get("remuneration_percent") is not None:
        percent = format_percent(body["remuneration_percent"])  # parsed by the API edge, text again here
        remuneration = f"{PAYABLE}.{compound.code}.remuneration"
        made.append(create_agreement(session, community, {
            **base, "category": PROPERTY_FEE, "shares": [{"to": remuneration, "percent": percent}],
            "note": f"物业酬金 {percent}% of 物业费"}, created_by=created_by))
    return tuple(made)


def find_compound_or_none(session: Session, community: Community, code: str) -> Compound | None:
    return session.execute(select(Compound).where(Compound.community_id == community.id, Compound.code == code)
                           ).scalar_one_or_none()


def get_compound(session: Session, community: Community, code: str) -> Compound:
    compound = find_compound_or_none(session, community, code)
    if compound is None:
        raise NotFound(f"no compound {code!r}")
    return compound


def view(session: Session, compound: Compound) -> CompoundView:
    fund = session.get(Fund, compound.fund_id)
    agreements = session.execute(select(Agreement).where(Agreement.operator_id == compound.operator_id)
                                 .order_by(Agreement.id)).scalars()
    return CompoundView(compound, fund, session.get(Operator, compound.operator_id),
                        session.get(Account, fund.account_id).code,
                        session.get(Account, compound.remuneration_account_id).code, tuple(agreements))


def list_compounds(session: Session, community: Community) -> list[CompoundView]:
    return [view(session, c) for c in session.execute(
        select(Compound).where(Compound.community_id == community.id).order_by(Compound.code)).scalars()]


def post_fixed_remuneration(session: Session, community: Community, code: str, month: date, amount: int, *,
                            today: date, occurred_on: date | None, created_by: str) -> tuple[FixedRemuneration, int]:
    """Charge a month's fixed remuneration to the trust fund, once: Dr 231.k / Cr 211.k.remuneration."""
    compound = get_compound(session, community, code)
    day = _remuneration_day(month, today, occurred_on)
    ensure_open(session, community, day)
    fund = session.get(Fund, compound.fund_id)
    lock_fund(session, fund)  # one remuneration (and one payment) of this fund at a time
    if (seq := standing_remuneration(session, compound, month)) is not None:
        raise AlreadyPosted(f"the fixed remuneration of {format_month(month)} was already posted (#{seq})",
                            {"month": ["already posted"]})
    available = lowest_balance_from(session, community, fund, day) - committed_of_fund(session, fund)
    if amount > available:
        raise Overdraft(f"the trust fund has {format_fen(max(available, 0))} available, less than "
                        f"{format_fen(amount)}", {"amount": ["more than the trust fund has available"]})
    view_ = view(session, compound)
    entry = Entry(day, f"{compound.name} 物业酬金 {format_month(month)}（固定）", "transfer",
                  (Line(view_.trust_account, amount), Line(view_.remuneration_account, -amount)))
    posted = post_entry(session, community, entry, created_by=created_by, agreed_charge=True)
    row = FixedRemuneration(community_id=community.id, compound_id=compound.id, month=month, amount=amount,
                            transaction_id=posted.id, created_by=created_by)
    session.add(row)
    session.flush()
    return row, posted.seq


def _remuneration_day(month: date, today: date, occurred_on: date | None) -> date:
    if month > today:
        raise ValidationFailed.on("month", "the month has not begun")
    if occurred_on is None:
        return min(month_end(month), today)
    if not month <= occurred_on <= month_end(month):
        raise ValidationFailed.on("occurred_on", f"must lie in {format_month(month)}")
    return occurred_on


def standing_remuneration(session: Session, compound: Compound, month: date) -> int | None:
    """The seq of the month's fixed remuneration that has not been reversed, if any."""
    reversal = select(_Reversal.id).where(_Reversal.reverses_id == FixedRemuneration.transaction_id)
    return session.execute(
        select(JournalTransaction.seq).join(FixedRemuneration, FixedRemuneration.transaction_id == JournalTransaction.id)
        .where(FixedRemuneration.compound_id == compound.id, FixedRemuneration.month == month,
               ~reversal.exists())).scalars().first()
