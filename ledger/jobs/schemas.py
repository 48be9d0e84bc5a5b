from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ledger.exports.schemas import ExportArgs
from ledger.fields import Code, Cursor, Month, Timestamp
from ledger.jobs.models import EXPORT_KINDS, KINDS, STATES
from ledger.schemas import PageArgs


class ExportRequest(ExportArgs):
    """What to export, as the direct downloads take it."""
    kind = fields.String(required=True, validate=validate.OneOf(EXPORT_KINDS),
                         metadata={"description": "audit_workbook, disclosure_workbook or journal_csv"})
    compound = Code(load_default=None, validate=validate.Length(min=1, max=64),
                    metadata={"description": "disclosure_workbook: the compound's code"})
    month = Month(load_default=None, metadata={"description": "disclosure_workbook: the month, YYYY-MM"})

    @validates_schema
    def _disclosure_needs(self, data, **kwargs):
        if data.get("kind") != "disclosure_workbook":
            return
        missing = {name: ["required for a disclosure_workbook"] for name in ("compound", "month") if not data.get(name)}
        if missing:
            raise ValidationError(missing)


class JobAccepted(Schema):
    id = fields.Integer()
    state = fields.String(metadata={"description": "queued (or already running or done)"})
    url = fields.String(metadata={"description": "where to follow the job (also the Location header)"})


class JobOut(Schema):
    id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(KINDS))
    state = fields.String(validate=validate.OneOf(STATES), metadata={"description": "queued, running, done or failed"})
    done = fields.Integer(metadata={"description": "journal lines (imports: rows; verification: transactions) "
                                                   "done so far; moves at least every second while running"})
    total = fields.Integer(allow_none=True, metadata={"description": "of the same, once known"})
    error = fields.String(allow_none=True, metadata={"description": "why it failed"})
    file = fields.String(allow_none=True, metadata={"description": "URL of the file once done (null before, for "
                                                                  "jobs without a file, and once it expired)"})
    size = fields.Integer(allow_none=True, metadata={"description": "bytes"})
    sha256 = fields.String(allow_none=True)
    created_at = Timestamp()
    started_at = Timestamp(allow_none=True)
    finished_at = Timestamp(allow_none=True)
    expires_at = Timestamp(allow_none=True, metadata={"description": "when the file will be deleted"})
    url = fields.String()
    params = fields.Dict(metadata={"description": "what was asked for"})
    result = fields.Dict(allow_none=True, metadata={
        "description": "imports: the import's answer with its HTTP status (row errors included); "
                       "verification: ok, seq, reason; exports: what the file holds"})
    attempts = fields.Integer(metadata={"description": "runs so far (a run whose worker died is run again)"})


class JobListArgs(PageArgs):
    pass


class JobPage(Schema):
    items = fields.List(fields.Nested(JobOut))
    next_cursor = Cursor(allow_none=True)
