from __future__ import annotations

from marshmallow import Schema, fields

from ledger.fields import Code, Money, Text
from ledger.schemas import DateRangeArgs


class FundCreate(Schema):
    code = Code(required=True, max_length=32, metadata={"pattern": "^[a-z][a-z0-9_-]{0,31}$", "example": "elderly"})
    name = Text(required=True, max_length=200, metadata={"example": "敬老专项基金"})


class FundArgs(DateRangeArgs):
    """``from``/``to``: inflow and outflow within the range, balance at ``to`` (default today)."""


class FundOut(Schema):
    code = fields.String()
    name = fields.String()
    kind = fields.String(metadata={"description": "public_benefit, earmarked or trust"})
    account = fields.String()
    opening = Money(allow_negative=True, metadata={"description": "balance before 'from'"})
    inflow = Money(allow_negative=True, metadata={
        "description": "credits within the range less shares taken back (a reversed share is a negative inflow)"})
    outflow = Money(allow_negative=True, metadata={
        "description": "debits within the range less shares taken back: payments and transfers out"})
    balance = Money(allow_negative=True, metadata={"description": "balance at 'to'"})
    committed = Money(metadata={"description": "approved and not yet paid (now)"})


class Outflow(Schema):
    kind = fields.String(metadata={"description": "project, item (an expense without a project) or other "
                                                  "(a transfer out, a reversed entry)"})
    project = fields.String(allow_none=True)
    project_name = fields.String(allow_none=True)
    item = fields.String(allow_none=True)
    amount = Money()


class Inflow(Schema):
    kind = fields.String(metadata={"description": "operator (its net shares) or other (money paid in otherwise)"})
    operator = fields.String(allow_none=True)
    operator_name = fields.String(allow_none=True)
    amount = Money(allow_negative=True)


class FundDetail(FundOut):
    inflows = fields.List(fields.Nested(Inflow), metadata={"description": "within the range; they add up to inflow"})
    outflows = fields.List(fields.Nested(Outflow), metadata={
        "description": "within the range, by project, then other; they add up to outflow"})
