from __future__ import annotations

from marshmallow import Schema, fields, validate

from ledger.fields import Code, Day, Money, Month, Percent, Text


class CompoundCreate(Schema):
    code = Code(required=True, max_length=32, metadata={"pattern": "^[a-z][a-z0-9_-]{0,31}$", "example": "xingfuli"})
    name = Text(required=True, max_length=100, metadata={"example": "幸福里小区"})
    effective_from = Day(load_default=None, metadata={
        "description": "first day of the trust arrangement (its agreements); default 1 January of this year"})
    remuneration_percent = Percent(load_default=None, metadata={
        "description": "remuneration as a percentage of 物业费; omit for a fixed monthly remuneration"})


class CompoundAccounts(Schema):
    trust_fund = fields.String()
    remuneration = fields.String()


class CompoundOut(Schema):
    code = fields.String()
    name = fields.String()
    fund = fields.String(metadata={"description": "the trust fund's code (same as the compound's)"})
    operator = fields.String(metadata={"description": "record the compound's incomes under this operator"})
    accounts = fields.Nested(CompoundAccounts)
    agreements = fields.List(fields.Integer(), metadata={
        "description": "ids of the compound's agreements (its operator's), oldest first: those created with it, "
                       "then later versions"})


class RemunerationIn(Schema):
    month = Month(required=True)
    amount = Money(required=True, positive=True)
    occurred_on = Day(load_default=None, metadata={"description": "default: the month's last day (or today)"})


class RemunerationOut(Schema):
    compound = fields.String()
    month = Month()
    amount = Money()
    transaction_seq = fields.Integer()


class StatementArgs(Schema):
    month = Month(required=True)


class DisclosureArgs(StatementArgs):
    lang = fields.String(load_default="zh", validate=validate.OneOf(("zh", "en")),
                         metadata={"description": "zh (default) or en"})


class ItemAmount(Schema):
    item = fields.String()
    amount = Money(allow_negative=True)


class Totals(Schema):
    opening_balance = Money(allow_negative=True)
    income = fields.List(fields.Nested(ItemAmount))
    income_total = Money(allow_negative=True)
    remuneration = Money(allow_negative=True)
    expenses = fields.List(fields.Nested(ItemAmount))
    expense_total = Money(allow_negative=True)
    closing_balance = Money(allow_negative=True)


class YearToDate(Totals):
    from_ = fields.Date(data_key="from")
    to = fields.Date()


class ExpenseLine(Schema):
    transaction_seq = fields.Integer()
    occurred_on = fields.Date()
    item = fields.String()
    amount = Money(allow_negative=True)
    payee = fields.String(metadata={"description": "masked"})
    purpose = fields.String(metadata={"description": "phone numbers masked"})
    disbursement = fields.Integer(allow_none=True)
    vouchers = fields.List(fields.String(), metadata={"description": "sha256 of each voucher"})


class StatementOut(Totals):
    compound = fields.String()
    name = fields.String()
    month = Month()
    year_to_date = fields.Nested(YearToDate)
    expense_details = fields.List(fields.Nested(ExpenseLine))
