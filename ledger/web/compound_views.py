"""Compounds under trust-based property management (信托制物业): the list, adding one
with its remuneration rule, its monthly statement (the API's statement service) with
the disclosure workbook, and charging a fixed monthly remuneration."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import READ, WRITE, actor, can, current_user, guarded
from ledger.core.errors import LedgerError
from ledger.core.money import format_fen
from ledger.core.periods import format_month, month_start, parse_month
from ledger.timeutil import local_today
from ledger.trust import services
from ledger.trust.api import present_statement
from ledger.trust.schemas import CompoundCreate, RemunerationIn
from ledger.trust.statement import statement
from ledger.web.blueprint import bp
from ledger.web.forms import Form

COMPOUND_FIELDS = ("code", "name", "remuneration_percent", "effective_from")
REMUNERATION_FIELDS = ("month", "amount", "occurred_on")


def _list_page(community, form: Form):
    return render_template("workspace/compounds.html", community=community, form=form, fields=COMPOUND_FIELDS,
                           compounds=services.list_compounds(db.session(), community),
                           can_write=can(current_user(), WRITE, community)), form.status


@bp.get("/w/<c>/compounds")
@guarded(READ)
def compounds(community):
    return _list_page(community, Form({"effective_from": date(local_today().year, 1, 1).isoformat()}))


@bp.post("/w/<c>/compounds")
@guarded(WRITE)
def create_compound(community):
    form = Form.posted()
    body = form.load(CompoundCreate())
    if body is None:
        return _list_page(community, form)
    body["effective_from"] = body["effective_from"] or date(local_today().year, 1, 1)  # as the API has it
    try:
        made = services.create_compound(db.session(), community, body, created_by=actor())
    except LedgerError as error:
        form.refuse(error)
        return _list_page(community, form)
    flash(_("Compound %(name)s added: record its incomes under the operator %(code)s.",
            name=made.compound.name, code=made.operator.code))
    return redirect(url_for("workspace.compound", c=community.code, k=made.compound.code), 303)


def _statement_page(community, k: str, month_form: Form, form: Form):
    session = db.session()
    compound = services.get_compound(session, community, k)
    month = _month(month_form)
    data = present_statement(compound, statement(session, community, compound, month)) if month else None
    return render_template("workspace/compound.html", community=community, compound=services.view(session, compound),
                           month_form=month_form, form=form, fields=REMUNERATION_FIELDS, data=data,
                           month=format_month(month) if month else None,
                           can_write=can(current_user(), WRITE, community)), max(form.status, month_form.status)


@bp.get("/w/<c>/compounds/<k>")
@guarded(READ)
def compound(community, k: str):
    month = request.args.get("month") or format_month(month_start(local_today()))
    return _statement_page(community, k, Form({"month": month}), Form({"month": month}))


@bp.post("/w/<c>/compounds/<k>/remuneration")
@guarded(WRITE)
def post_remuneration(community, k: str):
    """Charge a month's fixed remuneration to the trust fund, once per month."""
    form = Form.posted()
    month_form = Form({"month": form.get("month") or format_month(month_start(local_today()))})
    body = form.load(RemunerationIn())
    if body is None:
        return _statement_page(community, k, month_form, form)
    try:
        row, seq = services.post_fixed_remuneration(db.session(), community, k, body["month"], body["amount"],
                                                    today=local_today(), occurred_on=body["occurred_on"],
                                                    created_by=actor())
    except LedgerError as error:
        form.refuse(error)
        return _statement_page(community, k, month_form, form)
    flash(_("Fixed remuneration of %(month)s charged to the trust fund: %(amount)s (journal no. %(seq)s).",
            month=format_month(row.month), amount=format_fen(row.amount), seq=seq))
    return redirect(url_for("workspace.compound", c=community.code, k=k, month=format_month(row.month)), 303)


def _month(form: Form) -> date | None:
    try:
        return parse_month(form.get("month").strip())
    except LedgerError as error:
        form.note({"month": [error.message]})
        return None
