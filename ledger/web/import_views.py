"""Importing a file of incomes from the workspace: upload, a dry run that lists every
row error, then a commit (all rows or none) of exactly the file that was checked.

Between the two steps the checked file waits in the instance folder under its SHA-256
(``imports/<community id>/<sha256>``): the commit reads it from there, so what posts is
what was checked, and it is removed once the commit has been answered (a file checked but
never committed is removed a day later).
"""
from __future__ import annotations

import hashlib
import io
import re
import time
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import WRITE, actor, guarded
from ledger.core.errors import Conflict, LedgerError
from ledger.core.money import format_fen
from ledger.imports import services
from ledger.imports.parsing import parse_pairs
from ledger.imports.reading import scan
from ledger.jobs import importing as import_jobs
from ledger.web.blueprint import bp
from ledger.web.forms import Form
from ledger.web.job_views import IMPORT_KINDS, import_job, import_result, recent_jobs

IMPORT_FIELDS = ("file", "map", "default", "skip_posted")
_SHA256 = re.compile(r"[0-9a-f]{64}")
CHECKED_FILE_SECONDS = 24 * 3600


def columns() -> dict[str, str]:
    return {"occurred_on": _("date"), "operator": _("operator"), "amount": _("amount"), "channel": _("channel"),
            "category": _("category"), "reference": _("reference"), "payer": _("payer"), "note": _("note"),
            "row": _("row")}


def _page(community, form: Form, *, checked: dict | None = None, outcome=None, report=None, followed=None):
    batches = services.list_batches(db.session(), community, before=None, limit=20)
    shown = {"tally": None, "errors": report.errors if report else (), "skips": report.skips if report else (),
             "checked": checked, "batch": None}
    if outcome is not None:
        bad_rows = len({e.row for e in report.errors})
        shown["tally"] = {"checked": outcome.rows + outcome.skipped + bad_rows, "ok": outcome.rows, "bad": bad_rows,
                          "total": outcome.total, "skipped": outcome.skipped}
    shown.update(import_result(followed))
    return render_template("workspace/imports.html", community=community, form=form, fields=IMPORT_FIELDS,
                           batches=batches, columns=columns(), jobs=recent_jobs(community, IMPORT_KINDS),
                           **shown), form.status


@bp.get("/w/<c>/imports")
@guarded(WRITE)
def imports(community):
    form, followed = Form(), import_job(community)
    if followed is not None and followed.state == "failed":
        form.note({}, status=200, message=followed.error)
    if followed is not None:
        for name in ("map", "default"):
            form.values[name] = followed.params.get(name) or ""
        form.values["skip_posted"] = "1" if followed.params.get("skip_posted") else ""
    return _page(community, form, followed=followed)


@bp.post("/w/<c>/imports")
@guarded(WRITE)
def check_import(community):
    """The dry run: nothing is written; a clean file waits for the commit."""
    form = Form.posted()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        form.note({"file": ["choose a CSV or XLSX file"]})
        return _page(community, form)
    data = upload.read()
    if _large(data):
        return _in_background(community, form, data, upload.filename, commit=False)
    outcome, report = _run(community, form, io.BytesIO(data), upload.filename, commit=False)
    if outcome is None:
        return _page(community, form)
    if outcome.errors:
        _note_row_errors(form, outcome.errors)
        return _page(community, form, outcome=outcome, report=report)
    _keep_checked(community, outcome.facts.sha256, data)
    checked = {"sha256": outcome.facts.sha256, "file_name": outcome.file_name, "header_row": outcome.layout.header_row,
               "ignored": list(outcome.layout.ignored)}
    return _page(community, form, checked=checked, outcome=outcome, report=report)


@bp.post("/w/<c>/imports/commit")
@guarded(WRITE)
def commit_import(community):
    """Post every row of the checked file, or none."""
    form = Form.posted()
    sha256 = form.get("sha256")
    path = _pending_path(community, sha256) if _SHA256.fullmatch(sha256) else None
    if path is None or not path.is_file():
        form.refuse(Conflict("the checked file is no longer here; upload it again",
                             {"file": ["the checked file is no longer here; upload it again"]}))
        return _page(community, form)
    if _large(path.read_bytes()):
        return _in_background(community, form, None, form.get("file_name"), commit=True)
    with path.open("rb") as stream:
        outcome, report = _run(community, form, stream, form.get("file_name"), commit=True)
    if outcome is None:
        return _page(community, form)
    if outcome.errors or not outcome.committed:
        _note_row_errors(form, outcome.errors)
        return _page(community, form, outcome=outcome, report=report)
    flash(_("Batch %(batch)s imported from %(name)s: %(rows)s rows posted, total %(total)s; %(skipped)s skipped.",
            batch=outcome.batch.id, name=outcome.file_name, rows=outcome.rows, total=format_fen(outcome.total),
            skipped=outcome.skipped))
    response = redirect(url_for("workspace.imports", c=community.code), 303)
    response.call_on_close(lambda: path.unlink(missing_ok=True))  # after the commit point
    return response


def _large(data: bytes) -> bool:
    """More rows than LEDGER_IMPORT_JOB_ROWS: checked or posted by a job, not in the request."""
    try:
        rows = scan(io.BytesIO(data)).estimated_rows or 0
    except LedgerError:
        return False  # refused at once, in the request
    return rows > current_app.config["LEDGER"]["IMPORT_JOB_ROWS"]


def _in_background(community, form: Form, data: bytes | None, file_name: str, *, commit: bool):
    """Keep the file and hand it to a job; the page follows the job (?job=)."""
    try:
        parse_pairs(form.get("map") or None), parse_pairs(form.get("default") or None, "default")
    except LedgerError as error:
        form.refuse(error)
        return _page(community, form)
    sha256 = hashlib.sha256(data).hexdigest() if data is not None else form.get("sha256")
    if data is not None:
        _keep_checked(community, sha256, data)
    job = import_jobs.start(db.session(), community, None, file_name=file_name, commit=commit,
                            mapping=form.get("map") or None, defaults=form.get("default") or None,
                            skip_posted=bool(form.get("skip_posted")), created_by=actor(),
                            upload=f"{import_jobs.UPLOADS}/{community.id}/{sha256}", keep=not commit)
    return redirect(url_for("workspace.imports", c=community.code, job=job.id, _anchor="jobs"), 303)


def _run(community, form: Form, stream, file_name: str, *, commit: bool):
    """(outcome, report) of the import service, or (None, None) with its refusal noted."""
    report = services.Collected()
    try:
        options = services.Options(parse_pairs(form.get("map") or None),
                                   parse_pairs(form.get("default") or None, "default"),
                                   skip_posted=bool(form.get("skip_posted")))
        outcome = services.run_import(db.session(), community, stream, file_name=file_name, commit=commit,
                                      created_by=actor(), options=options, report=report)
    except LedgerError as error:
        form.refuse(error)
        return None, None
    return outcome, report


def _note_row_errors(form: Form, count: int) -> None:
    form.note({}, status=422, message=_("%(count)s problem(s) in the rows below: correct the file and check it "
                                        "again. Nothing was posted.", count=count))


def _keep_checked(community, sha256: str, data: bytes) -> None:
    """Keep a clean file for its commit; files checked but never committed go after a day."""
    path = _pending_path(community, sha256)
    stale = time.time() - CHECKED_FILE_SECONDS
    for waiting in path.parent.iterdir():
        if waiting.stat().st_mtime < stale:
            waiting.unlink(missing_ok=True)
    path.write_bytes(data)


def _pending_path(community, sha256: str) -> Path:
    folder = Path(current_app.instance_path) / "imports" / str(community.id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / sha256
