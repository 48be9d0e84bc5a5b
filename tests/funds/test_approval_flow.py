"""Disbursements through the API: the state machine, who may move it, and four-eyes.
Every refusal leaves the database as it was."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from ledger import db
from ledger.auth.models import User
from tests.funds.conftest import BASE
from tests.funds.samples import png_bytes

ACTIONS = ("submit", "approve", "reject", "pay")
# (state the disbursement is in, action) -> the state it moves to; anything else is 409.
ALLOWED = {("draft", "submit"): "submitted", ("submitted", "approve"): "approved",
           ("submitted", "reject"): "rejected", ("approved", "pay"): "paid"}
WHO = {"submit": "officer", "approve": "approver", "reject": "approver", "pay": "officer"}
BODY = {"reject": {"reason": "duplicate request"}, "pay": {"occurred_on": "2026-03-10"}}


@pytest.mark.parametrize("state", ["draft", "submitted", "approved", "rejected", "paid"])
def test_every_transition_of_the_state_machine(funded, drive, upload, officer, approver, written, state):
    """From each state, each action on a fresh disbursement: allowed ones move it on and
    record who did it; every other one is 409 and writes nothing."""
    users = {"officer": officer, "approver": approver}
    for action in ACTIONS:
        d = drive({"project": "library", "amount": "300.00"}, state)
        if state != "rejected":
            upload(d["id"], png_bytes(3, 1), "extra.png")  # so a refused pay is refused for its state
        user = users[WHO[action]]
        before = written()
        r = user.post(f"{BASE}/disbursements/{d['id']}/{action}", json=BODY.get(action, {}))
        if (state, action) in ALLOWED:
            assert r.status_code == 200, (action, r.json)
            assert r.json["state"] == ALLOWED[(state, action)]
            last = r.json["events"][-1]
            assert (last["action"], last["from"], last["to"], last["by"]) == (
                action, state, r.json["state"], user.username)
        else:
            assert r.status_code == 409, (action, r.json)
            assert r.json["code"] == "invalid_transition"
            assert written() == before, action


def test_every_state_change_records_who_and_when(funded, drive, approver, officer):
    d = drive({"project": "library", "amount": "120.00"}, "paid")
    events = [(e["action"], e["from"], e["to"], e["by"]) for e in d["events"]]
    assert events == [("create", None, "draft", officer.username), ("submit", "draft", "submitted", officer.username),
                      ("approve", "submitted", "approved", approver.username),
                      ("attach", "approved", "approved", officer.username),  # the voucher, before paying
                      ("pay", "approved", "paid", officer.username)]
    assert all(e["at"].endswith("Z") or "+" in e["at"] for e in d["events"])
    rejected = drive({"project": "library", "amount": "10.00"}, "rejected")
    assert rejected["events"][-1]["reason"] == "not needed"


def test_the_approver_must_not_be_the_submitter(funded, drive, app, make_user, community, written):
    """Roles are one per user; a user who submitted and later became an approver still
    may not approve or reject what they submitted."""
    officer2 = make_user("officer", community, username="officer2")
    r = officer2.post(f"{BASE}/disbursements", json={"project": "library", "amount": "50.00", "payee": "李四",
                                                     "purpose": "书架"})
    ident = r.json["id"]
    assert officer2.post(f"{BASE}/disbursements/{ident}/submit").status_code == 200
    with app.app_context(), db.unit_of_work(app) as session:
        session.execute(update(User).where(User.username == "officer2").values(role="approver"))
    before = written()
    for action, body in (("approve", {}), ("reject", {"reason": "x"})):
        r = officer2.post(f"{BASE}/disbursements/{ident}/{action}", json=body)
        assert r.status_code == 403, r.json
        assert r.json["code"] == "four_eyes"
    assert written() == before


def test_only_an_approver_approves_or_rejects(funded, drive, officer, auditor, written):
    d = drive({"project": "library", "amount": "50.00"}, "submitted")
    before = written()
    for user in (officer, auditor):
        assert user.post(f"{BASE}/disbursements/{d['id']}/approve").status_code == 403
        assert user.post(f"{BASE}/disbursements/{d['id']}/reject", json={"reason": "x"}).status_code == 403
    assert written() == before


def test_an_approver_of_another_community_is_refused(funded, drive, make_community, make_user, written):
    make_community("other", "别的社区")
    outsider = make_user("approver", "other")
    d = drive({"project": "library", "amount": "50.00"}, "submitted")
    before = written()
    assert outsider.post(f"{BASE}/disbursements/{d['id']}/approve").status_code == 403
    assert outsider.get(f"{BASE}/disbursements/{d['id']}").status_code == 403
    assert written() == before


def test_approvers_and_auditors_cannot_create_or_pay(funded, drive, approver, auditor, written):
    d = drive({"project": "library", "amount": "50.00"}, "approved")
    before = written()
    for user in (approver, auditor):
        assert user.post(f"{BASE}/disbursements", json={"project": "library", "amount": "1.00", "payee": "x",
                                                        "purpose": "y"}).status_code == 403
        assert user.post(f"{BASE}/disbursements/{d['id']}/pay").status_code == 403
    assert written() == before


def test_rejecting_needs_a_reason(funded, drive, approver, written):
    d = drive({"project": "library", "amount": "50.00"}, "submitted")
    before = written()
    r = approver.post(f"{BASE}/disbursements/{d['id']}/reject", json={})
    assert r.status_code == 422 and "reason" in r.json["errors"]
    assert written() == before


def test_paying_needs_a_voucher(funded, officer, approver, written):
    r = officer.post(f"{BASE}/disbursements", json={"project": "library", "amount": "80.00", "payee": "王五",
                                                    "purpose": "灯具"})
    ident = r.json["id"]
    officer.post(f"{BASE}/disbursements/{ident}/submit")
    approver.post(f"{BASE}/disbursements/{ident}/approve")
    before = written()
    r = officer.post(f"{BASE}/disbursements/{ident}/pay", json={"occurred_on": "2026-03-10"})
    assert r.status_code == 409 and r.json["code"] == "voucher_required"
    assert written() == before


def test_a_step_may_be_posted_without_any_body(funded, drive, officer, approver):
    d = drive({"project": "library", "amount": "5.00"}, "draft")
    bare = {"Authorization": f"Bearer {officer.token}"}
    assert officer.client.post(f"{BASE}/disbursements/{d['id']}/submit", headers=bare).status_code == 200
    bare = {"Authorization": f"Bearer {approver.token}"}
    r = approver.client.post(f"{BASE}/disbursements/{d['id']}/approve", headers=bare)
    assert r.status_code == 200, r.json
