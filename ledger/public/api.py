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
        "months": [{"month": m.month, "inflows": [{"operator": code, "amount": amount} for code, amount in m.inflows],
                    "other_inflow": m.other_inflow, "inflow": m.inflow, "outflow": m.outflow} for m in home.months],
        "operators": home.operators,
        "chain": {"head_seq": home.chain.seq, "head_hash": home.chain.hash},
    }


@blp.get("/<string:c>/public")
@guarded(PUBLIC)
@blp.arguments(schemas.YearArgs, location="query")
@blp.response(200, schemas.PublicSummary)
def public_summary(args, community):
    """The public-benefit fund, its months, the operators' year and the chain head (public)."""
    home = services.home(db.session(), community, year=args["year"], today=local_today())
    return present(home)
