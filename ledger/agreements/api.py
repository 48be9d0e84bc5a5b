from __future__ import annotations

from flask_smorest import Blueprint

from ledger import db
from ledger.agreements import schemas, services
from ledger.agreements.models import Agreement
from ledger.auth.access import PUBLIC, WRITE, actor, guarded
from ledger.journal.models import Account
from ledger.operators.models import Operator
from ledger.timeutil import local_today

blp = Blueprint("agreements", __name__, url_prefix="/api/v1/communities",
                description="Split agreements (分成/反哺协议) and their simulation")


def present(agreement: Agreement) -> dict:
    session = db.session()
    return {
        "id": agreement.id, "operator": session.get(Operator, agreement.operator_id).code,
        "category": agreement.category, "basis": agreement.basis, "period": agreement.period,
        "effective_from": agreement.effective_from, "effective_to": agreement.effective_to,
        "shares": agreement.shares, "remainder_to": session.get(Account, agreement.remainder_account_id).code,
        "minimum": agreement.minimum, "note": agreement.note, "created_by": agreement.created_by,
        "ended_by": agreement.ended_by,
    }


@blp.post("/<string:c>/agreements")
@guarded(WRITE)
@blp.arguments(schemas.AgreementCreate)
@blp.response(201, schemas.AgreementOut)
def create_agreement(body, community):
    """Add an agreement, or a new version from a later date that ends the open one (officer)."""
    return present(services.create_agreement(db.session(), community, body, created_by=actor()))


@blp.get("/<string:c>/agreements")
@guarded(PUBLIC)
@blp.response(200, schemas.AgreementOut(many=True))
def list_agreements(community):
    """Every agreement with its dates and shares (public: residents see the terms)."""
    return [present(a) for a in services.list_agreements(db.session(), community)]


@blp.post("/<string:c>/agreements/simulate")
@guarded(WRITE)
@blp.arguments(schemas.SimulateIn)
@blp.response(200, schemas.SimulateOut)
def simulate(body, community):
    """Run the split engine over amounts for a draft agreement; nothing is written (officer)."""
    return services.simulate(db.session(), community, body["agreement"], body["amounts"], today=local_today())
