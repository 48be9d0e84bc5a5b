from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from ledger.fields import Code, Day, Money, Text, Timestamp

_COUNT = {"strict": True, "validate": validate.Range(0, 1_000_000)}


class ApprovedBudgetIn(Schema):
    code = Code(required=True, max_length=32,
                metadata={"pattern": "^[a-z0-9][a-z0-9_-]{0,31}$", "example": "reading_room"})
    budget = Money(required=True)


class DecisionCreate(Schema):
    decided_on = Day(required=True)
    body = Text(required=True, max_length=64, metadata={"example": "居民议事会"})
    subject = Text(required=True, max_length=500, metadata={"example": "儿童阅览室改造及预算"})
    votes_for = fields.Integer(required=True, **_COUNT)
    votes_against = fields.Integer(required=True, **_COUNT)
    abstentions = fields.Integer(required=True, **_COUNT)
    attendance = fields.Integer(required=True, **_COUNT)
    projects = fields.List(fields.Nested(ApprovedBudgetIn), load_default=list,
                           metadata={"description": "the project budgets the decision approved"})


class ApprovedBudgetOut(Schema):
    code = fields.String()
    budget = Money()


class MinutesOut(Schema):
    sha256 = fields.String()
    content_type = fields.String()
    size = fields.Integer()


class DecisionOut(Schema):
    id = fields.Integer()
    decided_on = fields.Date()
    body = fields.String()
    subject = fields.String()
    votes_for = fields.Integer()
    votes_against = fields.Integer()
    abstentions = fields.Integer()
    attendance = fields.Integer()
    projects = fields.List(fields.Nested(ApprovedBudgetOut))
    minutes = fields.Nested(MinutesOut, allow_none=True, metadata={"description": "null until attached"})
    created_at = Timestamp()


class DecisionListArgs(Schema):
    project = Text(load_default=None, max_length=32,
                   metadata={"description": "only decisions approving this project's budget"})


class MinutesUpload(Schema):
    file = Upload(required=True, metadata={"description": "PDF, JPEG or PNG"})
