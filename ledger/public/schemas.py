"""The public summary's JSON: the figures of a community's home page. Money as decimal strings."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ledger.fields import Money, Month


class YearArgs(Schema):
    year = fields.Integer(load_default=None, validate=validate.Range(2000, 9999),
                          metadata={"description": "default: this year"})


class CommunityRef(Schema):
    code = fields.String()
    name = fields.String()


class FundYearOut(Schema):
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    balance = Money(allow_negative=True, metadata={"description": "at as_of"})
    inflow = Money(allow_negative=True, metadata={
        "description": "this year: shares of operators (net of reversals) and other credits"})
    outflow = Money(allow_negative=True, metadata={
        "description": "this year: payments and other debits (reversed shares are negative inflows)"})


class OperatorInflowOut(Schema):
    operator = fields.String()
    amount = Money(allow_negative=True)


class ProjectOutflowOut(Schema):
    project = fields.String()
    amount = Money(allow_negative=True)


class FundMonthOut(Schema):
    month = Month()
    inflows = fields.List(fields.Nested(OperatorInflowOut), metadata={"description": "per operator"})
    other_inflow = Money(allow_negative=True)
    inflow = Money(allow_negative=True, metadata={"description": "inflows per operator + other_inflow"})
    outflows = fields.List(fields.Nested(ProjectOutflowOut), metadata={
        "description": "paid to each project of the fund"})
    other_outflow = Money(allow_negative=True, metadata={"description": "transfers out and other payments"})
    outflow = Money(allow_negative=True, metadata={"description": "outflows per project + other_outflow"})


class PublicProjectOut(Schema):
    code = fields.String()
    name = fields.String()
    fund = fields.String()
    budget = Money()
    spent = Money(metadata={"description": "paid up to as_of"})
    spent_in_year = Money(metadata={"description": "paid in the year"})


class PublicCompoundOut(Schema):
    code = fields.String()
    name = fields.String()
    fund = fields.String(metadata={"description": "its trust fund (see funds)"})


class OperatorYearOut(Schema):
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    gross = Money(allow_negative=True, metadata={"description": "gross income this year"})
    to_fund = Money(allow_negative=True, metadata={"description": "shares to the public-benefit fund this year"})
    shared = Money(allow_negative=True, metadata={"description": "shares to every fund and account this year"})


class ChainHeadOut(Schema):
    head_seq = fields.Integer()
    head_hash = fields.String()


class QuestionCountsOut(Schema):
    asked = fields.Integer(metadata={"description": "residents' questions ever asked, refused ones included"})
    answered = fields.Integer()
    overdue = fields.Integer(metadata={"description": "neither answered nor refused within QUESTION_OVERDUE_DAYS"})


class PublicSummary(Schema):
    class Meta:
        description = "Every field is public: figures, codes and names of businesses, projects and funds; nothing personal."

    community = fields.Nested(CommunityRef)
    year = fields.Integer()
    as_of = fields.Date(metadata={"description": "the last day counted"})
    fund = fields.Nested(FundYearOut, metadata={"description": "the public-benefit fund"})
    months = fields.List(fields.Nested(FundMonthOut), metadata={"description": "the public-benefit fund by month"})
    funds = fields.List(fields.Nested(FundYearOut))
    operators = fields.List(fields.Nested(OperatorYearOut))
    projects = fields.List(fields.Nested(PublicProjectOut))
    compounds = fields.List(fields.Nested(PublicCompoundOut))
    chain = fields.Nested(ChainHeadOut)
    questions = fields.Nested(QuestionCountsOut, metadata={"description": "as of now, whatever the year"})
