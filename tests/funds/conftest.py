"""Fixtures for funds, projects, disbursements and vouchers."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from ledger import db
from ledger.models import metadata

from tests.funds.samples import pdf_bytes

BASE = "/api/v1/communities/fenghe"


@pytest.fixture
def approver(make_user, community):
    return make_user("approver", community, username="approver1")


@pytest.fixture
def fund_money(officer):
    """fund_money(amount, on=..., account=...) credits a fund's account by an opening entry."""
    def give(amount: str, on: str = "2026-01-02", account: str = "311.public_benefit"):
        r = officer.post(f"{BASE}/transactions", json={
            "occurred_on": on, "description": "opening balance", "source": "opening",
            "postings": [{"account": "102.basic", "debit": amount}, {"account": account, "credit": amount}]})
        assert r.status_code == 201, r.json
        return r.json["seq"]
    return give


@pytest.fixture
def funded(fund_money, make_project):
    """10,000.00 in the public-benefit fund and a project "library" with a 5,000.00 budget."""
    fund_money("10000.00")
    make_project("library", budget="5000.00")


@pytest.fixture
def make_project(officer):
    def make(code: str = "library", budget: str = "5000.00", fund: str = "public_benefit", **fields):
        r = officer.post(f"{BASE}/projects", json={"code": code, "name": fields.pop("name", code),
                                                    "purpose": fields.pop("purpose", "社区书屋"), "budget": budget,
                                                    "fund": fund, **fields})
        assert r.status_code == 201, r.json
        return r.json
    return make


@pytest.fixture
def upload(officer):
    """upload(id, data, filename=..., user=...) -> the response."""
    def send(disbursement_id: int, data: bytes, filename: str = "receipt.pdf", user=None):
        from io import BytesIO
        return (user or officer).post(f"{BASE}/disbursements/{disbursement_id}/vouchers",
                                      data={"file": (BytesIO(data), filename)}, content_type="multipart/form-data")
    return send


@pytest.fixture
def drive(officer, approver, upload):
    """drive(body, to_state) creates a disbursement and walks it to ``to_state``; returns its JSON."""
    def walk(body: dict, to_state: str = "paid", *, paid_on: str = "2026-03-10", channel: str = "bank"):
        r = officer.post(f"{BASE}/disbursements", json={"payee": "张三 13812348888", "purpose": "购书",
                                                          **body})
        assert r.status_code == 201, r.json
        current, ident = r.json, r.json["id"]
        steps = {"submitted": ["submit"], "approved": ["submit", "approve"], "rejected": ["submit", "reject"],
                 "paid": ["submit", "approve", "pay"]}.get(to_state, [])
        for step in steps:
            if step == "pay":
                assert upload(ident, pdf_bytes(f"voucher {ident}")).status_code == 201
            actor = approver if step in ("approve", "reject") else officer
            payload = {"reason": "not needed"} if step == "reject" else (
                {"occurred_on": paid_on, "channel": channel} if step == "pay" else {})
            r = actor.post(f"{BASE}/disbursements/{ident}/{step}", json=payload)
            assert r.status_code == 200, (step, r.json)
            current = r.json
        return current
    return walk


@pytest.fixture
def written(app):
    """written() -> a fingerprint of everything stored: row counts of every table and the
    voucher files on disk. Equal fingerprints before and after a request: nothing written."""
    def fingerprint():
        with app.app_context():
            session = db.new_session(app, write=False)
            try:
                counts = {t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
                          for t in metadata.sorted_tables}
                tables = metadata.tables
                # Rows that may be updated in place: a refusal must leave them as they were.
                for name, columns in (("disbursement", ("id", "state", "submitted_by", "transaction_id")),
                                      ("project", ("id", "budget")), ("chain_head", ("community_id", "seq"))):
                    table = tables[name]
                    counts[name + ".rows"] = sorted(tuple(row) for row in session.execute(
                        select(*(table.c[c] for c in columns))))
            finally:
                session.close()
        root = Path(app.instance_path) / "vouchers"
        files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
        return counts, files
    return fingerprint
