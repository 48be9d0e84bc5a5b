"""Fixtures for compounds: the funds fixtures (approver, drive, upload, written) and a compound maker."""
from __future__ import annotations

import pytest

from tests.funds.conftest import approver, drive, fund_money, upload, written  # noqa: F401  (fixtures)

BASE = "/api/v1/communities/fenghe"


@pytest.fixture
def make_compound(officer):
    """make_compound(code, name, **fields) -> the 201 JSON."""
    def make(code: str = "xingfuli", name: str = "幸福里", **fields):
        r = officer.post(f"{BASE}/compounds", json={"code": code, "name": name,
                                                    "effective_from": "2026-01-01", **fields})
        assert r.status_code == 201, r.json
        return r.json
    return make


@pytest.fixture
def statement(client):
    def get(month: str, compound: str = "xingfuli"):
        r = client.get(f"{BASE}/compounds/{compound}/statement", query_string={"month": month})
        assert r.status_code == 200, r.json
        return r.json
    return get
