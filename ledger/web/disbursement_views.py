"""Disbursements for the finance officer: draft one for a project, attach voucher files,
submit it for approval, pay it once approved; and one disbursement with its history."""
from __future__ import annotations

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from ledger import db, idempotency
from ledger.auth.access import REVIEW, WRITE, actor, can, current_user, guarded
from ledger.core.approval import APPROVED, DRAFT, PAID, REJECTED, SUBMITTED
from ledger.core.errors import LedgerError
from ledger.core.trust import TRUST_DISBURSEMENT_ITEMS
from ledger.disbursements import queries, services, vouchers
from ledger.disbursements.models import Disbursement
from ledger.disbursements.schemas import DisbursementCreate, PayIn
from ledger.funds.services import list_funds
from ledger.projects.services import project_figures
from ledger.timeutil import local_today
from ledger.web.blueprint import bp
from ledger.web.forms import Form, entry_key, new_entry_key
from ledger.web.money_labels import money_labels

DRAFT_FIELDS = ("project", "fund", "item", "amount", "payee", "purpose", "note")
DETAIL_FIELDS = ("file", "occurred_on", "channel")
RECENT = 50


def recent(session, community, limit: int = RECENT) -> list[queries.DisbursementView]:
    """The latest disbursements, newest first."""
    ids = list(session.execute(select(Disbursement.id).where(Disbursement.community_id == community.id)
                               .order_by(Disbursement.id.desc()).limit(limit)).scalars())
    if not ids:
        return []
    return list(reversed(queries.page(session, community, after=min(ids) - 1, limit=len(ids))))


def _desk(community, form: Form):
    session = db.session()
    options = [(p.project.code, f"{p.project.name} ({p.project.code})") for p in project_figures(session, community)]
    funds = [(fund.code, f"{fund.name} ({fund.code})") for fund in list_funds(session, community)]
    return render_template("workspace/disbursements.html", community=community, form=form, fields=DRAFT_FIELDS,
                           project_options=options, fund_options=funds,
                           item_options=[(item, item) for item in TRUST_DISBURSEMENT_ITEMS],
                           items=recent(session, community),
                           money=money_labels(), entry_key=new_entry_key()), form.status


@bp.get("/w/<c>/disbursements")
@guarded(WRITE)
def disbursements(community):
    return _desk(community, Form({"project": request.args.get("project", "")}))


@bp.post("/w/<c>/disbursements")
@guarded(WRITE)
def create_disbursement(community):
    form = Form.posted()
    body = form.load(DisbursementCreate(), {k: v for k, v in form.values.items() if k in DRAFT_FIELDS and v.strip()})
    if body is None:
        return _desk(community, form)
    session, key = db.session(), entry_key(form, DRAFT_FIELDS, "web-draft")
    try:
        # The same page sent twice (a double click) opens the draft the first one made.
        replay = idempotency.claim(session, community, key, {}, created_by=actor()) if key else None
        made_id = replay.body["id"] if replay else services.create_disbursement(
            session, community, body, created_by=actor()).id
    except LedgerError as error:
        form.refuse(error)
        return _desk(community, form)
    if key and not replay:
        idempotency.remember(session, community, key, 201, {"id": made_id})
    if not replay:
        flash(_("Disbursement %(id)s drafted. Attach its vouchers, then submit it for approval.", id=made_id))
    return redirect(url_for("workspace.disbursement", c=community.code, disbursement_id=made_id), 303)


def detail_page(community, disbursement_id: int, form: Form):
    session = db.session()
    item = queries.view(session, services.get_disbursement(session, community, disbursement_id))
    user = current_user()
    state = item.disbursement.state
    return render_template("workspace/disbursement.html", community=community, item=item, form=form,
                           fields=DETAIL_FIELDS, money=money_labels(), may_write=can(user, WRITE, community),
                           may_attach=state not in (REJECTED, PAID), draft=state == DRAFT,
                           submitted=state == SUBMITTED, payable=state == APPROVED), form.status


@bp.get("/w/<c>/disbursements/<int:disbursement_id>")
@guarded(REVIEW)
def disbursement(community, disbursement_id: int):
    return detail_page(community, disbursement_id, Form({"occurred_on": local_today().isoformat(),
                                                         "channel": "bank"}))


def _back(community, disbursement_id: int):
    return redirect(url_for("workspace.disbursement", c=community.code, disbursement_id=disbursement_id), 303)


@bp.post("/w/<c>/disbursements/<int:disbursement_id>/vouchers")
@guarded(WRITE)
def upload_voucher(community, disbursement_id: int):
    form = Form.posted()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        form.note({"file": [_("Choose a PDF, JPEG or PNG file.")]})
        return detail_page(community, disbursement_id, form)
    max_bytes = current_app.config["LEDGER"]["VOUCHER_MAX_BYTES"]
    try:
        voucher, created = vouchers.attach_voucher(
            db.session(), community, disbursement_id, upload.stream.read(max_bytes + 1), upload.filename,
            root=vouchers.voucher_root(current_app), max_bytes=max_bytes, created_by=actor())
    except LedgerError as error:
        form.refuse(error)
        return detail_page(community, disbursement_id, form)
    flash(_("Voucher %(name)s attached.", name=voucher.filename or voucher.sha256[:12]) if created
          else _("This file was already attached; it is kept once."))
    return _back(community, disbursement_id)


@bp.get("/w/<c>/disbursements/<int:disbursement_id>/vouchers/<sha256>")
@guarded(REVIEW)
def voucher_file(community, disbursement_id: int, sha256: str):
    """A voucher shown in the browser, or saved with ?download=1 (a read: nothing is written)."""
    voucher = vouchers.find_voucher(db.session(), community, disbursement_id, sha256)
    return vouchers.file_response(current_app, voucher.sha256, voucher.content_type, vouchers.download_name(voucher),
                                  inline=request.args.get("download") != "1")


@bp.post("/w/<c>/disbursements/<int:disbursement_id>/submit")
@guarded(WRITE)
def submit_disbursement(community, disbursement_id: int):
    form = Form.posted()
    try:
        services.submit(db.session(), community, disbursement_id, by=actor())
    except LedgerError as error:
        form.refuse(error)
        return detail_page(community, disbursement_id, form)
    flash(_("Submitted for approval: another person approves or rejects it."))
    return _back(community, disbursement_id)


@bp.post("/w/<c>/disbursements/<int:disbursement_id>/pay")
@guarded(WRITE)
def pay_disbursement(community, disbursement_id: int):
    form = Form.posted()
    body = form.load(PayIn())
    if body is None:
        return detail_page(community, disbursement_id, form)
    try:
        paid = services.pay(db.session(), community, disbursement_id, by=actor(),
                            occurred_on=body["occurred_on"] or local_today(), channel=body["channel"])
    except LedgerError as error:
        form.refuse(error)
        return detail_page(community, disbursement_id, form)
    flash(_("Paid on %(day)s and posted to the journal.", day=paid.paid_on.isoformat()))
    return _back(community, disbursement_id)
