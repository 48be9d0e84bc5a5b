"""Disbursements (支出): draft -> submitted -> approved | rejected -> paid, with vouchers.

Reviewers (officer, approver, auditor) see everything, the payee included; the public
sees paid disbursements only through projects and compound statements, payee masked.
"""
from __future__ import annotations


from flask import current_app
from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import APPROVE, REVIEW, WRITE, actor, guarded
from ledger.disbursements import queries, schemas, services, vouchers
from ledger.funds.services import find_fund
from ledger.projects.services import find_project
from ledger.timeutil import local_today

blp = Blueprint("disbursements", __name__, url_prefix="/api/v1/communities",
                description="Disbursements (支出) with four-eyes approval and vouchers")


def present(item: queries.DisbursementView) -> dict:
    d = item.disbursement
    return {"id": d.id, "fund": item.fund, "project": item.project, "item": d.item, "amount": d.amount,
            "payee": d.payee, "purpose": d.purpose, "note": d.note, "state": d.state,
            "submitted_by": d.submitted_by, "paid_on": d.paid_on, "channel": d.channel,
            "transaction_seq": item.transaction_seq, "created_at": d.created_at, "created_by": d.created_by,
            "vouchers": item.vouchers, "events": item.events}


def _answer(disbursement) -> dict:
    return present(queries.view(db.session(), disbursement))


@blp.post("/<string:c>/disbursements")
@guarded(WRITE)
@blp.arguments(schemas.DisbursementCreate)
@blp.response(201, schemas.DisbursementOut)
def create_disbursement(body, community):
    """Draft a disbursement for a project (or from a fund, with an expense item) (officer)."""
    return _answer(services.create_disbursement(db.session(), community, body, created_by=actor()))


@blp.get("/<string:c>/disbursements")
@guarded(REVIEW)
@blp.arguments(schemas.DisbursementListArgs, location="query")
@blp.response(200, schemas.DisbursementPage)
def list_disbursements(args, community):
    """Disbursements in id order, payees in full (officer, approver, auditor)."""
    session = db.session()
    limit = args["limit"] or current_app.config["LEDGER"]["PAGE_SIZE"]
    fund = find_fund(session, community, args["fund"]) if args["fund"] else None
    project = find_project(session, community, args["project"]) if args["project"] else None
    items = queries.page(session, community, state=args["state"], fund=fund, project=project, item=args["item"],
                         after=args["cursor"], limit=limit)
    last = items[-1].disbursement.id if len(items) == limit else None
    return {"items": [present(i) for i in items], "next_cursor": last}


@blp.get("/<string:c>/disbursements/<int:disbursement_id>")
@guarded(REVIEW)
@blp.response(200, schemas.DisbursementOut)
def get_disbursement(community, disbursement_id):
    """One disbursement with its vouchers and every state change (officer, approver, auditor)."""
    return _answer(services.get_disbursement(db.session(), community, disbursement_id))


@blp.post("/<string:c>/disbursements/<int:disbursement_id>/submit")
@guarded(WRITE)
@blp.response(200, schemas.DisbursementOut)
def submit(community, disbursement_id):
    """Submit a draft for approval (officer)."""
    return _answer(services.submit(db.session(), community, disbursement_id, by=actor()))


@blp.post("/<string:c>/disbursements/<int:disbursement_id>/approve")
@guarded(APPROVE)
@blp.arguments(schemas.ApproveIn)
@blp.response(200, schemas.DisbursementOut)
def approve(body, community, disbursement_id):
    """Approve a submitted disbursement; not by its submitter (approver)."""
    return _answer(services.approve(db.session(), community, disbursement_id, by=actor(), note=body["note"]))


@blp.post("/<string:c>/disbursements/<int:disbursement_id>/reject")
@guarded(APPROVE)
@blp.arguments(schemas.RejectIn)
@blp.response(200, schemas.DisbursementOut)
def reject(body, community, disbursement_id):
    """Reject a submitted disbursement with a reason; not by its submitter (approver)."""
    return _answer(services.reject(db.session(), community, disbursement_id, by=actor(), reason=body["reason"]))


@blp.post("/<string:c>/disbursements/<int:disbursement_id>/pay")
@guarded(WRITE)
@blp.arguments(schemas.PayIn)
@blp.response(200, schemas.DisbursementOut)
def pay(body, community, disbursement_id):
    """Pay an approved disbursement that has a voucher: Dr fund / Cr bank (officer)."""
    return _answer(services.pay(db.session(), community, disbursement_id, by=actor(),
                                occurred_on=body["occurred_on"] or local_today(), channel=body["channel"]))


@blp.post("/<string:c>/disbursements/<int:disbursement_id>/vouchers")
@guarded(WRITE)
@blp.arguments(schemas.VoucherUpload, location="files")
@blp.response(201, schemas.VoucherOut)
@blp.alt_response(200, schema=schemas.VoucherOut, description="the same file was already attached")
def upload_voucher(files, community, disbursement_id):
    """Attach a PDF, JPEG or PNG voucher (multipart field ``file``); stored by SHA-256 (officer)."""
    upload = files["file"]
    max_bytes = current_app.config["LEDGER"]["VOUCHER_MAX_BYTES"]
    data = upload.stream.read(max_bytes + 1)
    voucher, created = vouchers.attach_voucher(db.session(), community, disbursement_id, data, upload.filename,
                                               root=vouchers.voucher_root(current_app), max_bytes=max_bytes, created_by=actor())
    return voucher, 201 if created else 200


@blp.get("/<string:c>/disbursements/<int:disbursement_id>/vouchers/<string:sha256>")
@guarded(REVIEW)
@blp.response(200, description="the voucher file, as an attachment")
def download_voucher(community, disbursement_id, sha256):
    """Download a voucher (officer, approver, auditor)."""
    voucher = vouchers.find_voucher(db.session(), community, disbursement_id, sha256)
    return vouchers.file_response(current_app, voucher.sha256, voucher.content_type, vouchers.download_name(voucher))
