from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ledger.core.approval import STATES
from ledger.core.chart import CHANNELS
from ledger.fields import Code, Cursor, Day, Money, Text, Timestamp
from ledger.schemas import PageArgs


class DisbursementCreate(Schema):
    project = Code(load_default=None, max_length=32, metadata={"description": "the project paid for (its fund pays)"})
    fund = Code(load_default=None, metadata={"description": "the fund that pays, when no project is named"})
    item = Text(load_default=None, allow_none=True, max_length=32,
                metadata={"description": "expense item; required for a trust fund (保洁, 维修, 结余返还 ...)"})
    amount = Money(required=True, positive=True)
    payee = Text(required=True, max_length=200, metadata={"description": "private: masked wherever public"})
    purpose = Text(required=True, max_length=500, metadata={"description": "public"})
    note = Text(load_default=None, allow_none=True, max_length=500, metadata={"description": "private"})

    @validates_schema
    def _names_a_source(self, data, **kwargs):
        if data.get("project") is None and data.get("fund") is None:
            raise ValidationError("name a project or a fund", "project")


class ApproveIn(Schema):
    note = Text(load_default=None, allow_none=True, max_length=500)


class RejectIn(Schema):
    reason = Text(required=True, max_length=500)


class PayIn(Schema):
    occurred_on = Day(load_default=None, metadata={"description": "payment date; default today"})
    channel = fields.String(load_default="bank", validate=validate.OneOf(CHANNELS),
                            metadata={"description": "the account paid from; bank = 102.basic"})


class VoucherUpload(Schema):
    file = Upload(required=True, metadata={"description": "PDF, JPEG or PNG"})


class VoucherOut(Schema):
    sha256 = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    filename = fields.String()
    created_at = Timestamp()
    created_by = fields.String()


class EventOut(Schema):
    action = fields.String()
    from_state = fields.String(data_key="from", allow_none=True)
    to_state = fields.String(data_key="to")
    by = fields.String()
    at = Timestamp()
    reason = fields.String(allow_none=True)


class DisbursementOut(Schema):
    id = fields.Integer()
    fund = fields.String()
    project = fields.String(allow_none=True)
    item = fields.String(allow_none=True)
    amount = Money()
    payee = fields.String(metadata={"description": "in full (reviewers only)"})
    purpose = fields.String()
    note = fields.String(allow_none=True)
    state = fields.String()
    submitted_by = fields.String(allow_none=True)
    paid_on = fields.Date(allow_none=True)
    channel = fields.String(allow_none=True)
    transaction_seq = fields.Integer(allow_none=True)
    created_at = Timestamp()
    created_by = fields.String()
    vouchers = fields.List(fields.Nested(VoucherOut))
    events = fields.List(fields.Nested(EventOut))


class DisbursementListArgs(PageArgs):
    state = fields.String(load_default=None, validate=validate.OneOf(STATES))
    project = Code(load_default=None, max_length=32)
    fund = Code(load_default=None)
    item = Text(load_default=None, max_length=32)


class DisbursementPage(Schema):
    items = fields.List(fields.Nested(DisbursementOut))
    next_cursor = Cursor(allow_none=True)
