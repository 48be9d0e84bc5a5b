"""The approver's queue: every disbursement awaiting approval with its vouchers, approved
or rejected (with a reason) by someone who had no hand in it (see services.hands_on)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import APPROVE, actor, guarded
from ledger.core.approval import SUBMITTED
from ledger.core.errors import FourEyes, LedgerError
from ledger.disbursements import queries, services
from ledger.disbursements.schemas import ApproveIn, RejectIn
from ledger.funds.services import fund_balance, get_fund
from ledger.web.blueprint import bp
from ledger.web.forms import Form
from ledger.web.money_labels import money_labels

MAX_QUEUE = 500


def _available(session, community, codes: set[str]) -> dict[str, int]:
    """What each fund could still pay now: its balance less what is approved and unpaid."""
    funds = {code: get_fund(session, community, code) for code in codes}
    return {code: fund_balance(session, community, fund) - services.committed_of_fund(session, fund)
            for code, fund in funds.items()}


def _queue(community, form: Form, target: int | None = None):
    session = db.session()
    items = queries.page(session, community, state=SUBMITTED, limit=MAX_QUEUE)
    return render_template("workspace/approvals.html", community=community, items=items, form=form,
                           target=target, available=_available(session, community, {i.fund for i in items}),
                           money=money_labels(), hands_on=services.hands_on), form.status


@bp.get("/w/<c>/approvals")
@guarded(APPROVE)
def approvals(community):
    return _queue(community, Form())


def _decide(community, disbursement_id: int, schema, decide):
    """Load the form, let the service decide, and explain a refusal on the queue itself
    (the four-eyes rule included: nothing is written then)."""
    form = Form.posted()
    body = form.load(schema)
    if body is None:
        return None, _queue(community, form, disbursement_id)
    try:
        return decide(body), None
    except FourEyes as error:
        db.session().rollback()
        form.note({}, status=403, message=error.message)
    except LedgerError as error:
        form.refuse(error)
    return None, _queue(community, form, disbursement_id)


@bp.post("/w/<c>/approvals/<int:disbursement_id>/approve")
@guarded(APPROVE)
def approve_disbursement(community, disbursement_id: int):
    decided, page = _decide(community, disbursement_id, ApproveIn(), lambda body: services.approve(
        db.session(), community, disbursement_id, by=actor(), note=body["note"]))
    if decided is None:
        return page
    flash(_("Disbursement %(id)s approved.", id=decided.id))
    return redirect(url_for("workspace.approvals", c=community.code), 303)


@bp.post("/w/<c>/approvals/<int:disbursement_id>/reject")
@guarded(APPROVE)
def reject_disbursement(community, disbursement_id: int):
    decided, page = _decide(community, disbursement_id, RejectIn(), lambda body: services.reject(
        db.session(), community, disbursement_id, by=actor(), reason=body["reason"]))
    if decided is None:
        return page
    flash(_("Disbursement %(id)s rejected.", id=decided.id))
    return redirect(url_for("workspace.approvals", c=community.code), 303)
