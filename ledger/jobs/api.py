"""Jobs over the API: ask for an export, follow it, download its file."""
from __future__ import annotations

from datetime import timedelta
from functools import wraps
from pathlib import Path

from flask import current_app, jsonify, request, send_file, url_for
from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, READ, community_for, current_user, guarded
from ledger.core.errors import Conflict, Gone, NotFound
from ledger.exports import schemas as export_schemas, services as exports
from ledger.jobs import schemas, services
from ledger.jobs.models import EXPORT_KINDS, Job
from ledger.jobs.progress import read_live
from ledger.timeutil import local_today

blp = Blueprint("jobs", __name__, url_prefix="/api/v1/communities",
                description="Long work as jobs: exports (workbooks, CSV), imports, chain verification")


FILE_RESPONSES = {"200": {"description": "the file"}, "409": {"description": "the job is not done"},
                  "410": {"description": "the file has expired"}}
INTERNAL_PARAMS = ("upload", "keep_upload")  # where an import's file waits: the server's business


class NotReady(Conflict):
    """The job has not finished: its file is not ready."""
    code = "not_ready"


class Expired(Gone):
    """The file was deleted after LEDGER_EXPORT_DAYS days: ask for it again."""
    code = "expired"


def job_url(community_code: str, job: Job) -> str:
    endpoint = "jobs.get_export" if job.kind in EXPORT_KINDS else "jobs.get_job"
    return url_for(endpoint, c=community_code, job_id=job.id)


def file_url(community_code: str, job: Job) -> str | None:
    if job.state != "done" or not job.file_path:
        return None
    endpoint = "jobs.export_file" if job.kind in EXPORT_KINDS else "jobs.job_file"
    return url_for(endpoint, c=community_code, job_id=job.id)


def accepted(community, job: Job):
    """202 with the job and its Location."""
    url = job_url(community.code, job)
    response = jsonify(schemas.JobAccepted().dump({"id": job.id, "state": job.state, "url": url}))
    response.status_code = 202
    response.headers["Location"] = url
    return response


def present(community, job: Job) -> dict:
    """The job as its requester sees it; a running job's progress is the newest there is."""
    done, total = job.done, job.total
    if job.state == "running":
        live = read_live(current_app._get_current_object(), job.id)
        heartbeat = services.as_utc(job.heartbeat_at)
        if live is not None and (heartbeat is None or live.at > heartbeat):
            done, total = live.done, live.total
    finished = services.as_utc(job.finished_at)
    keeps = current_app.config["LEDGER"]["EXPORT_DAYS"]
    return {**{name: getattr(job, name) for name in ("id", "kind", "state", "error", "size", "sha256", "result",
                                                      "attempts")},
            "params": {key: value for key, value in job.params.items() if key not in INTERNAL_PARAMS},
            "done": done, "total": total, "created_at": services.as_utc(job.created_at),
            "started_at": services.as_utc(job.started_at), "finished_at": finished,
            "expires_at": finished + timedelta(days=keeps) if finished and job.file_path else None,
            "url": job_url(community.code, job), "file": file_url(community.code, job)}


def by_kind(view):
    """Check the caller may ask for the kind of export in the body (the same roles as
    the direct download) before the body is parsed: 401/403 before 422."""
    @wraps(view)
    def wrapper(*args, c, **kwargs):
        body = request.get_json(silent=True)
        kind = body.get("kind") if isinstance(body, dict) else None
        with db.reading_first():
            community = community_for(c, services.PERMISSION.get(kind, READ))
        return view(*args, community=community, **kwargs)
    return Blueprint.doc(security=[{"bearer": []}, {}])(wrapper)


def _job(community, job_id: int, *, exports_only: bool) -> Job:
    """The job, if the caller may see its kind (a job not found asks for READ first)."""
    session = db.session()
    job = session.get(Job, job_id)
    permission = services.PERMISSION[job.kind] if job is not None else READ
    if permission != PUBLIC:
        community_for(community.code, permission)
    return services.get(session, community, job_id, exports_only=exports_only)


def _asker() -> str:
    user = current_user()
    return user.username if user is not None else "anonymous"


