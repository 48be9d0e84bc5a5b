"""Operators: the list, and adding one (with its own revenue, receivable and payable accounts)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import WRITE, actor, guarded
from ledger.core.errors import LedgerError
from ledger.operators import services
from ledger.operators.models import KINDS, SETTLEMENTS
from ledger.operators.schemas import OperatorCreate
from ledger.web.blueprint import bp
from ledger.web.forms import Form

OPERATOR_FIELDS = ("code", "name", "kind", "settlement")


def _page(community, form: Form):
    return render_template("workspace/operators.html", community=community, form=form, fields=OPERATOR_FIELDS,
                           operators=services.list_operators(db.session(), community), kinds=KINDS,
                           settlements=SETTLEMENTS), form.status


@bp.get("/w/<c>/operators")
@guarded(WRITE)
def operators(community):
    return _page(community, Form({"settlement": "community_collects"}))


@bp.post("/w/<c>/operators")
@guarded(WRITE)
def create_operator(community):
    form = Form.posted()
    body = form.load(OperatorCreate())
    if body is None:
        return _page(community, form)
    try:
        operator = services.create_operator(db.session(), community, body["code"], body["name"], body["kind"],
                                            body["settlement"], created_by=actor())
    except LedgerError as error:
        form.refuse(error)
        return _page(community, form)
    flash(_("Operator %(name)s added.", name=operator.name))
    return redirect(url_for("workspace.operators", c=community.code), 303)
