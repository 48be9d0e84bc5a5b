from __future__ import annotations

from flask import current_app, jsonify, request
from flask_smorest import Blueprint

from ledger import db, idempotency
from ledger.auth.access import READ, WRITE, actor, guarded
from ledger.incomes import declarations, schemas, services
from ledger.incomes.services import Recorded
from ledger.operators.services import find_operator
from ledger.proofs.receipts import receipt_url
from ledger.timeutil import local_today

blp = Blueprint("incomes", __name__, url_prefix="/api/v1/communities",
                description="Incomes (收入登记), declarations (利润申报) and remittances (回款)")


_INCOME_OUT = schemas.IncomeOut()  # built once: a schema costs more to build than to dump


def present(recorded: Recorded) -> dict:
    income, allocation = recorded.income, recorded.allocation
    return {
        "id": income.id, "transaction_seq": recorded.seq, "amount": income.amount,
        "shares": [{"to": to, "amount": amount} for to, _, amount in allocation.shares],
        "remainder": {"to": allocation.remainder_account, "amount": allocation.remainder},
        "operator": recorded.operator.code, "occurred_on": income.occurred_on, "channel": income.channel,
        "category": income.category, "reference": income.reference, "payer": income.payer, "note": income.note,
        "agreement": income.agreement_id, "period": income.period_key, "created_by": income.created_by,
    }


@blp.post("/<string:c>/incomes")
@guarded(WRITE)
@blp.arguments(schemas.IncomeCreate)
@blp.response(201, schemas.IncomeOut)
@blp.doc(parameters=[{"in": "header", "name": "Idempotency-Key", "required": False, "schema": {"type": "string"},
                      "description": "same key and body: the first answer again, nothing written"}])
def create_income(body, community):
    """Record an income and apply the agreement's split (officer)."""
    session, key = db.session(), request.headers.get("Idempotency-Key")
    if key is not None:
        replay = idempotency.claim(session, community, key, request.get_json(silent=True), created_by=actor())
        if replay is not None:
            response = jsonify(replay.body)
            response.status_code, response.headers["Idempotent-Replayed"] = replay.status, "true"
            return response
    body["occurred_on"] = body["occurred_on"] or local_today()
    recorded = services.record_income(session, community, body, created_by=actor())
    answer = _INCOME_OUT.dump({**present(recorded), "receipt_url": receipt_url(community.code, recorded.seq)})
    if key is not None:
        idempotency.remember(session, community, key, 201, answer)
    response = jsonify(answer)
    response.status_code = 201
    return response


@blp.get("/<string:c>/incomes")
@guarded(READ)
@blp.arguments(schemas.IncomeListArgs, location="query")
@blp.response(200, schemas.IncomePage)
def list_incomes(args, community):
    """Incomes in date order, private fields included (officer, auditor)."""
    session = db.session()
    limit = args["limit"] or current_app.config["LEDGER"]["PAGE_SIZE"]
    operator = find_operator(session, community, args["operator"]) if args["operator"] else None
    rows = services.list_incomes(session, community, start=args["from_"], end=args["to"], operator=operator,
                                 after=args["cursor"], limit=limit)
    items = [{"id": i.id, "operator": code, "occurred_on": i.occurred_on, "amount": i.amount, "channel": i.channel,
              "category": i.category, "reference": i.reference, "payer": i.payer, "note": i.note,
              "transaction_seq": seq, "reversed_by": reversal, "created_at": i.created_at,
              "created_by": i.created_by} for i, code, seq, reversal in rows]
    last = rows[-1][0] if len(rows) == limit else None
    return {"items": items, "next_cursor": (last.occurred_on, last.id) if last else None}


@blp.post("/<string:c>/incomes/<int:income_id>/reversal")
@guarded(WRITE)
@blp.arguments(schemas.ReversalIn)
@blp.response(201, schemas.ReversalOut)
def reverse_income(body, community, income_id):
    """Reverse an income once; the split runs backwards in the income's own period (officer)."""
    recorded = services.reverse_income(db.session(), community, income_id, body["reason"],
                                       occurred_on=body["occurred_on"] or local_today(), created_by=actor())
    allocation = recorded.allocation
    return {"income": income_id, "transaction_seq": recorded.seq, "amount": -recorded.income.amount,
            "shares": [{"to": to, "amount": amount} for to, _, amount in allocation.shares],
            "remainder": {"to": allocation.remainder_account, "amount": allocation.remainder}}


@blp.post("/<string:c>/declarations")
@guarded(WRITE)
@blp.arguments(schemas.DeclarationCreate)
@blp.response(201, schemas.DeclarationOut)
def create_declaration(body, community):
    """Declare an operator's revenue and costs for a period; a repeat corrects it (officer)."""
    declared = declarations.declare(db.session(), community, body, occurred_on=body["occurred_on"] or local_today(),
                                    created_by=actor())
    d = declared.declaration
    return {"id": d.id, "operator": declared.operator.code, "period": d.period_key, "revenue": d.revenue,
            "costs": d.costs, "profit": d.profit, "transaction_seq": declared.seq, "correction": declared.correction,
            "due": [{"to": to, "amount": amount} for to, amount in declared.due],
            "posted": [{"to": to, "amount": amount} for to, _, amount in declared.posted.shares]}


@blp.post("/<string:c>/remittances")
@guarded(WRITE)
@blp.arguments(schemas.RemittanceCreate)
@blp.response(201, schemas.RemittanceOut)
def create_remittance(body, community):
    """Record money an operator hands over against what it owes (officer)."""
    body["occurred_on"] = body["occurred_on"] or local_today()
    remittance, seq = declarations.remit(db.session(), community, body, created_by=actor())
    return {"id": remittance.id, "operator": body["operator"], "occurred_on": remittance.occurred_on,
            "amount": remittance.amount, "channel": remittance.channel, "reference": remittance.reference,
            "transaction_seq": seq}
