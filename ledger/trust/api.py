"""Compounds (小区) under trust-based property management: accounts, remuneration, statements."""
from __future__ import annotations

from datetime import date

from flask import Response
from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, WRITE, actor, guarded
from ledger.core.periods import format_month, month_end
from ledger.core.trust import Statement, Totals
from ledger.trust import schemas, services
from ledger.trust.statement import statement
from ledger.timeutil import local_today
from reports import disclosure_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

blp = Blueprint("trust", __name__, url_prefix="/api/v1/communities",
                description="Compounds (小区) under trust-based property management (信托制物业)")


def present(v: services.CompoundView) -> dict:
    return {"code": v.compound.code, "name": v.compound.name, "fund": v.fund.code, "operator": v.operator.code,
            "accounts": {"trust_fund": v.trust_account, "remuneration": v.remuneration_account},
            "agreements": [a.id for a in v.agreements]}


def present_totals(t: Totals) -> dict:
    return {"opening_balance": t.opening, "income_total": t.income_total, "remuneration": t.remuneration,
            "expense_total": t.expense_total, "closing_balance": t.closing,
            "income": [{"item": i, "amount": a} for i, a in t.income],
            "expenses": [{"item": i, "amount": a} for i, a in t.expenses]}


def present_statement(compound, s: Statement) -> dict:
    lines = [{"transaction_seq": r.seq, "occurred_on": r.occurred_on, "item": r.item, "amount": r.amount,
              "payee": r.payee, "purpose": r.purpose, "disbursement": r.disbursement, "vouchers": list(r.vouchers)}
             for r in s.expense_lines]
    return {"compound": compound.code, "name": compound.name, "month": s.month, **present_totals(s.totals),
            "year_to_date": {"from_": date(s.month.year, 1, 1), "to": month_end(s.month),
                             **present_totals(s.year_to_date)},
            "expense_details": lines}


@blp.post("/<string:c>/compounds")
@guarded(WRITE)
@blp.arguments(schemas.CompoundCreate)
@blp.response(201, schemas.CompoundOut)
def create_compound(body, community):
    """Add a compound: its trust fund, remuneration account, operator and agreements (officer)."""
    body["effective_from"] = body["effective_from"] or date(local_today().year, 1, 1)
    return present(services.create_compound(db.session(), community, body, created_by=actor()))


@blp.get("/<string:c>/compounds")
@guarded(PUBLIC)
@blp.response(200, schemas.CompoundOut(many=True))
def list_compounds(community):
    """The community's compounds (public)."""
    return [present(v) for v in services.list_compounds(db.session(), community)]


@blp.get("/<string:c>/compounds/<string:k>")
@guarded(PUBLIC)
@blp.response(200, schemas.CompoundOut)
def get_compound(community, k):
    """One compound and its accounts (public)."""
    session = db.session()
    return present(services.view(session, services.get_compound(session, community, k)))


@blp.post("/<string:c>/compounds/<string:k>/remuneration")
@guarded(WRITE)
@blp.arguments(schemas.RemunerationIn)
@blp.response(201, schemas.RemunerationOut)
def post_remuneration(body, community, k):
    """Charge a month's fixed remuneration to the trust fund; once per month (officer)."""
    row, seq = services.post_fixed_remuneration(db.session(), community, k, body["month"], body["amount"],
                                                today=local_today(), occurred_on=body["occurred_on"],
                                                created_by=actor())
    return {"compound": k, "month": row.month, "amount": row.amount, "transaction_seq": seq}


@blp.get("/<string:c>/compounds/<string:k>/statement")
@guarded(PUBLIC)
@blp.arguments(schemas.StatementArgs, location="query")
@blp.response(200, schemas.StatementOut)
def get_statement(args, community, k):
    """The monthly statement (收支公示): opening, income by item, remuneration, expenses by
    item with vouchers, closing, year to date; payees masked (public)."""
    session = db.session()
    compound = services.get_compound(session, community, k)
    return present_statement(compound, statement(session, community, compound, args["month"]))


@blp.get("/<string:c>/compounds/<string:k>/disclosure.xlsx")
@guarded(PUBLIC)
@blp.arguments(schemas.DisclosureArgs, location="query")
@blp.doc(responses={"200": {"description": "the monthly disclosure workbook (收支公示表)", "content": {
    XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
def get_disclosure(args, community, k):
    """The monthly statement as a workbook, with the vouchers of each expense item; payees
    masked (public)."""
    body, name = disclosure_file(db.session(), community, k, args["month"], args["lang"])
    response = Response(body, mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def disclosure_file(session, community, k: str, month: date, lang: str) -> tuple[bytes, str]:
    """The disclosure workbook of compound ``k`` and its file name (the download and its job)."""
    compound = services.get_compound(session, community, k)
    data = present_statement(compound, statement(session, community, compound, month))
    vouchers: dict[str, list[str]] = {}
    for line in data["expense_details"]:
        vouchers.setdefault(line["item"], []).extend(line["vouchers"])
    data["expenses"] = [{**e, "vouchers": vouchers.get(e["item"], [])} for e in data["expenses"]]
    body = disclosure_workbook(data, lang, compound=compound.name, community=community.name)
    return body, f"disclosure-{community.code}-{compound.code}-{format_month(month)}.xlsx"
