"""An operator's public page: gross income and shares by month, and its agreements."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from ledger.agreements.models import Agreement
from ledger.agreements.services import terms_of
from ledger.communities.models import Community
from ledger.core.periods import months_between
from ledger.funds.models import Fund
from ledger.journal.models import Account
from ledger.operators.models import Operator
from ledger.public import rollup
from ledger.public.services import year_range


@dataclass(frozen=True, slots=True)
class Target:
    """Where shares go: a fund (named as the fund) or a plain account."""
    account_id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: date | None  # None for the year's total
    gross: int
    shares: tuple[int, ...]  # net fen per target, in the order of the targets

    @property
    def shared(self) -> int:
        return sum(self.shares)


@dataclass(frozen=True, slots=True)
class Rate:
    target: str
    percent: Decimal | None  # a flat share ...
    tiers: tuple[tuple[int | None, Decimal], ...]  # ... or marginal brackets (up to fen, percent)


@dataclass(frozen=True, slots=True)
class AgreementView:
    category: str | None
    basis: str
    period: str
    effective_from: date
    effective_to: date | None
    rates: tuple[Rate, ...]
    minimum: int | None
    remainder_to: str
    in_force: bool


@dataclass(frozen=True, slots=True)
class OperatorPage:
    code: str
    name: str
    kind: str
    settlement: str
    year: int
    as_of: date
    targets: tuple[Target, ...]
    months: tuple[MonthRow, ...]
    total: MonthRow
    agreements: tuple[AgreementView, ...]


def operator_page(session: Session, community: Community, operator: Operator, *, year: int | None,
                  today: date) -> OperatorPage:
    year, start, end = year_range(year, today)
    figures = rollup.months(session, community, start, end, operator_id=operator.id)
    agreements = _agreements(session, operator)
    names = _names(session, community)
    targets = _targets(names, agreements, figures)
    rows = tuple(_row(month, figures.get(month), targets, operator) for month in months_between(start, end))
    total = MonthRow(None, sum(r.gross for r in rows),
                     tuple(sum(r.shares[i] for r in rows) for i in range(len(targets))))
    views = tuple(_agreement_view(session, a, names, today) for a in agreements)
    return OperatorPage(operator.code, operator.name, operator.kind, operator.settlement, year, end,
                        targets, rows, total, views)


def _agreements(session: Session, operator: Operator) -> list[Agreement]:
    return list(session.execute(select(Agreement).where(Agreement.operator_id == operator.id)
                                .order_by(Agreement.effective_from.desc(), Agreement.id.desc())).scalars())


def _names(session: Session, community: Community) -> dict[str, tuple[int, str, str]]:
    """Account code -> (account id, public code, public name): a fund's account shows as the fund."""
    funds = {account_id: (code, name) for account_id, code, name in session.execute(
        select(Fund.account_id, Fund.code, Fund.name).where(Fund.community_id == community.id))}
    names = {}
    for account_id, code, name in session.execute(
            select(Account.id, Account.code, Account.name).where(Account.community_id == community.id)):
        names[code] = (account_id, *funds.get(account_id, (code, name)))
    return names


def _targets(names: dict[str, tuple[int, str, str]], agreements: list[Agreement],
             figures: dict[date, rollup.Month]) -> tuple[Target, ...]:
    """The share targets of the agreements (in share order), then any other account shares reached."""
    by_id = {account_id: (code, name) for account_id, code, name in names.values()}
    ordered: list[int] = []
    for agreement in sorted(agreements, key=lambda a: (a.effective_from, a.id)):
        for share in agreement.shares:
            account_id = names[share["account"]][0]
            if account_id not in ordered:
                ordered.append(account_id)
    for month in sorted(figures):
        for (_, account_id) in figures[month].shares:
            if account_id not in ordered:
                ordered.append(account_id)
    return tuple(Target(account_id, *by_id[account_id]) for account_id in ordered)


def _row(month: date, figures: rollup.Month | None, targets: tuple[Target, ...], operator: Operator) -> MonthRow:
    figures = figures or rollup.Month()
    shares = tuple(c - d for c, d in (figures.shares.get((operator.id, t.account_id), (0, 0)) for t in targets))
    return MonthRow(month, figures.gross.get(operator.id, 0), shares)


def _agreement_view(session: Session, agreement: Agreement, names: dict[str, tuple[int, str, str]],
                    today: date) -> AgreementView:
    terms = terms_of(session, agreement)
    rates = tuple(Rate(names[stored["account"]][2], share.percent,
                       tuple((tier.up_to, tier.percent) for tier in share.tiers))
                  for stored, share in zip(agreement.shares, terms.shares))
    remainder = next((name for account_id, _, name in names.values()
                      if account_id == agreement.remainder_account_id), "")
    in_force = agreement.effective_from <= today and (agreement.effective_to is None or agreement.effective_to >= today)
    return AgreementView(agreement.category, agreement.basis, agreement.period, agreement.effective_from,
                         agreement.effective_to, rates, agreement.minimum, remainder, in_force)
