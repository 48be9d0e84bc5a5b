from __future__ import annotations

from flask_smorest import Blueprint
from sqlalchemy import select

from ledger import db
from ledger.auth.access import PUBLIC, WRITE, actor, guarded
from ledger.journal.models import Account
from ledger.operators import schemas, services
from ledger.operators.models import Operator

blp = Blueprint("operators", __name__, url_prefix="/api/v1/communities",
                description="Operators (经营主体) and their own accounts")


def present(operators: list[Operator]) -> list[dict]:
    ids = {o.revenue_account_id for o in operators} | {o.receivable_account_id for o in operators} \
        | {o.payable_account_id for o in operators}
    codes = dict(db.session().execute(select(Account.id, Account.code).where(Account.id.in_(ids))).all())
    return [{"code": o.code, "name": o.name, "kind": o.kind, "settlement": o.settlement,
             "accounts": {"revenue": codes[o.revenue_account_id], "receivable": codes[o.receivable_account_id],
                          "payable": codes[o.payable_account_id]}} for o in operators]


@blp.post("/<string:c>/operators")
@guarded(WRITE)
@blp.arguments(schemas.OperatorCreate)
@blp.response(201, schemas.OperatorOut)
def create_operator(body, community):
    """Add an operator; creates its revenue, receivable and payable sub-accounts (officer)."""
    operator = services.create_operator(db.session(), community, body["code"], body["name"], body["kind"],
                                        body["settlement"], created_by=actor())
    return present([operator])[0]


@blp.get("/<string:c>/operators")
@guarded(PUBLIC)
@blp.response(200, schemas.OperatorOut(many=True))
def list_operators(community):
    """The community's operators (public)."""
    return present(services.list_operators(db.session(), community))
