from __future__ import annotations

from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, actor, admin_only, guarded
from ledger.communities import services
from ledger.communities.schemas import CommunityCreate, CommunityOut

blp = Blueprint("communities", __name__, url_prefix="/api/v1/communities",
                description="Communities (社区) and their charts of accounts")


@blp.post("")
@admin_only
@blp.arguments(CommunityCreate)
@blp.response(201, CommunityOut)
def create_community(body):
    """Create a community; seeds its chart of accounts and the public-benefit fund (admin)."""
    return services.create_community(db.session(), body["code"], body["name"], created_by=actor(),
                                     allow_unsplit_income=body["allow_unsplit_income"])


@blp.get("/<string:c>")
@guarded(PUBLIC)
@blp.response(200, CommunityOut)
def get_community(community):
    """A community (public)."""
    return community
