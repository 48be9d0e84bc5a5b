"""Funds (基金): balances, inflows and outflows for anyone; earmarked sub-funds for officers."""
from __future__ import annotations

from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, WRITE, actor, guarded
from ledger.disbursements.services import committed_of_fund
from ledger.funds import schemas, services
from ledger.funds.figures import FundFigures, fund_figures
from ledger.timeutil import local_today

blp = Blueprint("funds", __name__, url_prefix="/api/v1/communities",
                description="Funds (基金): the public-benefit fund, earmarked sub-funds, trust funds")


def present(figures: FundFigures) -> dict:
    fund = figures.fund
    return {"code": fund.code, "name": fund.name, "kind": fund.kind, "account": figures.account,
            "opening": figures.opening, "inflow": figures.inflow, "outflow": figures.outflow,
            "balance": figures.closing, "committed": committed_of_fund(db.session(), fund)}


def present_outflows(figures: FundFigures) -> list[dict]:
    """The outflows by project (or expense item), then what no payment explains: they add
    up to the fund's outflow."""
    lines = [{"kind": "project" if line.project else "item", "project": line.project, "project_name": line.name,
              "item": line.item, "amount": line.amount} for line in figures.outflows]
    if figures.other_outflow:
        lines.append({"kind": "other", "project": None, "project_name": None, "item": None,
                      "amount": figures.other_outflow})
    return lines


def present_inflows(figures: FundFigures) -> list[dict]:
    """The net shares by operator, then the other money paid in: they add up to the inflow."""
    lines = [{"kind": "operator", "operator": line.operator, "operator_name": line.name, "amount": line.amount}
             for line in figures.inflows]
    if figures.other_inflow:
        lines.append({"kind": "other", "operator": None, "operator_name": None, "amount": figures.other_inflow})
    return lines


@blp.get("/<string:c>/funds")
@guarded(PUBLIC)
@blp.arguments(schemas.FundArgs, location="query")
@blp.response(200, schemas.FundOut(many=True))
def list_funds(args, community):
    """Every fund: inflow and outflow within from..to, balance at 'to' (default today) (public)."""
    end = args["to"] or local_today()
    return [present(f) for f in fund_figures(db.session(), community, args["from_"], end)]


@blp.post("/<string:c>/funds")
@guarded(WRITE)
@blp.arguments(schemas.FundCreate)
@blp.response(201, schemas.FundOut)
def create_fund(body, community):
    """Add an earmarked sub-fund with its own account 311.<code> (officer)."""
    session = db.session()
    fund = services.create_fund(session, community, body["code"], body["name"], created_by=actor())
    return present(next(f for f in fund_figures(session, community, None, local_today()) if f.fund.id == fund.id))


@blp.get("/<string:c>/funds/<string:code>")
@guarded(PUBLIC)
@blp.arguments(schemas.FundArgs, location="query")
@blp.response(200, schemas.FundDetail)
def get_fund(args, community, code):
    """One fund with its inflows by operator and its outflows by project in the range (public)."""
    session = db.session()
    fund = services.get_fund(session, community, code)
    end = args["to"] or local_today()
    figures = next(f for f in fund_figures(session, community, args["from_"], end) if f.fund.id == fund.id)
    return {**present(figures), "inflows": present_inflows(figures), "outflows": present_outflows(figures)}
