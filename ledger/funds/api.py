"""Funds (基金): balances, inflows and outflows for anyone; earmarked sub-funds for officers."""
from __future__ import annotations

from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, WRITE, actor, guarded
from ledger.disbursements import queries
from ledger.disbursements.services import committed_of_fund
from ledger.funds import schemas, services
from ledger.timeutil import local_today

blp = Blueprint("funds", __name__, url_prefix="/api/v1/communities",
                description="Funds (基金): the public-benefit fund, earmarked sub-funds, trust funds")


def present(figures: services.FundFigures) -> dict:
    fund = figures.fund
    return {"code": fund.code, "name": fund.name, "kind": fund.kind, "account": figures.account,
            "opening": figures.opening, "inflow": figures.inflow, "outflow": figures.outflow,
            "balance": figures.balance, "committed": committed_of_fund(db.session(), fund)}


@blp.get("/<string:c>/funds")
@guarded(PUBLIC)
@blp.arguments(schemas.FundArgs, location="query")
@blp.response(200, schemas.FundOut(many=True))
def list_funds(args, community):
    """Every fund: inflow and outflow within from..to, balance at 'to' (default today) (public)."""
    end = args["to"] or local_today()
    return [present(f) for f in services.fund_figures(db.session(), community, args["from_"], end)]


@blp.post("/<string:c>/funds")
@guarded(WRITE)
@blp.arguments(schemas.FundCreate)
@blp.response(201, schemas.FundOut)
def create_fund(body, community):
    """Add an earmarked sub-fund with its own account 311.<code> (officer)."""
    session = db.session()
    fund = services.create_fund(session, community, body["code"], body["name"], created_by=actor())
    return present(next(f for f in services.fund_figures(session, community, None, local_today())
                        if f.fund.id == fund.id))


@blp.get("/<string:c>/funds/<string:code>")
@guarded(PUBLIC)
@blp.arguments(schemas.FundArgs, location="query")
@blp.response(200, schemas.FundDetail)
def get_fund(args, community, code):
    """One fund with what it paid in the range, by project (public)."""
    session = db.session()
    fund = services.get_fund(session, community, code)
    end = args["to"] or local_today()
    figures = next(f for f in services.fund_figures(session, community, args["from_"], end) if f.fund.id == fund.id)
    outflows = [{"project": p, "project_name": name, "item": item, "amount": amount}
                for p, name, item, amount in queries.outflows_by_project(session, fund, args["from_"], end)]
    return {**present(figures), "outflows": outflows}
