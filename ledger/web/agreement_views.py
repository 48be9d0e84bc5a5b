"""Agreements: the list, and a new agreement (or a new version) with a preview of what it
would produce, live through the simulate API or by the Preview button without script."""
from __future__ import annotations

import re

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from ledger import db
from ledger.agreements import services
from ledger.agreements.schemas import AgreementCreate, TermsIn
from ledger.auth.access import WRITE, actor, guarded
from ledger.core.errors import LedgerError
from ledger.fields import Day, Money
from ledger.operators.services import list_operators
from ledger.timeutil import local_today
from ledger.web import agreement_form, queries
from ledger.web.blueprint import bp
from ledger.web.forms import Form
from ledger.web.labels import operator_options

MAX_SAMPLES = 1000
AGREEMENT_FIELDS = (*agreement_form.SCALARS, "shares", "amounts")


def _form_page(community, form: Form, preview: dict | None = None):
    session = db.session()
    return render_template("workspace/agreement_form.html", community=community, form=form, preview=preview,
                           operator_options=operator_options(list_operators(session, community)),
                           fields=AGREEMENT_FIELDS,
                           targets=queries.share_targets(session, community),
                           rows=agreement_form.row_count(form)), form.status


@bp.get("/w/<c>/agreements")
@guarded(WRITE)
def agreements(community):
    rows = queries.agreements_with_operators(db.session(), community)
    return render_template("workspace/agreements.html", community=community, rows=rows)


@bp.get("/w/<c>/agreements/new")
@guarded(WRITE)
def new_agreement(community):
    form = Form({"basis": "gross", "period": "month", "effective_from": local_today().isoformat(),
                 "operator": request.args.get("operator", "")})
    base = request.args.get("from", type=int)
    if base is not None:
        for agreement, operator, _name, remainder in queries.agreements_with_operators(db.session(), community):
            if agreement.id == base:
                form.values.update(agreement_form.values_of(agreement, operator, remainder))
    return _form_page(community, form)


@bp.post("/w/<c>/agreements")
@guarded(WRITE)
def create_agreement(community):
    form = Form.posted()
    agreement_form.compact(form)
    raw, problems = agreement_form.terms_body(form)
    body = form.load(AgreementCreate(), raw) if not problems else None
    if problems:
        form.note(problems)
    if body is None:
        return _form_page(community, form)
    try:
        agreement = services.create_agreement(db.session(), community, body, created_by=actor())
    except LedgerError as error:
        form.refuse(error)
        return _form_page(community, form)
    flash(_("Agreement %(id)s saved: from %(start)s.", id=agreement.id, start=agreement.effective_from.isoformat()))
    return redirect(url_for("workspace.agreements", c=community.code), 303)


@bp.post("/w/<c>/agreements/preview")
@guarded(WRITE)
def preview_agreement(community):
    """The form again with what the draft would produce (or, asked for, more share rows)."""
    form = Form.posted()
    agreement_form.compact(form)
    if form.get("add_rows"):
        form.values["rows"] = str(min(agreement_form.MAX_ROWS, agreement_form.row_count(form) + 2))
        return _form_page(community, form)
    raw, problems = agreement_form.terms_body(form, agreement_form.TERMS)
    amounts = _amounts(form)
    terms = form.load(TermsIn(), raw) if not problems else None
    if problems:
        form.note(problems)
    if terms is None or amounts is None:
        return _form_page(community, form)
    try:
        preview = services.simulate(db.session(), community, terms, amounts, today=local_today())
    except LedgerError as error:
        form.refuse(error)
        return _form_page(community, form)
    return _form_page(community, form, preview)


def _amounts(form: Form) -> list[dict] | None:
    """The sample amounts, dated on the agreement's first day when it is given."""
    words = [word for word in re.split(r"[\s,，]+", form.get("amounts")) if word]
    if not words:
        form.note({"amounts": [_("Type one or more sample amounts to preview.")]})
        return None
    day = _day_or_none(form.get("effective_from"))
    amounts, problems = [], []
    for word in words[:MAX_SAMPLES]:
        try:
            amounts.append({"occurred_on": day, "amount": Money(positive=True).deserialize(word)})
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        form.note({"amounts": problems[:3]})
        return None
    return amounts


def _day_or_none(text: str):
    try:
        return Day().deserialize(text.strip()) if text.strip() else None
    except ValidationError:
        return None
