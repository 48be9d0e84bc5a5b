from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from ledger.fields import Cursor, Month, Text, Timestamp
from ledger.questions.models import KINDS, STATES
from ledger.schemas import PageArgs


class SubjectRef(fields.Field):
    """A journal entry's seq (a number or digits) or a code: kept as text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).update(
            {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "minLength": 1, "maxLength": 32}],
             "description": "the transaction's seq, or the project's, operator's or compound's code"})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63:
            return str(value)
        if isinstance(value, str) and 1 <= len(value) <= 32 and value.isprintable():
            return value
        raise ValidationError("a seq or a code of at most 32 characters")

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class About(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    ref = SubjectRef(required=True)
    month = Month(load_default=None, allow_none=True,
                  metadata={"description": "an operator's month or a compound's statement (YYYY-MM)"})


class QuestionCreate(Schema):
    about = fields.Nested(About, required=True)
    text = Text(required=True, max_length=500)
    name = Text(load_default="", allow_empty=True, allow_none=True, max_length=64,
                metadata={"description": "optional; shown masked (张*); empty = anonymous (匿名)"})
    contact = Text(load_default="", allow_empty=True, allow_none=True, max_length=200,
                   metadata={"description": "optional and private: never shown in public, masked for officers"})


class QuestionCreated(Schema):
    id = fields.Integer()
    state = fields.String()


class RefuseIn(Schema):
    reason = Text(required=True, max_length=500, metadata={"description": "public"})


class AnswerIn(Schema):
    text = Text(required=True, max_length=2000, metadata={"description": "public"})


class QuestionListArgs(PageArgs):
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    ref = Text(load_default=None, max_length=32, metadata={"description": "with kind: the questions about one subject"})


class AboutOut(Schema):
    kind = fields.String()
    ref = fields.String()
    month = Month(allow_none=True)


class AnswerOut(Schema):
    text = fields.String()
    answered_by = fields.String(metadata={"description": "the officer who answered"})
    answered_at = Timestamp()


class RefusalOut(Schema):
    reason = fields.String()
    refused_at = Timestamp()


class QuestionOut(Schema):
    id = fields.Integer()
    about = fields.Nested(AboutOut)
    state = fields.String(validate=validate.OneOf(STATES), metadata={
        "description": "released also when published automatically (released_by null)"})
    asked_at = Timestamp()
    text = fields.String(allow_none=True, metadata={"description": "null once refused"})
    name = fields.String(allow_none=True, metadata={"description": "masked in public; null = anonymous"})
    contact = fields.String(metadata={"description": "officers and auditors only, masked"})
    released_at = Timestamp(allow_none=True)
    released_by = fields.String(allow_none=True, metadata={
        "description": "officers and auditors only: who released it; null when published automatically"})
    refusal = fields.Nested(RefusalOut, allow_none=True)
    answer = fields.Nested(AnswerOut, allow_none=True)
    overdue = fields.Boolean()


class QuestionPage(Schema):
    items = fields.List(fields.Nested(QuestionOut))
    next_cursor = Cursor(allow_none=True)
