from __future__ import annotations

from marshmallow import Schema, fields

from ledger.fields import Code, Day, Money, Text, Timestamp


class ProjectCreate(Schema):
    code = Code(required=True, max_length=32, metadata={"pattern": "^[a-z0-9][a-z0-9_-]{0,31}$", "example": "library"})
    name = Text(required=True, max_length=200, metadata={"example": "社区书屋"})
    purpose = Text(load_default="", max_length=1000, allow_empty=True, metadata={"description": "public"})
    budget = Money(required=True)
    fund = Code(required=True, metadata={"example": "public_benefit"})


class BudgetIn(Schema):
    budget = Money(required=True)
    reason = Text(required=True, max_length=500)


class ProjectOut(Schema):
    code = fields.String()
    name = fields.String()
    purpose = fields.String()
    fund = fields.String()
    budget = Money()
    committed = Money(metadata={"description": "approved, not yet paid"})
    spent = Money(metadata={"description": "paid"})
    remaining = Money(allow_negative=True, metadata={"description": "budget - committed - spent"})


class BudgetChangeOut(Schema):
    changed_at = Timestamp()
    budget_before = Money()
    budget_after = Money()
    reason = fields.String()


class BudgetChangeFull(BudgetChangeOut):
    changed_by = fields.String()


class PublicPayment(Schema):
    """A paid disbursement as the public sees it: the payee masked (张*, 138****8888)."""
    id = fields.Integer()
    paid_on = Day()
    amount = Money()
    item = fields.String(allow_none=True)
    payee = fields.String(metadata={"description": "masked"})
    purpose = fields.String(metadata={"description": "phone numbers masked"})
    transaction_seq = fields.Integer()
    vouchers = fields.List(fields.String(), metadata={"description": "sha256 of each voucher"})


class ProjectDetail(ProjectOut):
    budget_changes = fields.List(fields.Nested(BudgetChangeOut))
    payments = fields.List(fields.Nested(PublicPayment))


class BudgetChanged(ProjectOut):
    change = fields.Nested(BudgetChangeFull)
