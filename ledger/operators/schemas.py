from __future__ import annotations

from marshmallow import Schema, fields, validate

from ledger.fields import Code, Text
from ledger.operators.models import KINDS, SETTLEMENTS


class OperatorCreate(Schema):
    code = Code(required=True, max_length=32, metadata={"pattern": "^[a-z0-9][a-z0-9_-]{0,31}$", "example": "cafe"})
    name = Text(required=True, max_length=200, metadata={"example": "邻里咖啡吧"})
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    settlement = fields.String(required=True, validate=validate.OneOf(SETTLEMENTS))


class OperatorAccounts(Schema):
    revenue = fields.String()
    receivable = fields.String()
    payable = fields.String()


class OperatorOut(Schema):
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    settlement = fields.String()
    accounts = fields.Nested(OperatorAccounts)
