"""Fixtures and helpers of the money-out pages: a funded public-benefit fund, a project,
an approver's browser, and drafting a disbursement through the pages."""
from __future__ import annotations

import re
from io import BytesIO

import pytest
from sqlalchemy import select, update

from ledger import db
from ledger.auth.models import User
from ledger.disbursements.models import Disbursement, DisbursementEvent

API = "/api/v1/communities/fenghe"
DESK = "/w/fenghe/disbursements"


@pytest.fixture
def funded(officer, community):
    """10,000.00 in the public-benefit fund and a project "library" with a 5,000.00 budget."""
    r = officer.post(f"{API}/transactions", json={
        "occurred_on": "2026-01-02", "description": "opening balance", "source": "opening",
        "postings": [{"account": "102.basic", "debit": "10000.00"},
                     {"account": "311.public_benefit", "credit": "10000.00"}]})
    assert r.status_code == 201, r.json
    r = officer.post(f"{API}/projects", json={"code": "library", "name": "社区书屋", "purpose": "买书",
                                              "budget": "5000.00", "fund": "public_benefit"})
    assert r.status_code == 201, r.json


@pytest.fixture
def checker(person, community):
    """An approver of fenghe, signed in."""
    return person("approver", community, username="checker")


def draft_fields(**fields) -> dict:
    return {"project": "library", "amount": "120.50", "payee": "张三", "purpose": "书架", **fields}


def draft(browser, **fields) -> int:
    """Draft a disbursement through the desk; its id."""
    response = browser.post(DESK, draft_fields(**fields))
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(re.search(r"/disbursements/(\d+)$", response.location).group(1))


def attach(browser, ident: int, data: bytes, filename: str = "receipt.pdf", **kwargs):
    return browser.post(f"{DESK}/{ident}/vouchers", {"file": (BytesIO(data), filename)},
                        content_type="multipart/form-data", **kwargs)


def submitted(browser, data: bytes, **fields) -> int:
    """A drafted disbursement with a voucher, submitted for approval; its id."""
    ident = draft(browser, **fields)
    assert attach(browser, ident, data).status_code == 303
    assert browser.post(f"{DESK}/{ident}/submit").status_code == 303
    return ident


def state_of(app, ident: int) -> tuple[str, int]:
    """(state, number of events) of a disbursement now (a voucher attached is an event too)."""
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        state = session.execute(select(Disbursement.state).where(Disbursement.id == ident)).scalar_one()
        events = session.execute(select(DisbursementEvent.id).where(
            DisbursementEvent.disbursement_id == ident)).all()
        return state, len(events)


def change_role(app, username: str, role: str) -> None:
    """Roles are one per user: an officer who submitted may later become an approver."""
    with app.app_context(), db.unit_of_work(app) as session:
        session.execute(update(User).where(User.username == username).values(role=role))
