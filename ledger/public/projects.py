"""Projects on the public pages: what each was for, its budget, what it has spent and
every payment, the payee masked (张*, 138****8888), with the voucher fingerprints.

Reads only disbursements: paid ones of one fund by payment date (index on fund and
state), or of one project (index on project and state). Nothing from the journal but
the seq of each payment's transaction, by primary key.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.approval import PAID
from ledger.core.masking import mask_person, mask_phones
from ledger.core.periods import month_start
from ledger.disbursements.models import Disbursement
from ledger.disbursements.queries import paid
from ledger.funds.models import Fund
from ledger.projects.models import Project


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    code: str
    name: str
    fund: str  # the fund's code
    fund_name: str
    budget: int
    spent: int  # paid up to the day counted
    spent_in_year: int  # paid in the year shown


@dataclass(frozen=True, slots=True)
class Payment:
    paid_on: date
    amount: int
    payee: str  # masked
    purpose: str  # phone numbers masked
    seq: int | None  # the journal transaction of the payment
    vouchers: tuple[str, ...]  # sha256 of each voucher file


@dataclass(frozen=True, slots=True)
class ProjectPage:
    code: str
    name: str
    purpose: str
    fund: str
    fund_name: str
    budget: int
    payments: tuple[Payment, ...]

    @property
    def spent(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def left(self) -> int:
        return self.budget - self.spent


def project_outflows(session: Session, fund: Fund, start: date, end: date) -> dict[date, dict[int, int]]:
    """Paid to each project of a fund per month of start..end: month -> project id -> fen."""
    found: dict[date, dict[int, int]] = defaultdict(dict)
    for day, project_id, amount in session.execute(
            select(Disbursement.paid_on, Disbursement.project_id, func.sum(Disbursement.amount))
            .where(Disbursement.fund_id == fund.id, Disbursement.state == PAID,
                   Disbursement.paid_on.between(start, end), Disbursement.project_id.is_not(None))
            .group_by(Disbursement.paid_on, Disbursement.project_id)):
        month = found[month_start(day)]
        month[project_id] = month.get(project_id, 0) + int(amount)
    return dict(found)


def project_summaries(session: Session, community: Community, start: date, end: date) -> tuple[ProjectSummary, ...]:
    """Every project of the community, its budget and what it paid up to ``end`` and in start..end."""
    counted = and_(Disbursement.state == PAID, Disbursement.paid_on <= end)
    spent = func.coalesce(func.sum(case((counted, Disbursement.amount), else_=0)), 0)
    in_year = func.coalesce(func.sum(case((and_(counted, Disbursement.paid_on >= start), Disbursement.amount),
                                          else_=0)), 0)
    rows = session.execute(
        select(Project.code, Project.name, Fund.code, Fund.name, Project.budget, spent, in_year)
        .join(Fund, Fund.id == Project.fund_id)
        .outerjoin(Disbursement, Disbursement.project_id == Project.id)
        .where(Project.community_id == community.id)
        .group_by(Project.id, Project.code, Project.name, Fund.code, Fund.name, Project.budget)
        .order_by(Project.code))
    return tuple(ProjectSummary(code, name, fund, fund_name, budget, int(s), int(y))
                 for code, name, fund, fund_name, budget, s, y in rows)


def project_page(session: Session, community: Community, project: Project) -> ProjectPage:
    fund = session.get(Fund, project.fund_id)
    payments = tuple(Payment(v.disbursement.paid_on, v.disbursement.amount, mask_person(v.disbursement.payee),
                             mask_phones(v.disbursement.purpose), v.transaction_seq,
                             tuple(voucher.sha256 for voucher in v.vouchers))
                     for v in paid(session, community, project=project))
    return ProjectPage(project.code, project.name, mask_phones(project.purpose), fund.code, fund.name,
                       project.budget, payments)
