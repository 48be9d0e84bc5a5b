"""Projects: creating them, their figures (committed, spent, remaining) and budget changes.

Committed is what has been approved and not yet paid; spent is what has been paid;
remaining is budget - committed - spent. A budget may be raised or cut, never below
what has been spent; every change records who made it and why.

A budget above ``BUDGET_WITHOUT_DECISION`` is set (on creation or by a change) only
when a council decision approved at least that budget for the project's code
(``require_decision``: every path that sets a budget comes through here).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.approval import APPROVED, PAID
from ledger.core.errors import AlreadyExists, BudgetBelowSpent, DecisionRequired, NotFound, ValidationFailed
from ledger.core.money import format_fen
from ledger.decisions.budgets import approved_budget, budget_threshold
from ledger.disbursements.models import Disbursement
from ledger.funds.models import Fund
from ledger.funds.services import find_fund
from ledger.projects.models import BudgetChange, Project

_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_committed = func.coalesce(func.sum(case((Disbursement.state == APPROVED, Disbursement.amount), else_=0)), 0)
_spent = func.coalesce(func.sum(case((Disbursement.state == PAID, Disbursement.amount), else_=0)), 0)


def create_project(session: Session, community: Community, body: dict, *, created_by: str) -> Project:
    code = body["code"]
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise ValidationFailed.on("code", "1-32 lowercase letters, digits, '_' or '-'")
    fund = find_fund(session, community, body["fund"])
    if find_project_or_none(session, community, code) is not None:
        raise AlreadyExists(f"project {code!r} already exists", {"code": ["already exists"]})
    require_decision(session, community, code, body["budget"])
    project = Project(community_id=community.id, code=code, name=body["name"], purpose=body.get("purpose") or "",
                      fund_id=fund.id, budget=body["budget"], created_by=created_by)
    session.add(project)
    session.flush()
    return project


def require_decision(session: Session, community: Community, code: str, budget: int) -> None:
    """A budget above the threshold needs a council decision approving at least that much."""
    threshold = budget_threshold()
    if budget <= threshold:
        return
    approved = approved_budget(session, community, code)
    if approved is None or approved < budget:
        found = "none" if approved is None else format_fen(approved)
        raise DecisionRequired(
            f"a budget above {format_fen(threshold)} needs a council decision approving at least "
            f"{format_fen(budget)} for project {code!r} (approved so far: {found})",
            {"budget": [f"above {format_fen(threshold)}: record the council decision first"]})


def find_project_or_none(session: Session, community: Community, code: str) -> Project | None:
    return session.execute(select(Project).where(Project.community_id == community.id, Project.code == code)
                           ).scalar_one_or_none()


def find_project(session: Session, community: Community, code: str, *, field: str = "project") -> Project:
    """The project named in a request body: unknown is 422."""
    project = find_project_or_none(session, community, code)
    if project is None:
        raise ValidationFailed.on(field, f"no project {code!r}")
    return project


def get_project(session: Session, community: Community, code: str) -> Project:
    """The project named in a URL: unknown is 404."""
    project = find_project_or_none(session, community, code)
    if project is None:
        raise NotFound(f"no project {code!r}")
    return project


def lock_project(session: Session, project: Project) -> Project:
    """Lock the project row and read its budget afresh (fund lock first, then this)."""
    return session.execute(select(Project).where(Project.id == project.id).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one()


@dataclass(frozen=True, slots=True)
class ProjectFigures:
    project: Project
    fund: str
    committed: int
    spent: int

    @property
    def budget(self) -> int:
        return self.project.budget

    @property
    def remaining(self) -> int:
        return self.project.budget - self.committed - self.spent


def project_figures(session: Session, community: Community, code: str | None = None) -> list[ProjectFigures]:
    """Budget, committed, spent and remaining of every project (or of one)."""
    query = (select(Project, Fund.code, _committed, _spent)
             .join(Fund, Fund.id == Project.fund_id)
             .outerjoin(Disbursement, Disbursement.project_id == Project.id)
             .where(Project.community_id == community.id)
             .group_by(Project.id, Fund.code).order_by(Project.code))
    if code is not None:
        query = query.where(Project.code == code)
    return [ProjectFigures(p, fund, int(committed), int(spent)) for p, fund, committed, spent in session.execute(query)]


def spending(session: Session, project: Project, *, excluding: int | None = None) -> tuple[int, int]:
    """(committed, spent) of a project, leaving out one disbursement."""
    query = select(_committed, _spent).where(Disbursement.project_id == project.id)
    if excluding is not None:
        query = query.where(Disbursement.id != excluding)
    committed, spent = session.execute(query).one()
    return int(committed), int(spent)


def change_budget(session: Session, community: Community, code: str, budget: int, reason: str, *,
                  changed_by: str) -> BudgetChange:
    """Raise or cut a project's budget, recording who and why; never below what is spent."""
    project = lock_project(session, get_project(session, community, code))
    _committed_now, spent = spending(session, project)
    if budget < spent:
        raise BudgetBelowSpent(f"the budget cannot be less than the {format_fen(spent)} already spent",
                               {"budget": [f"at least {format_fen(spent)}"]})
    require_decision(session, community, project.code, budget)
    change = BudgetChange(community_id=community.id, project_id=project.id, budget_before=project.budget,
                          budget_after=budget, reason=reason, changed_by=changed_by)
    project.budget = budget
    session.add_all([project, change])
    session.flush()
    return change


def budget_changes(session: Session, project: Project) -> list[BudgetChange]:
    return list(session.execute(select(BudgetChange).where(BudgetChange.project_id == project.id)
                                .order_by(BudgetChange.id)).scalars())
