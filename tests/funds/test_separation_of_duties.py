"""Separation of duties: whoever drafted, changed (attached a voucher to) or submitted a
disbursement may not approve or reject it, even once they hold the approver role; someone
with no hand in it may. Refusals write nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from ledger import db
from ledger.auth.models import User
from tests.funds.conftest import BASE
from tests.funds.samples import pdf_bytes

DECISIONS = [("approve", {}), ("reject", {"reason": "重复申请"})]


@pytest.fixture
def officers(make_user, community):
    return {name: make_user("officer", community, username=name) for name in ("drafter", "attacher", "submitter")}


def promote(app, username: str) -> None:
    with app.app_context(), db.unit_of_work(app) as session:
        session.execute(update(User).where(User.username == username).values(role="approver"))


@pytest.fixture
def shared(funded, officers, upload):
    """A disbursement drafted by one officer, given its voucher by a second, submitted by a third."""
    r = officers["drafter"].post(f"{BASE}/disbursements", json={"project": "library", "amount": "80.00",
                                                                "payee": "李四", "purpose": "书架"})
    ident = r.json["id"]
    assert upload(ident, pdf_bytes("书架"), user=officers["attacher"]).status_code == 201
    assert officers["submitter"].post(f"{BASE}/disbursements/{ident}/submit").status_code == 200
    return ident


@pytest.mark.parametrize("action, body", DECISIONS)
@pytest.mark.parametrize("who", ["drafter", "attacher", "submitter"])
def test_no_one_who_had_a_hand_in_it_decides_on_it(app, shared, officers, written, who, action, body):
    promote(app, who)
    before = written()
    r = officers[who].post(f"{BASE}/disbursements/{shared}/{action}", json=body)
    assert r.status_code == 403 and r.json["code"] == "four_eyes", r.json
    assert who in r.json["message"]
    assert written() == before


@pytest.mark.parametrize("action, body", DECISIONS)
def test_someone_else_decides(shared, approver, action, body):
    r = approver.post(f"{BASE}/disbursements/{shared}/{action}", json=body)
    assert r.status_code == 200, r.json


def test_the_voucher_is_an_event_with_who_attached_it(shared, officer):
    events = officer.get(f"{BASE}/disbursements/{shared}").json["events"]
    assert [(e["action"], e["by"]) for e in events] == [
        ("create", "drafter"), ("attach", "attacher"), ("submit", "submitter")]
    assert (events[1]["from"], events[1]["to"]) == ("draft", "draft")
