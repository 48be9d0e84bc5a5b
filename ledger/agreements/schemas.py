"""Agreement bodies. Percent and amount strings are checked by the split engine's
``parse_terms`` so that every problem of an agreement is reported at once, by field."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from ledger.fields import AMOUNT_PATTERN, PERCENT_PATTERN, Code, Day, Money, Text
from ledger.schemas import Allocated


class TierIn(Schema):
    up_to = Code(allow_none=True, required=True, max_length=32, metadata={"pattern": AMOUNT_PATTERN})
    percent = Code(required=True, max_length=32, metadata={"pattern": PERCENT_PATTERN})


class ShareIn(Schema):
    to = Code(required=True, metadata={"description": "a fund code (public_benefit) or an account code"})
    percent = Code(max_length=32, metadata={"pattern": PERCENT_PATTERN})
    tiers = fields.List(fields.Nested(TierIn), validate=validate.Length(1, 20))


class TermsIn(Schema):
    basis = fields.String(load_default="gross", validate=validate.OneOf(("gross", "net_profit")))
    period = fields.String(load_default="month", validate=validate.OneOf(("month", "quarter", "year")))
    shares = fields.List(fields.Nested(ShareIn), required=True, validate=validate.Length(1, 20))
    remainder_to = Code(load_default=None)
    minimum = Code(load_default=None, allow_none=True, max_length=32, metadata={"pattern": AMOUNT_PATTERN})


class AgreementCreate(TermsIn):
    operator = Code(required=True, max_length=32)
    category = Text(load_default=None, allow_none=True, max_length=64,
                    metadata={"description": "null: all of the operator's income"})
    effective_from = Day(required=True)
    effective_to = Day(load_default=None, allow_none=True, metadata={"description": "inclusive; null: open"})
    note = Text(load_default="", max_length=500, allow_empty=True)


class TierOut(Schema):
    up_to = fields.String(allow_none=True)
    percent = fields.String()


class ShareOut(Schema):
    to = fields.String()
    account = fields.String()
    percent = fields.String()
    tiers = fields.List(fields.Nested(TierOut))


class AgreementOut(Schema):
    id = fields.Integer()
    operator = fields.String()
    category = fields.String(allow_none=True)
    basis = fields.String()
    period = fields.String()
    effective_from = fields.Date()
    effective_to = fields.Date(allow_none=True)
    shares = fields.List(fields.Nested(ShareOut))
    remainder_to = fields.String()
    minimum = Money(allow_none=True)
    note = fields.String()
    created_by = fields.String()
    ended_by = fields.String(allow_none=True)


class SimulatedAmount(fields.Field):
    """A bare amount string, or {"occurred_on": ..., "amount": ...}."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return {"occurred_on": None, "amount": Money(positive=True).deserialize(value)}
        if isinstance(value, dict):
            return SimulatedItem().load(value)
        raise ValidationError("an amount string or an object with occurred_on and amount")


class SimulatedItem(Schema):
    occurred_on = Day(load_default=None)
    amount = Money(required=True, positive=True)


class DraftIn(TermsIn):
    """A draft agreement: the terms, and optionally the rest of a new agreement's body (so a
    draft can be simulated as it will be created); those fields do not change the result."""
    operator = Code(load_default=None, max_length=32)
    category = Text(load_default=None, allow_none=True, max_length=64)
    effective_from = Day(load_default=None, allow_none=True)
    effective_to = Day(load_default=None, allow_none=True)
    note = Text(load_default="", max_length=500, allow_empty=True)


class SimulateIn(Schema):
    agreement = fields.Nested(DraftIn, required=True, metadata={
        "description": "the draft: the body of POST .../agreements (operator, effective_from ... optional)"})
    amounts = fields.List(SimulatedAmount(), required=True, validate=validate.Length(1, 10000))


class SimulatedRow(Schema):
    occurred_on = fields.Date()
    period = fields.String()
    amount = Money()
    shares = fields.List(fields.Nested(Allocated))
    remainder = Money(allow_negative=True)


class SimulateOut(Schema):
    rows = fields.List(fields.Nested(SimulatedRow))
    totals = fields.Nested(SimulatedRow)
