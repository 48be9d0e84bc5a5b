"""What waits for an approver (submissions someone else made) and for an auditor (the
chain's last verification, finished exports)."""
from __future__ import annotations

from sqlalchemy import select

from ledger.core.approval import SUBMIT, SUBMITTED
from ledger.disbursements import queries as disbursements
from ledger.disbursements.services import hands_on
from ledger.jobs.models import EXPORT_KINDS, Job
from ledger.journal import chain
from ledger.todo.officer import disbursement_item
from ledger.todo.services import Asking, Listed, listed

QUEUE = 500  # as many as the approver's queue page shows


def awaiting_approval(asking: Asking) -> Listed:
    """Submitted disbursements this approver may decide on (not those they drafted, changed
    or submitted), the longest waiting first."""
    views = disbursements.page(asking.session, asking.community, state=SUBMITTED, limit=QUEUE)
    mine = asking.user.username
    items = []
    for view in views:
        if mine in hands_on(view.events):
            continue
        submitted = next((e for e in reversed(view.events) if e.action == SUBMIT), None)
        items.append({**disbursement_item(view), "submitted_by": view.disbursement.submitted_by,
                      "submitted_at": submitted.at if submitted else None,
                      "link": ("workspace.approvals", {"_anchor": f"d-{view.disbursement.id}"})})
    items.sort(key=lambda i: (i["submitted_at"] is None, str(i["submitted_at"]), i["id"]))
    return listed(items)


def last_verified(asking: Asking) -> Listed:
    """The chain's latest finished verification here (by anyone): when, by whom, whether it
    held, and how many transactions were posted after it."""
    job = asking.session.execute(select(Job).where(
        Job.community_id == asking.community.id, Job.kind == "chain_verification", Job.state == "done")
        .order_by(Job.finished_at.desc(), Job.id.desc()).limit(1)).scalars().first()
    if job is None:
        return listed([])
    result = job.result or {}
    head = chain.head(asking.session, asking.community)
    return listed([{"job": job.id, "at": job.finished_at, "by": job.created_by, "ok": bool(result.get("ok")),
                    "head_seq": result.get("head_seq"), "posted_since": head.seq - (result.get("head_seq") or 0),
                    "link": ("workspace.audit", {"_anchor": "jobs"})}])


def exports_ready(asking: Asking) -> Listed:
    """The user's finished exports here whose file waits to be looked at."""
    jobs = asking.session.execute(select(Job).where(
        Job.community_id == asking.community.id, Job.created_by == asking.user.username,
        Job.kind.in_(EXPORT_KINDS), Job.state == "done", Job.seen_at.is_(None), Job.expired_at.is_(None))
        .order_by(Job.id)).scalars()
    return listed([{"id": job.id, "kind": job.kind, "file_name": job.file_name, "finished_at": job.finished_at,
                    "link": ("workspace.job_file", {"job_id": job.id})} for job in jobs])


APPROVER_KINDS = {"awaiting_approval": awaiting_approval}
AUDITOR_KINDS = {"last_verified": last_verified, "exports_ready": exports_ready}