@blp.post("/<string:c>/exports")
@by_kind
@blp.arguments(schemas.ExportRequest)
@blp.response(202, schemas.JobAccepted, description="the job; its URL is also the Location header")
def create_export(body, community):
    """Write an export as a job: audit_workbook and journal_csv (officer, auditor; from, to,
    lang), disclosure_workbook (public; compound, month, lang). Follow the job at its URL
    until its state is done, then download its file."""
    kind, lang = body["kind"], export_schemas.language(body)
    if kind == "audit_workbook":
        start, end = exports.period_of(body["from_"], body["to"], today=local_today())
        params = {"from": start.isoformat(), "to": end.isoformat(), "lang": lang}
    elif kind == "journal_csv":
        params = {"from": _iso(body["from_"]), "to": _iso(body["to"]), "lang": lang}
    else:
        params = {"compound": body["compound"], "month": body["month"].isoformat()[:7], "lang": lang}
    job = services.create(db.session(), community, kind, params, created_by=_asker())
    return accepted(community, job)


def _iso(day) -> str | None:
    return None if day is None else day.isoformat()


@blp.get("/<string:c>/exports/<int:job_id>")
@guarded(PUBLIC)
@blp.response(200, schemas.JobOut)
def get_export(community, job_id):
    """An export job: its state and progress (done of total journal lines), then its file's
    URL, size and SHA-256 (whoever may ask for the kind)."""
    return _seen(community, _job(community, job_id, exports_only=True))


@blp.get("/<string:c>/exports/<int:job_id>/file")
@guarded(PUBLIC)
@blp.doc(responses=FILE_RESPONSES)
def export_file(community, job_id):
    """The export's file; 409 while the job is not done, 410 once the file expired."""
    return file_response(_job(community, job_id, exports_only=True))


@blp.get("/<string:c>/jobs")
@guarded(READ)
@blp.arguments(schemas.JobListArgs, location="query")
@blp.response(200, schemas.JobPage)
def list_jobs(args, community):
    """The caller's jobs in this community, newest first (officer, auditor)."""
    limit = args["limit"] or 20
    found = services.recent(db.session(), community, _asker(), before=args["cursor"], limit=limit)
    return {"items": [present(community, job) for job in found],
            "next_cursor": found[-1].id if len(found) == limit else None}


@blp.get("/<string:c>/jobs/<int:job_id>")
@guarded(PUBLIC)
@blp.response(200, schemas.JobOut)
def get_job(community, job_id):
    """Any job: an export, an import (its result is the import's answer) or a chain
    verification (whoever may start its kind)."""
    return _seen(community, _job(community, job_id, exports_only=False))


@blp.get("/<string:c>/jobs/<int:job_id>/file")
@guarded(PUBLIC)
@blp.doc(responses=FILE_RESPONSES)
def job_file(community, job_id):
    """A job's file; 409 while the job is not done, 410 once the file expired."""
    return file_response(_job(community, job_id, exports_only=False))


def _seen(community, job: Job) -> dict:
    user = current_user()
    if user is not None:
        note_seen(job, user.username)
    return present(community, job)


def note_seen(job: Job, username: str) -> None:
    """Mark a finished job seen by its requester, in a write of its own (this is a read)."""
    if job.state in services.UNFINISHED or job.seen_at is not None or job.created_by != username:
        return
    app = current_app._get_current_object()
    try:
        with db.unit_of_work(app, quick=True) as session:
            services.mark_seen(session, job, username)
    except Exception:  # SQLite busy: it is noted next time
        current_app.logger.info("job %s: seen not noted now", job.id)


def file_response(job: Job):
    if job.state != "done":
        raise NotReady(f"job {job.id} is {job.state}: its file is not ready"
                       + (f" ({job.error})" if job.error else ""))
    if job.file_path is None:
        if job.expired_at is not None:
            raise Expired()
        raise NotFound(f"job {job.id} has no file")
    user = current_user()
    if user is not None:
        note_seen(job, user.username)
    response = send_file(Path(current_app.instance_path) / job.file_path, mimetype=job.content_type,
                         as_attachment=True, download_name=job.file_name, conditional=False, etag=False)
    response.headers["Cache-Control"] = "private, no-store"
    return response
