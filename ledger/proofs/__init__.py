"""Anyone can check the ledger: an RFC 6962 Merkle tree over each journal, signed monthly
heads, receipts for payers, and the standalone verifier (verify.py, standard library only).

Layout: ``tree.py`` stores and reads the tree (``ledger/core/merkle.py`` is the pure
part), ``heads.py`` signs a month at its close, ``keys.py`` keeps the communities' keys,
``receipts.py`` builds receipts, ``api.py`` and ``views.py`` answer, ``verify.py`` is the
file residents and auditors download and run alone.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from ledger.proofs import keys, receipts, views

    app.register_blueprint(views.bp)
    app.add_template_global(receipts.receipt_url, "receipt_url")
    app.add_template_global(keys.public_key_hex, "community_public_key")
