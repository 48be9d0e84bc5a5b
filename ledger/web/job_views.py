"""Jobs in the workspace: the auditor's files and the chain's verification, asked for
from the audit page, and what each user has asked for lately, with a progress bar that
ledger/static/js/jobs.js moves without a reload."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import READ, actor, community_for, guarded
from ledger.core.errors import ValidationFailed
from ledger.core.money import parse_amount
from ledger.jobs import api as jobs_api, services
from ledger.jobs.models import EXPORT_KINDS, Job
from ledger.web.blueprint import bp
from ledger.web.forms import Form

AUDIT_KINDS = ("audit_workbook", "journal_csv", "chain_verification")
IMPORT_KINDS = ("import_check", "import_commit")


def kind_labels() -> dict[str, str]:
    return {"audit_workbook": _("Audit workbook (.xlsx)"), "journal_csv": _("Journal (.csv)"),
            "disclosure_workbook": _("Disclosure workbook (.xlsx)"), "chain_verification": _("Chain verification"),
            "import_check": _("Check of an import"), "import_commit": _("Posting of an import")}


def state_labels() -> dict[str, str]:
    return {"queued": _("Waiting for a worker"), "running": _("Running"), "done": _("Finished"),
            "failed": _("Failed")}


@bp.app_context_processor
def _job_labels() -> dict:
    return {"kind_labels": kind_labels, "state_labels": state_labels}


def recent_jobs(community, kinds: tuple[str, ...], limit: int = 8) -> list[dict]:
    """The signed-in user's latest jobs of these kinds here, as the page shows them."""
    found = [job for job in services.recent(db.session(), community, actor(), limit=30) if job.kind in kinds]
    return [shown(community, job) for job in found[:limit]]


def shown(community, job: Job) -> dict:
    view = jobs_api.present(community, job)
    view["web_file"] = url_for("workspace.job_file", c=community.code, job_id=job.id)
    view["file_name"] = job.file_name or job.params.get("file_name")
    view["has_file"] = job.kind in EXPORT_KINDS
    if job.kind in IMPORT_KINDS:
        view["result_page"] = url_for("workspace.imports", c=community.code, job=job.id)
    if job.state not in services.UNFINISHED:
        jobs_api.note_seen(job, actor())
    return view


def start(community, kind: str, params: dict) -> Job:
    return services.create(db.session(), community, kind, params, created_by=actor())


@bp.post("/w/<c>/audit/jobs")
@guarded(READ)
def start_audit_job(community):
    """Prepare the audit workbook, the journal CSV or a verification of the chain."""
    from ledger.web.audit_views import language, range_of

    form = Form.posted()
    kind = form.get("kind")
    if kind not in AUDIT_KINDS:
        raise ValidationFailed.on("kind", "not a kind of job of this page")
    span = range_of(form)
    if span is None:
        raise ValidationFailed(form.message, form.errors)
    start_day, end_day = (day.isoformat() for day in span)
    params = {} if kind == "chain_verification" else {"from": start_day, "to": end_day, "lang": language()}
    start(community, kind, params)
    return redirect(url_for("workspace.audit", c=community.code, **{"from": start_day, "to": end_day},
                            _anchor="jobs"), 303)


@bp.get("/w/<c>/jobs/<int:job_id>/file")
@guarded(READ)
def job_file(community, job_id):
    """A finished job's file (the same as the API's)."""
    job = services.get(db.session(), community, job_id)
    community_for(community.code, services.PERMISSION[job.kind])
    return jobs_api.file_response(job)


def import_result(job: Job | None) -> dict:
    """A finished import job's answer as the import page shows an answer: the tally, the
    row errors and skipped rows, the checked file waiting for its commit, or the batch."""
    if job is None or job.result is None or "rows" not in job.result:
        return {}
    result = job.result
    if job.kind == "import_commit" and job.state == "done":
        return {"batch": result["batch"]}
    bad_rows = len({error["row"] for error in result["row_errors"]})
    skips = [(skip["row"], skip["message"]) for skip in result["skipped"]]
    tally = {"checked": result["rows"] + len(skips) + bad_rows, "ok": result["rows"], "bad": bad_rows,
             "total": parse_amount(result["total"]), "skipped": len(skips)}
    found = {"tally": tally, "errors": result["row_errors"], "skips": skips}
    if job.kind == "import_check" and job.state == "done":
        found["checked"] = {"sha256": job.params["upload"].rsplit("/", 1)[-1], "file_name": job.params["file_name"],
                            "header_row": result["header_row"], "ignored": result["ignored_columns"]}
    return found


def import_job(community) -> Job | None:
    """The import job the page was sent back to follow (?job=), if it is the user's."""
    job_id = request.args.get("job", "")
    if not job_id.isdigit() or len(job_id) > 18:
        return None
    job = db.session().get(Job, int(job_id))
    if job is None or job.community_id != community.id or job.created_by != actor() or job.kind not in IMPORT_KINDS:
        return None
    return job
