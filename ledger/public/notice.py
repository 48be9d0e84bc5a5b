"""The monthly notice (财务公示) for the notice board: one printed A4 page for the
public-benefit fund and one for each compound's trust-property statement.

The fund's figures are those of ``ledger/funds/figures.py`` (the API's, the home page's
and the workbook's); a compound's are its monthly statement (``ledger/trust/statement.py``).
Each page carries the chain head after the month's last entry, who closed the month and
when (or that it is not closed yet), and a QR code to the month's online page. Nothing
private: payees are masked, no reason or note of an entry is read.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timezone

import segno
from markupsafe import Markup
from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.chart import PUBLIC_BENEFIT_FUND_CODE
from ledger.core.masking import mask_person
from ledger.core.periods import month_end, month_start, previous_month
from ledger.core.trust import Statement
from ledger.disbursements.queries import paid
from ledger.funds.figures import FundFigures, fund_figures
from ledger.journal.models import ClosedPeriod, JournalTransaction
from ledger.public.compounds import statement_month
from ledger.timeutil import local_zone
from ledger.trust.models import Compound
from ledger.trust.statement import statement

HASH_SHOWN = 16  # hex digits of the chain head printed
PAYEES_SHOWN = 3  # masked payees printed per project; more are counted


@dataclass(frozen=True, slots=True)
class Closing:
    closed_on: date  # local date
    closed_by: str


@dataclass(frozen=True, slots=True)
class ChainMark:
    seq: int
    hash: str  # the first HASH_SHOWN hex digits


@dataclass(frozen=True, slots=True)
class ProjectLine:
    label: str  # "name (code)", or the expense item
    amount: int
    payees: tuple[str, ...]  # masked, at most PAYEES_SHOWN
    more_payees: int


@dataclass(frozen=True, slots=True)
class CompoundSheet:
    code: str
    name: str
    statement: Statement


@dataclass(frozen=True, slots=True)
class Notice:
    community: Community
    month: date
    printed_on: date
    fund: FundFigures | None  # None when only a compound's page is asked for
    projects: tuple[ProjectLine, ...]
    compounds: tuple[CompoundSheet, ...]
    closing: Closing | None  # None: the month is not closed, its figures may change
    chain: ChainMark | None  # None: no entry is dated in the month


def notice_month(month: date | None, today: date) -> date:
    """The month asked for (default: last month), from 2000-01 to this month."""
    return statement_month(month if month is not None else previous_month(month_start(today)), today)


def notice(session: Session, community: Community, *, month: date | None, today: date,
           compound: Compound | None = None) -> Notice:
    month = notice_month(month, today)
    end = month_end(month)
    fund, projects = None, ()
    if compound is None:
        fund = next(f for f in fund_figures(session, community, month, end) if f.fund.code == PUBLIC_BENEFIT_FUND_CODE)
        projects = project_lines(session, community, fund, month, end)
    chosen = [compound] if compound is not None else list(session.execute(
        select(Compound).where(Compound.community_id == community.id).order_by(Compound.code)).scalars())
    sheets = tuple(CompoundSheet(c.code, c.name, statement(session, community, c, month)) for c in chosen)
    return Notice(community, month, today, fund, projects, sheets, closing_of(session, community, month),
                  chain_mark(session, community, month))


def project_lines(session: Session, community: Community, figures: FundFigures, start: date,
                  end: date) -> tuple[ProjectLine, ...]:
    """The fund's outflows by project, each with its payees masked (张*, 138****8888)."""
    payees: dict[tuple[str | None, str | None], list[str]] = {}
    for view in paid(session, community, fund=figures.fund, start=start, end=end):
        key = (view.project, None if view.project else view.disbursement.item)
        masked = mask_person(view.disbursement.payee)
        if masked not in payees.setdefault(key, []):
            payees[key].append(masked)
    lines = []
    for line in figures.outflows:
        found = payees.get((line.project, None if line.project else line.item), [])
        label = f"{line.name} ({line.project})" if line.project else (line.item or "—")
        lines.append(ProjectLine(label, line.amount, tuple(found[:PAYEES_SHOWN]), max(0, len(found) - PAYEES_SHOWN)))
    return tuple(lines)


def closing_of(session: Session, community: Community, month: date) -> Closing | None:
    row = session.execute(select(ClosedPeriod.closed_at, ClosedPeriod.closed_by).where(
        ClosedPeriod.community_id == community.id, ClosedPeriod.month == month)).one_or_none()
    if row is None:
        return None
    closed_at, closed_by = row
    if closed_at.tzinfo is None:  # SQLite gives back the UTC time without its zone
        closed_at = closed_at.replace(tzinfo=timezone.utc)
    return Closing(closed_at.astimezone(local_zone()).date(), closed_by)


def chain_mark(session: Session, community: Community, month: date) -> ChainMark | None:
    """The chain head after the last entry dated in the month (highest seq)."""
    row = session.execute(
        select(JournalTransaction.seq, JournalTransaction.hash)
        .where(JournalTransaction.community_id == community.id,
               JournalTransaction.occurred_on.between(month, month_end(month)))
        .order_by(JournalTransaction.seq.desc()).limit(1)).one_or_none()
    return None if row is None else ChainMark(row[0], row[1][:HASH_SHOWN])


def qr_svg(url: str) -> Markup:
    """The URL as a QR code, an inline SVG drawn here (no script, no image request)."""
    svg = segno.make(url, error="m").svg_inline(scale=1, border=4, omitsize=True, title=url)
    return Markup(svg)
