from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields
from flask_smorest.fields import Upload

from ledger.fields import Cursor, Money, Text, Timestamp
from ledger.schemas import PageArgs


class ImportUpload(Schema):
    class Meta:
        unknown = EXCLUDE  # a web form also sends its CSRF token

    file = Upload(required=True, metadata={"description": "CSV (UTF-8 or GB18030) or XLSX"})
    commit = fields.Boolean(load_default=False, metadata={"description": "post the rows (all or none); "
                                                                         "false: only check them"})
    map = Text(load_default=None, max_length=2000,
                        metadata={"description": "column mapping for other layouts: HEADER=FIELD,... "
                                                 "(e.g. 交易金额=amount; FIELD 'ignore' drops a column)"})
    default = Text(load_default=None, max_length=2000,
                            metadata={"description": "values for rows without one: FIELD=VALUE,... "
                                                     "(e.g. operator=cafe,channel=wechat)"})
    skip_posted = fields.Boolean(load_default=False, metadata={
        "description": "skip rows whose reference was posted before instead of refusing the file"})
    background = fields.Boolean(load_default=False, metadata={
        "description": "run as a job (202) whatever the file's size; larger files always do"})


class RowErrorOut(Schema):
    row = fields.Integer(allow_none=True, metadata={"description": "row number as a spreadsheet shows it "
                                                                   "(header = row 1); null for the whole file"})
    column = fields.String(metadata={"description": "occurred_on, operator, amount, channel, category, "
                                                    "reference, payer or note"})
    code = fields.String(metadata={"description": "the rule: bad_date, too_many_decimals, bad_separator, "
                                                  "unknown_operator, no_agreement, closed_month, "
                                                  "duplicate_reference, already_posted ..."})
    message = fields.String()


class SkippedOut(Schema):
    row = fields.Integer()
    message = fields.String()


class BatchOut(Schema):
    id = fields.Integer()
    file_name = fields.String()
    sha256 = fields.String()
    file_format = fields.String()
    rows = fields.Integer(attribute="row_count")
    skipped = fields.Integer()
    total = Money()
    status = fields.String()
    created_at = Timestamp()
    created_by = fields.String()


class ImportResult(Schema):
    code = fields.String(metadata={"description": "on 422: import_rejected"})
    message = fields.String()
    batch = fields.Nested(BatchOut, allow_none=True, metadata={"description": "the batch, once committed"})
    rows = fields.Integer(metadata={"description": "rows that post (or were posted)"})
    total = Money()
    skipped = fields.List(fields.Nested(SkippedOut))
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), metadata={
        "description": "the standard error map: 'row N.column' (or the form field) -> messages"})
    row_errors = fields.List(fields.Nested(RowErrorOut), metadata={
        "description": "every error with its row, column and rule code, in file order"})
    committed = fields.Boolean()
    header_row = fields.Integer()
    ignored_columns = fields.List(fields.String())


class BatchListArgs(PageArgs):
    pass


class BatchPage(Schema):
    items = fields.List(fields.Nested(BatchOut))
    next_cursor = Cursor(allow_none=True)
