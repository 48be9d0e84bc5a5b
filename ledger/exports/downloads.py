"""The auditors' files as HTTP answers, shared by the API and the workspace: the same
code writes the same file whichever way it is asked for."""
from __future__ import annotations

import tempfile
from datetime import date

from flask import Response, current_app, send_file, stream_with_context

from ledger import db
from ledger.auth.access import actor
from ledger.communities.models import Community
from ledger.exports import services
from ledger.jobs import services as jobs
from ledger.jobs.models import Job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit_workbook_response(community: Community, start: date, end: date, *, lang: str,
                            generated_by: str) -> Response:
    """The audit workbook of [start, end] as an attachment, written from one snapshot."""
    handle = tempfile.TemporaryFile()  # deleted when the response closes it
    try:
        with services.read_snapshot() as session:
            services.write_audit_workbook(session, community, handle, start=start, end=end, lang=lang,
                                          generated_by=generated_by)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    response = send_file(handle, mimetype=XLSX, as_attachment=True,
                         download_name=f"audit-{community.code}-{start.isoformat()}-{end.isoformat()}.xlsx")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def too_large_to_wait(community: Community, start: date, end: date) -> bool:
    """More journal lines than a request writes in time (LEDGER_DIRECT_EXPORT_LINES)."""
    with services.read_snapshot() as session:
        lines = services.audit_lines(session, community, start, end)
    return lines > current_app.config["LEDGER"]["DIRECT_EXPORT_LINES"]


def too_long_to_stream(community: Community, start: date | None, end: date | None) -> bool:
    """More journal lines than a streamed CSV sends before the server's timeout
    (LEDGER_DIRECT_CSV_LINES)."""
    with services.read_snapshot() as session:
        lines = services.journal_lines(session, community, start=start, end=end)
    return lines > current_app.config["LEDGER"]["DIRECT_CSV_LINES"]


def export_job(community: Community, kind: str, start: date | None, end: date | None, *, lang: str) -> Job:
    """A job writing the same file, asked for in a transaction of its own (the request
    is a read)."""
    params = {"from": start and start.isoformat(), "to": end and end.isoformat(), "lang": lang}
    with db.unit_of_work() as session:
        return jobs.create(session, community, kind, params, created_by=actor())


def journal_csv_response(community: Community, start: date | None, end: date | None, *, lang: str) -> Response:
    """The journal (or the part dated in [start, end]) as CSV, streamed in seq order."""
    chunks = services.journal_csv_chunks(current_app._get_current_object(), community.code, start=start, end=end,
                                         lang=lang)
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    span = "-".join(d.isoformat() for d in (start, end) if d) or "all"
    response.headers["Content-Disposition"] = f'attachment; filename="journal-{community.code}-{span}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
