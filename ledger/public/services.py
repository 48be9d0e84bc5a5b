"""The figures of the public pages, computed from the journal, incomes and splits.

Nothing here reads a payer, a note, a reference or who entered what: the dataclasses
below are everything a public page or the public JSON can show.

Fund figures follow the one definition of ``ledger/funds/figures.py``: a share that is
reversed is a negative inflow of its operator, not an outflow; outflows are split into
payments to projects and other outflows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.chart import PUBLIC_BENEFIT_FUND_CODE
from ledger.core.errors import ValidationFailed
from ledger.core.periods import months_between
from ledger.funds.figures import (FundFigures, fund_figures, fund_flows, other_inflow, other_outflow,
                                  shares_of_months)
from ledger.funds.models import Fund
from ledger.journal.chain import head
from ledger.operators.models import Operator
from ledger.operators.services import list_operators
from ledger.projects.models import Project
from ledger.public import rollup
from ledger.public.compounds import CompoundSummary, compound_summaries
from ledger.public.projects import ProjectSummary, project_outflows, project_summaries
from ledger.questions import queries as questions
from ledger.timeutil import utcnow

FIRST_YEAR = 2000


@dataclass(frozen=True, slots=True)
class FundYear:
    code: str
    name: str
    kind: str
    balance: int  # at ``as_of``, on the fund's side (credit)
    inflow: int
    outflow: int


@dataclass(frozen=True, slots=True)
class FundMonth:
    month: date
    inflows: tuple[tuple[str, int], ...]  # (operator code, net share to the fund), every operator
    other_inflow: int
    outflows: tuple[tuple[str, int], ...]  # (project code, paid), every project of the fund
    other_outflow: int

    @property
    def inflow(self) -> int:
        return sum(amount for _, amount in self.inflows) + self.other_inflow

    @property
    def outflow(self) -> int:
        return sum(amount for _, amount in self.outflows) + self.other_outflow


@dataclass(frozen=True, slots=True)
class OperatorYear:
    code: str
    name: str
    kind: str
    gross: int
    to_fund: int  # net shares to the public-benefit fund
    shared: int  # net shares to every fund and account named by its agreements


@dataclass(frozen=True, slots=True)
class ChainHeadView:
    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class Home:
    community: Community
    year: int
    as_of: date
    fund: FundYear
    months: tuple[FundMonth, ...]
    funds: tuple[FundYear, ...]  # every fund, the public-benefit fund first
    operators: tuple[OperatorYear, ...]
    projects: tuple[ProjectSummary, ...]
    compounds: tuple[CompoundSummary, ...]
    chain: ChainHeadView
    questions: questions.Counts  # residents' questions: asked, answered, overdue (now, not in the year)


def year_range(year: int | None, today: date) -> tuple[int, date, date]:
    """The year asked for (default: this year), its first day and the last day counted."""
    year = today.year if year is None else year
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationFailed.on("year", f"a year from {FIRST_YEAR} to {today.year}")
    return year, date(year, 1, 1), min(today, date(year, 12, 31))


def home(session: Session, community: Community, *, year: int | None, today: date) -> Home:
    year, start, end = year_range(year, today)
    operators = list_operators(session, community)
    figures = rollup.months(session, community, start, end)
    funds = _funds(session, community)
    years = tuple(_fund_year(f) for f in _in_fund_order(
        fund_figures(session, community, start, end, shares=shares_of_months(figures)), funds))
    main = funds[0]
    projects = project_summaries(session, community, start, end)
    paid = project_outflows(session, main, start, end)
    moved = rollup.account_months(session, community, main.account_id, start, end)
    months = _fund_months(main, operators, _project_codes(session, main), moved, figures, paid, start, end)
    chain = head(session, community)
    return Home(community, year, end, years[0], months, years,
                tuple(_operator_year(op, main.account_id, figures) for op in operators),
                projects, compound_summaries(session, community), ChainHeadView(chain.seq, chain.hash),
                questions.counts(session, community, questions.Policy.current(), utcnow()))


def _project_codes(session: Session, fund: Fund) -> list[tuple[int, str]]:
    """(id, code) of the fund's projects, by code."""
    return list(session.execute(select(Project.id, Project.code).where(Project.fund_id == fund.id)
                                .order_by(Project.code)).all())


def _funds(session: Session, community: Community) -> list[Fund]:
    rows = session.execute(select(Fund).where(Fund.community_id == community.id).order_by(Fund.id)).scalars()
    return sorted(rows, key=lambda f: (f.code != PUBLIC_BENEFIT_FUND_CODE, f.id))


def _split_totals(figures: dict[date, rollup.Month], month: date, account_id: int) -> tuple[int, int]:
    """Shares credited to and taken back from one account in a month, all operators."""
    credit = debit = 0
    for (_, account), (c, d) in figures.get(month, rollup.Month()).shares.items():
        if account == account_id:
            credit, debit = credit + c, debit + d
    return credit, debit


def _fund_months(fund: Fund, operators: list[Operator], projects: list[tuple[int, str]],
                 moved: dict[date, tuple[int, int]], figures: dict[date, rollup.Month],
                 paid: dict[date, dict[int, int]], start: date, end: date) -> tuple[FundMonth, ...]:
    rows = []
    for month in months_between(start, end):
        debits, credits = moved.get(month, (0, 0))
        flows = fund_flows(debits, credits, _split_totals(figures, month, fund.account_id)[1])
        shares = figures.get(month, rollup.Month()).shares
        inflows = tuple((op.code, _net(shares.get((op.id, fund.account_id)))) for op in operators)
        outflows = tuple((code, paid.get(month, {}).get(project_id, 0)) for project_id, code in projects)
        rows.append(FundMonth(month, inflows, other_inflow(flows, sum(a for _, a in inflows)),
                              outflows, other_outflow(flows, sum(a for _, a in outflows))))
    return tuple(rows)


def _net(pair: list[int] | None) -> int:
    return 0 if pair is None else pair[0] - pair[1]


def _in_fund_order(figures: list[FundFigures], funds: list[Fund]) -> list[FundFigures]:
    by_id = {f.fund.id: f for f in figures}
    return [by_id[fund.id] for fund in funds]


def _fund_year(figures: FundFigures) -> FundYear:
    fund = figures.fund
    return FundYear(fund.code, fund.name, fund.kind, figures.closing, figures.inflow, figures.outflow)


def _operator_year(operator: Operator, fund_account_id: int, figures: dict[date, rollup.Month]) -> OperatorYear:
    gross = to_fund = shared = 0
    for month in figures.values():
        gross += month.gross.get(operator.id, 0)
        for (op, account), pair in month.shares.items():
            if op == operator.id:
                shared += _net(pair)
                to_fund += _net(pair) if account == fund_account_id else 0
    return OperatorYear(operator.code, operator.name, operator.kind, gross, to_fund, shared)
