from __future__ import annotations

from marshmallow import Schema, fields

from ledger.fields import Code, Text


class CommunityCreate(Schema):
    code = Code(required=True, max_length=32, metadata={"pattern": "^[a-z0-9][a-z0-9_-]{0,31}$", "example": "fenghe"})
    name = Text(required=True, max_length=200, metadata={"example": "风和社区"})
    allow_unsplit_income = fields.Boolean(load_default=False)


class CommunityOut(Schema):
    code = fields.String()
    name = fields.String()
    allow_unsplit_income = fields.Boolean()
    created_at = fields.DateTime()
