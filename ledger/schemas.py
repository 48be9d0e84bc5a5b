"""Schemas shared by every domain's API: errors, cursors, date ranges."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ledger.fields import Cursor, Day, Money


class ErrorSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class DateRangeArgs(Schema):
    from_ = Day(data_key="from", load_default=None)
    to = Day(load_default=None)

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("from_") and data.get("to") and data["from_"] > data["to"]:
            raise ValidationError("must not be before 'from'", "to")


class PageArgs(Schema):
    """A page of a list in id order."""
    cursor = Cursor(load_default=None)
    limit = fields.Integer(load_default=None, validate=validate.Range(1, 1000),
                           metadata={"description": "page size, 1-1000"})


class DatedPageArgs(PageArgs):
    """A page of a list in date order."""
    cursor = Cursor(dated=True, load_default=None)


class Allocated(Schema):
    """An amount sent to a fund or account (a share, a remainder)."""
    to = fields.String()
    amount = Money(allow_negative=True)
