from __future__ import annotations

from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, guarded
from ledger.public import schemas, services
from ledger.timeutil import local_today

blp = Blueprint("public_api", __name__, url_prefix="/api/v1/communities",
                description="The residents' figures: the same as the public pages, nothing private")


def present(home: services.Home) -> dict:
    return {
        "community": {"code": home.community.code, "name": home.community.name},
        "year": home.year, "as_of": home.as_of, "fund": home.fund, "funds": home.funds,
        "months": [present_month(m) for m in home.months],
        "operators": home.operators,
        "projects": home.projects,
        "compounds": [{"code": c.code, "name": c.name, "fund": c.fund} for c in home.compounds],
        "chain": {"head_seq": home.chain.seq, "head_hash": home.chain.hash},
        "questions": {"asked": home.questions.asked, "answered": home.questions.answered,
                      "overdue": home.questions.overdue},
    }


def present_month(m: services.FundMonth) -> dict:
    return {"month": m.month, "inflows": [{"operator": code, "amount": amount} for code, amount in m.inflows],
            "other_inflow": m.other_inflow, "inflow": m.inflow,
            "outflows": [{"project": code, "amount": amount} for code, amount in m.outflows],
            "other_outflow": m.other_outflow, "outflow": m.outflow}


@blp.get("/<string:c>/public")
@guarded(PUBLIC)
@blp.arguments(schemas.YearArgs, location="query")
@blp.response(200, schemas.PublicSummary)
def public_summary(args, community):
    """The public-benefit fund, its months, the operators' year, the projects, the compounds and
    the chain head: the figures of the home page (public)."""
    home = services.home(db.session(), community, year=args["year"], today=local_today())
    return present(home)
