"""Recording council decisions, attaching their minutes, and what they approved.

A decision that approves project budgets must have carried (more votes for than
against), and its votes cannot outnumber those present. Its minutes are a PDF, JPEG or
PNG, checked by content and stored by SHA-256 exactly like a voucher
(ledger/disbursements/vouchers.py); a decision takes one minutes file, once.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import AlreadyExists, NotFound, ValidationFailed
from ledger.core.vouchers import EXTENSIONS, check_voucher, sha256_hex
from ledger.decisions.models import ApprovedBudget, Decision
from ledger.disbursements.vouchers import store_file

_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_MAX_ID = 2**31 - 1


@dataclass(frozen=True, slots=True)
class DecisionView:
    decision: Decision
    projects: tuple[ApprovedBudget, ...]


def create_decision(session: Session, community: Community, body: dict, *, today: date,
                    created_by: str) -> DecisionView:
    _check_decision(body, today)
    decision = Decision(community_id=community.id, decided_on=body["decided_on"], body=body["body"],
                        subject=body["subject"], votes_for=body["votes_for"], votes_against=body["votes_against"],
                        abstentions=body["abstentions"], attendance=body["attendance"], created_by=created_by)
    session.add(decision)
    session.flush()
    approved = tuple(ApprovedBudget(community_id=community.id, decision_id=decision.id, project_code=item["code"],
                                    budget=item["budget"]) for item in body.get("projects") or ())
    session.add_all(approved)
    session.flush()
    return DecisionView(decision, approved)


def _check_decision(body: dict, today: date) -> None:
    if body["decided_on"] > today:
        raise ValidationFailed.on("decided_on", "a decision cannot be dated after today")
    if body["votes_for"] + body["votes_against"] + body["abstentions"] > body["attendance"]:
        raise ValidationFailed.on("attendance", "the votes outnumber the members present")
    projects = body.get("projects") or ()
    if projects and body["votes_for"] <= body["votes_against"]:
        raise ValidationFailed.on("votes_for", "a decision that approves budgets needs more votes for than against")
    seen: set[str] = set()
    for index, item in enumerate(projects):
        if not _CODE.fullmatch(item["code"]):
            raise ValidationFailed.on(f"projects.{index}.code", "1-32 lowercase letters, digits, '_' or '-'")
        if item["code"] in seen:
            raise ValidationFailed.on(f"projects.{index}.code", "named twice in one decision")
        seen.add(item["code"])


def get_decision(session: Session, community: Community, decision_id: int) -> Decision:
    decision = session.get(Decision, decision_id) if 0 < decision_id <= _MAX_ID else None
    if decision is None or decision.community_id != community.id:
        raise NotFound(f"no decision {decision_id}")
    return decision


def attach_minutes(session: Session, community: Community, decision_id: int, data: bytes, filename: str | None, *,
                   root: Path, max_bytes: int, by: str) -> tuple[Decision, bool]:
    """Check and store the minutes; returns (decision, whether they are new). The same file
    again gives back the decision; another file once minutes are attached is a conflict."""
    decision = session.execute(select(Decision).where(Decision.id == get_decision(session, community, decision_id).id)
                               .with_for_update().execution_options(populate_existing=True)).scalar_one()
    kind = check_voucher(data, filename, max_bytes)
    if decision.minutes_sha256 is not None:
        if decision.minutes_sha256 == sha256_hex(data):
            return decision, False
        raise AlreadyExists("the minutes of this decision are already attached",
                            {"file": [f"already attached: {decision.minutes_sha256}"]})
    digest, _new = store_file(root, data)
    decision.minutes_sha256, decision.minutes_content_type, decision.minutes_size = digest, kind, len(data)
    decision.minutes_filename, decision.minutes_by = (filename or "").strip(), by
    session.add(decision)
    session.flush()
    return decision, True


def minutes_download_name(decision: Decision) -> str:
    return f"minutes-{decision.id}-{decision.minutes_sha256[:12]}{EXTENSIONS[decision.minutes_content_type]}"


def list_decisions(session: Session, community: Community, *, project: str | None = None) -> list[DecisionView]:
    """Every decision of the community, newest first (or those approving one project's budget)."""
    query = select(Decision).where(Decision.community_id == community.id)
    if project is not None:
        query = query.where(Decision.id.in_(select(ApprovedBudget.decision_id).where(
            ApprovedBudget.community_id == community.id, ApprovedBudget.project_code == project)))
    decisions = list(session.execute(query.order_by(Decision.decided_on.desc(), Decision.id.desc())).scalars())
    return with_projects(session, decisions)


def decisions_between(session: Session, community: Community, start: date, end: date) -> list[DecisionView]:
    """Decisions dated start..end, oldest first (the audit workbook's sheet)."""
    decisions = list(session.execute(select(Decision).where(
        Decision.community_id == community.id, Decision.decided_on.between(start, end))
        .order_by(Decision.decided_on, Decision.id)).scalars())
    return with_projects(session, decisions)


def with_projects(session: Session, decisions: list[Decision]) -> list[DecisionView]:
    approved: dict[int, list[ApprovedBudget]] = defaultdict(list)
    if decisions:
        for row in session.execute(select(ApprovedBudget).where(
                ApprovedBudget.decision_id.in_([d.id for d in decisions])).order_by(ApprovedBudget.id)).scalars():
            approved[row.decision_id].append(row)
    return [DecisionView(d, tuple(approved[d.id])) for d in decisions]


@dataclass(frozen=True, slots=True)
class ProjectDecision:
    """A decision as it bears on one project: the budget it approved for it."""
    id: int
    decided_on: date
    body: str
    subject: str
    votes_for: int
    votes_against: int
    abstentions: int
    attendance: int
    budget: int
    minutes_sha256: str | None


def project_decisions(session: Session, community: Community, code: str) -> list[ProjectDecision]:
    """The decisions that approved a budget for project ``code``, newest first."""
    rows = session.execute(select(Decision, ApprovedBudget.budget).join(
        ApprovedBudget, ApprovedBudget.decision_id == Decision.id).where(
        ApprovedBudget.community_id == community.id, ApprovedBudget.project_code == code)
        .order_by(Decision.decided_on.desc(), Decision.id.desc()))
    return [ProjectDecision(d.id, d.decided_on, d.body, d.subject, d.votes_for, d.votes_against, d.abstentions,
                            d.attendance, budget, d.minutes_sha256) for d, budget in rows]
