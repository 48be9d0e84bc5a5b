"""The audit workbook and the journal as CSV (officer, auditor)."""
from __future__ import annotations

from flask_smorest import Blueprint

from ledger.auth.access import READ, actor, guarded
from ledger.exports import downloads, schemas, services
from ledger.exports.downloads import XLSX
from ledger.jobs.schemas import JobAccepted
from ledger.jobs import api as jobs_api
from ledger.timeutil import local_today

blp = Blueprint("exports", __name__, url_prefix="/api/v1/communities",
                description="Auditors' files: the audit workbook (审计工作簿) and the journal as CSV")


def _file(content_type: str, description: str) -> dict:
    return {"responses": {"200": {"description": description,
                                  "content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}}}


@blp.get("/<string:c>/reports/audit.xlsx")
@guarded(READ)
@blp.arguments(schemas.ExportArgs, location="query")
@blp.doc(**_file(XLSX, "the audit workbook; its chain can be checked with `ledger verify-workbook`"))
@blp.alt_response(202, schema=JobAccepted, description="too large to write in time: the job that writes it")
def audit_workbook(args, community):
    """The audit workbook of a period: cover, journal, trial balance, fund statement,
    contributions (officer, auditor). The period defaults like the trial balance's.

    A period of more journal lines than LEDGER_DIRECT_EXPORT_LINES is not written in the
    request: the answer is 202 with the job that writes it (see POST .../exports)."""
    start, end = services.period_of(args["from_"], args["to"], today=local_today())
    lang = schemas.language(args)
    if downloads.too_large_to_wait(community, start, end):
        return jobs_api.accepted(community, downloads.export_job(community, "audit_workbook", start, end, lang=lang))
    return downloads.audit_workbook_response(community, start, end, lang=lang, generated_by=actor())


@blp.get("/<string:c>/journal.csv")
@guarded(READ)
@blp.arguments(schemas.ExportArgs, location="query")
@blp.doc(**_file("text/csv", "one row per posting, UTF-8 with a byte order mark, streamed"))
@blp.alt_response(202, schema=JobAccepted, description="too long to stream in time: the job that writes it")
def journal_csv(args, community):
    """The journal as CSV, streamed in seq order (officer, auditor). Without ``from``/``to``
    the whole journal. More journal lines than LEDGER_DIRECT_CSV_LINES: 202 with the job
    that writes the same file."""
    start, end, lang = args["from_"], args["to"], schemas.language(args)
    if downloads.too_long_to_stream(community, start, end):
        return jobs_api.accepted(community, downloads.export_job(community, "journal_csv", start, end, lang=lang))
    return downloads.journal_csv_response(community, start, end, lang=lang)
