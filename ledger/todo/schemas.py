from __future__ import annotations

from marshmallow import Schema, fields


class Waiting(Schema):
    count = fields.Integer(required=True, metadata={"description": "how many are waiting in all"})
    items = fields.List(fields.Dict(), required=True, metadata={
        "description": "the first 20, oldest first; each has the workspace page that resolves it as `url`; "
                       "money as decimal strings"})


class TodoOut(Schema):
    role = fields.String(required=True)
    community = fields.String(required=True)
    as_of = fields.Date(required=True, metadata={"description": "the community's local date"})
    todo = fields.Dict(keys=fields.String(), values=fields.Nested(Waiting), required=True, metadata={
        "description": "officer: drafts_without_voucher, drafts_not_submitted, rejected, approved_unpaid, "
                       "months_to_close, declarations_due, receivables_overdue, imports_ready, questions_pending; "
                       "approver: awaiting_approval; auditor: last_verified, exports_ready"})
