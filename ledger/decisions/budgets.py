"""What ledger/projects/services.py asks before it sets a budget: the threshold above which
a council decision is needed, and the largest budget the decisions approved for a code."""
from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.config import DEFAULTS
from ledger.core.money import parse_amount
from ledger.decisions.models import ApprovedBudget


def budget_threshold() -> int:
    """The budget (fen) up to which an officer alone may set a project's budget."""
    value = current_app.config["LEDGER"]["BUDGET_WITHOUT_DECISION"] if has_app_context() \
        else DEFAULTS["BUDGET_WITHOUT_DECISION"]
    return parse_amount(str(value))


def approved_budget(session: Session, community: Community, code: str) -> int | None:
    """The largest budget any decision approved for project ``code``, or None."""
    return session.execute(select(func.max(ApprovedBudget.budget)).where(
        ApprovedBudget.community_id == community.id, ApprovedBudget.project_code == code)).scalar_one()
