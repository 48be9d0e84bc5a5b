from __future__ import annotations

from marshmallow import Schema, fields, validate

from ledger.core.chart import CHANNELS
from ledger.fields import Code, Cursor, Day, Money, Text, Timestamp
from ledger.schemas import Allocated, DateRangeArgs, DatedPageArgs


class IncomeCreate(Schema):
    operator = Code(required=True, max_length=32)
    occurred_on = Day(load_default=None, metadata={"description": "default today"})
    amount = Money(required=True, positive=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    category = Text(load_default=None, allow_none=True, max_length=64)
    reference = Text(load_default=None, allow_none=True, max_length=100,
                     metadata={"description": "receipt or order number; never shown publicly"})
    payer = Text(load_default=None, allow_none=True, max_length=200, metadata={"description": "private"})
    note = Text(load_default=None, allow_none=True, max_length=500, metadata={"description": "private"})


class IncomeOut(Schema):
    id = fields.Integer()
    transaction_seq = fields.Integer()
    amount = Money(allow_negative=True)
    shares = fields.List(fields.Nested(Allocated))
    remainder = fields.Nested(Allocated)
    operator = fields.String()
    occurred_on = fields.Date()
    channel = fields.String()
    category = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)
    payer = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    agreement = fields.Integer(allow_none=True)
    period = fields.String(allow_none=True)
    created_by = fields.String()
    receipt_url = fields.String(metadata={"description": "the payer's receipt: public page with an unguessable token"})


class ReversalIn(Schema):
    reason = Text(required=True, max_length=400)
    occurred_on = Day(load_default=None, metadata={"description": "date of the reversal; default today"})


class ReversalOut(Schema):
    income = fields.Integer()
    transaction_seq = fields.Integer()
    amount = Money(allow_negative=True)
    shares = fields.List(fields.Nested(Allocated))
    remainder = fields.Nested(Allocated)


class IncomeListArgs(DateRangeArgs, DatedPageArgs):
    operator = Code(load_default=None, max_length=32)


class IncomeItem(Schema):
    id = fields.Integer()
    operator = fields.String()
    occurred_on = fields.Date()
    amount = Money()
    channel = fields.String()
    category = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)
    payer = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    transaction_seq = fields.Integer()
    reversed_by = fields.Integer(allow_none=True, metadata={"description": "seq of the reversal, if reversed"})
    created_at = Timestamp()
    created_by = fields.String()


class IncomePage(Schema):
    items = fields.List(fields.Nested(IncomeItem))
    next_cursor = Cursor(dated=True, allow_none=True)


class CostIn(Schema):
    category = Text(required=True, max_length=64)
    amount = Money(required=True)


class DeclarationCreate(Schema):
    operator = Code(required=True, max_length=32)
    period = Code(required=True, max_length=16, metadata={"description": "2026, 2026-Q3 or 2026-09"})
    revenue = Money(required=True)
    costs = fields.List(fields.Nested(CostIn), load_default=list, validate=validate.Length(0, 100))
    occurred_on = Day(load_default=None, metadata={"description": "posting date; default today"})


class CostOut(Schema):
    category = fields.String()
    amount = Money()


class DeclarationOut(Schema):
    id = fields.Integer()
    operator = fields.String()
    period = fields.String()
    revenue = Money()
    costs = fields.List(fields.Nested(CostOut))
    profit = Money(allow_negative=True)
    due = fields.List(fields.Nested(Allocated), metadata={"description": "per share, for the whole period"})
    posted = fields.List(fields.Nested(Allocated), metadata={"description": "what this declaration posted"})
    transaction_seq = fields.Integer()
    correction = fields.Boolean()


class RemittanceCreate(Schema):
    operator = Code(required=True, max_length=32)
    occurred_on = Day(load_default=None)
    amount = Money(required=True, positive=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    reference = Text(load_default=None, allow_none=True, max_length=100)


class RemittanceOut(Schema):
    id = fields.Integer()
    operator = fields.String()
    occurred_on = fields.Date()
    amount = Money()
    channel = fields.String()
    reference = fields.String(allow_none=True)
    transaction_seq = fields.Integer()
