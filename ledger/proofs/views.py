"""Public pages of verifiability: the standalone verifier and the receipts.

``/c/<c>/verify.py`` (the verifier, the same file for every community),
``/c/<c>/receipts/<seq>?t=`` (a printable receipt), ``.../qr.svg?t=`` (its QR code) and
``.../proof.json?t=`` (its inclusion proof and signed head, for ``verify.py --proof``).
"""
from __future__ import annotations

import io
from pathlib import Path

import segno
from flask import Blueprint, Response, jsonify, render_template, request

from ledger import db
from ledger.auth.access import PUBLIC, guarded
from ledger.core.errors import NotFound
from ledger.journal.api import SEQ
from ledger.proofs import heads, receipts

bp = Blueprint("receipts", __name__, url_prefix="/c")
VERIFIER = Path(__file__).resolve().parent / "verify.py"


@bp.get("/<string:c>/verify.py")
@guarded(PUBLIC)
def verify_script(community):
    response = Response(VERIFIER.read_bytes(), mimetype="text/x-python")
    response.headers["Content-Disposition"] = "attachment; filename=verify.py"
    return response


def _receipt(community, seq: int) -> receipts.Receipt:
    receipts.check_token(community, seq, request.args.get("t"))
    return receipts.find_receipt(db.session(), community, seq)


@bp.get(f"/<string:c>/receipts/<{SEQ}:seq>")
@guarded(PUBLIC)
def receipt(community, seq):
    found = _receipt(community, seq)
    token = request.args["t"]
    return render_template("public/receipt.html", community=community, receipt=found, token=token,
                           head=heads.present(found.head, community) if found.head else None,
                           url=receipts.receipt_url(community.code, seq), year_arg=None)


@bp.get(f"/<string:c>/receipts/<{SEQ}:seq>/qr.svg")
@guarded(PUBLIC)
def receipt_qr(community, seq):
    receipts.check_token(community, seq, request.args.get("t"))
    drawing = io.BytesIO()
    segno.make(receipts.receipt_url(community.code, seq), error="m").save(
        drawing, kind="svg", scale=4, border=2, xmldecl=False)
    return Response(drawing.getvalue(), mimetype="image/svg+xml")


@bp.get(f"/<string:c>/receipts/<{SEQ}:seq>/proof.json")
@guarded(PUBLIC)
def receipt_proof(community, seq):
    found = _receipt(community, seq)
    if found.head is None:
        raise NotFound("no signed monthly head holds this income yet: it will after the next month close")
    response = jsonify({**found.proof, "head": heads.present(found.head, community)})
    response.headers["Content-Disposition"] = f"attachment; filename=proof-{community.code}-{seq}.json"
    return response
