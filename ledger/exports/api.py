"""The audit workbook and the journal as CSV (officer, auditor)."""
from __future__ import annotations

import tempfile

from flask import Response, current_app, send_file, stream_with_context
from flask_smorest import Blueprint

from ledger.auth.access import READ, actor, guarded
from ledger.exports import schemas, services
from ledger.timeutil import local_today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

blp = Blueprint("exports", __name__, url_prefix="/api/v1/communities",
                description="Auditors' files: the audit workbook (审计工作簿) and the journal as CSV")


def _file(content_type: str, description: str) -> dict:
    return {"responses": {"200": {"description": description,
                                  "content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}}}


@blp.get("/<string:c>/reports/audit.xlsx")
@guarded(READ)
@blp.arguments(schemas.ExportArgs, location="query")
@blp.doc(**_file(XLSX, "the audit workbook; its chain can be checked with `ledger verify-workbook`"))
def audit_workbook(args, community):
    """The audit workbook of a period: cover, journal, trial balance, fund statement,
    contributions (officer, auditor). The period defaults like the trial balance's."""
    start, end = services.period_of(args["from_"], args["to"], today=local_today())
    handle = tempfile.TemporaryFile()  # deleted when the response closes it
    try:
        with services.read_snapshot() as session:
            services.write_audit_workbook(session, community, handle, start=start, end=end,
                                          lang=schemas.language(args), generated_by=actor())
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    response = send_file(handle, mimetype=XLSX, as_attachment=True,
                         download_name=f"audit-{community.code}-{start.isoformat()}-{end.isoformat()}.xlsx")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blp.get("/<string:c>/journal.csv")
@guarded(READ)
@blp.arguments(schemas.ExportArgs, location="query")
@blp.doc(**_file("text/csv", "one row per posting, UTF-8 with a byte order mark, streamed"))
def journal_csv(args, community):
    """The journal as CSV, any size, streamed in seq order (officer, auditor). Without
    ``from``/``to`` the whole journal."""
    chunks = services.journal_csv_chunks(current_app._get_current_object(), community.code, start=args["from_"],
                                         end=args["to"], lang=schemas.language(args))
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    span = "-".join(d.isoformat() for d in (args["from_"], args["to"]) if d) or "all"
    response.headers["Content-Disposition"] = f'attachment; filename="journal-{community.code}-{span}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
