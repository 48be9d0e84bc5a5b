from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_dump, validate, validates_schema

from ledger.core.chart import ACCOUNT_TYPES
from ledger.core.journal import MANUAL_SOURCES
from ledger.fields import Code, Cursor, Day, Money, Text, Timestamp
from ledger.schemas import DateRangeArgs, DatedPageArgs


class PostingIn(Schema):
    account = Code(required=True)
    debit = Money(positive=True)
    credit = Money(positive=True)

    @validates_schema
    def _one_side(self, data, **kwargs):
        if ("debit" in data) == ("credit" in data):
            raise ValidationError("give exactly one of debit or credit", "debit")


class TransactionCreate(Schema):
    occurred_on = Day(required=True)
    description = Text(required=True, max_length=500)
    source = fields.String(load_default="transfer", validate=validate.OneOf(MANUAL_SOURCES))
    postings = fields.List(fields.Nested(PostingIn), required=True, validate=validate.Length(2, 200))


class ReversalCreate(Schema):
    reason = Text(required=True, max_length=400)
    occurred_on = Day(load_default=None, metadata={"description": "date of the reversal; default today"})


class PostingOut(Schema):
    line_no = fields.Integer()
    account = fields.String()
    account_name = fields.String()
    debit = Money()
    credit = Money()

    @post_dump
    def _drop_empty_side(self, data, **kwargs):
        return {k: v for k, v in data.items() if v is not None}


_PUBLIC = "public"


class TransactionOut(Schema):
    class Meta:
        description = ("A journal transaction. Every field is public except `reason` (a reversal's "
                       "reason: officers and auditors only).")

    seq = fields.Integer(metadata={"description": _PUBLIC})
    occurred_on = fields.Date(metadata={"description": _PUBLIC})
    description = fields.String(metadata={"description": (
        "public, as hashed; a reversal's reads '冲销 #N' (its reason is the private `reason`). A reversal "
        "posted before reasons were kept apart holds '冲销 #N: reason' in its hashed description: "
        "officers and auditors read that, anyone else '冲销 #N'")})
    reason = fields.String(allow_none=True, metadata={"description": (
        "private: a reversal's reason as the officer typed it, for officers and auditors of the "
        "community; null for anyone else and for other transactions. Not hashed")})
    source = fields.String(metadata={"description": _PUBLIC})
    reverses = fields.Integer(allow_none=True, metadata={"description": "public: the seq this one reverses"})
    created_at = Timestamp(metadata={"description": "public; UTC, as hashed"})
    created_by = fields.String(metadata={"description": "public: the username that recorded it"})
    hash = fields.String(metadata={"description": "public: the chain hash (CHAIN.md)"})
    postings = fields.List(fields.Nested(PostingOut), metadata={"description": _PUBLIC})


class JournalPage(Schema):
    items = fields.List(fields.Nested(TransactionOut))
    next_cursor = Cursor(dated=True, allow_none=True)


class JournalArgs(DateRangeArgs, DatedPageArgs):
    pass


class AccountCreate(Schema):
    code = Code(required=True)
    name = Text(required=True, max_length=200)
    type = fields.String(required=True, validate=validate.OneOf(ACCOUNT_TYPES))
    parent = Code(load_default=None)


class AccountOut(Schema):
    code = fields.String()
    name = fields.String()
    type = fields.String()
    parent = fields.String(allow_none=True)


class BalanceArgs(Schema):
    as_of = Day(load_default=None, metadata={"description": "default today"})


class BalanceOut(Schema):
    account = fields.String()
    as_of = fields.Date()
    balance = Money(metadata={"description": "on the account's normal side (debit for assets and expenses); "
                                             "a parent account's balance includes all its sub-accounts"})
    side = fields.String(metadata={"description": "debit or credit: the normal side of the account"})


class TrialBalanceArgs(DateRangeArgs):
    levels = fields.String(load_default="detail", validate=validate.OneOf(("detail", "all")), metadata={
        "description": "detail (default): the accounts that were posted to; all: every account, parents "
                       "holding the sum of their sub-accounts"})


class TrialRowOut(Schema):
    account = fields.String()
    name = fields.String()
    type = fields.String()
    level = fields.Integer(metadata={"description": "1 for a first-level account, 2 for its sub-accounts ..."})
    sub_accounts = fields.Boolean(metadata={"description": "the figures include sub-accounts (levels=all)"})
    opening_debit = Money()
    opening_credit = Money()
    debit = Money()
    credit = Money()
    closing_debit = Money()
    closing_credit = Money()


class TrialBalanceOut(Schema):
    from_ = fields.Date(data_key="from")
    to = fields.Date()
    rows = fields.List(fields.Nested(TrialRowOut))
    totals = fields.Nested(TrialRowOut)


class PeriodOut(Schema):
    month = fields.String()
    closed_at = Timestamp()
    closed_by = fields.String()
    accounts = fields.Integer(metadata={"description": "accounts in the closing snapshot"})


class ChainOut(Schema):
    head_seq = fields.Integer()
    head_hash = fields.String()


class VerificationOut(Schema):
    ok = fields.Boolean()
    head_seq = fields.Integer()
    head_hash = fields.String()
    broken_seq = fields.Integer(allow_none=True)
    message = fields.String()
