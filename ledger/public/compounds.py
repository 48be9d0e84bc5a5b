"""Compounds (小区) on the public pages: the trust-property monthly statement (收支公示)
of ``ledger/trust/statement.py``, the same figures as the statement API and the
disclosure workbook, payees masked there already."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import ValidationFailed
from ledger.core.periods import month_start, next_month, previous_month
from ledger.core.trust import Statement
from ledger.trust.models import Compound
from ledger.trust.statement import statement

FIRST_MONTH = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class CompoundSummary:
    code: str
    name: str
    fund: str  # the trust fund's code


@dataclass(frozen=True, slots=True)
class CompoundPage:
    code: str
    name: str
    statement: Statement
    previous: date | None  # months with a page, for links
    next: date | None


def compound_summaries(session: Session, community: Community) -> tuple[CompoundSummary, ...]:
    """Every compound; its trust fund has the compound's code (ledger/trust/services.py)."""
    return tuple(CompoundSummary(code, name, code) for code, name in session.execute(
        select(Compound.code, Compound.name).where(Compound.community_id == community.id).order_by(Compound.code)))


def statement_month(month: date | None, today: date) -> date:
    """The month asked for (default: this month), from January 2000 to this month."""
    this_month = month_start(today)
    month = this_month if month is None else month
    if not FIRST_MONTH <= month <= this_month:
        raise ValidationFailed.on("month", f"a month from 2000-01 to {this_month:%Y-%m}")
    return month


def compound_page(session: Session, community: Community, compound: Compound, *, month: date | None,
                  today: date) -> CompoundPage:
    month = statement_month(month, today)
    shown = statement(session, community, compound, month)
    later = next_month(month)
    return CompoundPage(compound.code, compound.name, shown,
                        previous_month(month) if month > FIRST_MONTH else None,
                        later if later <= month_start(today) else None)
