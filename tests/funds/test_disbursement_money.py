"""Disbursements and money: the fund never goes below zero, a project never spends past
its budget, paying posts Dr fund / Cr bank, reviewers read everything and the public
sees payees masked. Every refusal leaves the database as it was."""
from __future__ import annotations

import threading

import pytest

from sqlalchemy import select

from ledger import db
from ledger.communities.models import Community
from ledger.core.errors import Overdraft
from ledger.disbursements import services
from ledger.timeutil import local_today
from tests.council import NO_COUNCIL_NEEDED
from tests.funds.conftest import BASE
from tests.funds.samples import png_bytes


@pytest.fixture
def app_settings():
    return NO_COUNCIL_NEEDED  # budgets here are about money, not council decisions


def test_paying_posts_one_transaction_debiting_the_fund_and_crediting_the_bank(funded, drive, client):
    d = drive({"project": "library", "amount": "1234.56"}, "paid", paid_on="2026-04-01", channel="wechat")
    assert d["paid_on"] == "2026-04-01" and d["channel"] == "wechat"
    tx = client.get(f"{BASE}/transactions/{d['transaction_seq']}").json
    assert tx["source"] == "disbursement" and tx["occurred_on"] == "2026-04-01"
    assert [(p["account"], p.get("debit"), p.get("credit")) for p in tx["postings"]] == [
        ("311.public_benefit", "1234.56", None), ("102.wechat", None, "1234.56")]
    assert "张" not in tx["description"] and "13812348888" not in tx["description"]
    funds = {f["code"]: f for f in client.get(f"{BASE}/funds").json}
    assert funds["public_benefit"]["balance"] == "8765.44"



def test_the_default_payment_channel_is_the_basic_bank_account_and_the_date_today(funded, drive, upload,
                                                                                  officer, client):
    d = drive({"project": "library", "amount": "1.00"}, "approved")
    upload(d["id"], png_bytes())
    paid = officer.post(f"{BASE}/disbursements/{d['id']}/pay").json
    assert (paid["channel"], paid["paid_on"]) == ("bank", local_today().isoformat())
    tx = client.get(f"{BASE}/transactions/{paid['transaction_seq']}").json
    assert [p["account"] for p in tx["postings"]] == ["311.public_benefit", "102.basic"]



# -- the fund never goes below zero ---------------------------------------------------------
def test_a_disbursement_over_the_balance_is_refused(fund_money, make_project, officer, written):
    fund_money("1000.00")
    make_project("big", budget="99999.00")
    before = written()
    r = officer.post(f"{BASE}/disbursements", json={"project": "big", "amount": "1000.01", "payee": "赵六",
                                                    "purpose": "超支"})
    assert r.status_code == 409 and r.json["code"] == "overdraft"
    assert written() == before
    r = officer.post(f"{BASE}/disbursements", json={"project": "big", "amount": "1000.00", "payee": "赵六",
                                                    "purpose": "刚好"})
    assert r.status_code == 201


def test_approved_unpaid_disbursements_reduce_what_is_available(fund_money, make_project, drive, officer,
                                                                approver, written, client):
    fund_money("1000.00")
    make_project("big", budget="99999.00")
    drive({"project": "big", "amount": "700.00"}, "approved")
    second = drive({"project": "big", "amount": "300.00"}, "submitted")
    r = officer.post(f"{BASE}/disbursements", json={"project": "big", "amount": "300.01", "payee": "x",
                                                    "purpose": "y"})
    assert r.status_code == 409 and r.json["code"] == "overdraft"
    funds = {f["code"]: f for f in client.get(f"{BASE}/funds").json}
    assert (funds["public_benefit"]["balance"], funds["public_benefit"]["committed"]) == ("1000.00", "700.00")
    # Two submitted claims on the last 300.00: the first approval takes it, the second is refused.
    other = drive({"project": "big", "amount": "300.00"}, "draft")
    assert officer.post(f"{BASE}/disbursements/{other['id']}/submit").status_code == 200
    assert approver.post(f"{BASE}/disbursements/{second['id']}/approve").status_code == 200
    before = written()
    r = approver.post(f"{BASE}/disbursements/{other['id']}/approve")
    assert r.status_code == 409 and r.json["code"] == "overdraft"
    assert written() == before


def test_a_payment_may_not_take_the_fund_below_zero_on_a_later_day(fund_money, make_project, drive, upload,
                                                                    officer, approver, written):
    """Money in on 1 March, 800.00 paid on 20 March: a payment of 300.00 dated 5 March
    would leave the fund at -100.00 from 20 March on."""
    fund_money("1000.00", on="2026-03-01")
    make_project("big", budget="99999.00")
    drive({"project": "big", "amount": "800.00"}, "paid", paid_on="2026-03-20")
    fund_money("100.00", on="2026-03-25")
    d = drive({"project": "big", "amount": "300.00"}, "approved")
    upload(d["id"], png_bytes())
    before = written()
    r = officer.post(f"{BASE}/disbursements/{d['id']}/pay", json={"occurred_on": "2026-03-05"})
    assert r.status_code == 409 and r.json["code"] == "overdraft", r.json
    assert written() == before
    r = officer.post(f"{BASE}/disbursements/{d['id']}/pay", json={"occurred_on": "2026-03-26"})
    assert r.status_code == 200, r.json


# -- the project's budget ------------------------------------------------------------------
def test_over_budget_is_refused_until_the_budget_is_raised(fund_money, make_project, drive, officer, approver,
                                                           upload, written, client, auditor):
    fund_money("10000.00")
    make_project("garden", budget="1000.00")
    paid = drive({"project": "garden", "amount": "600.00"}, "paid")
    assert paid["state"] == "paid"
    before = written()
    r = officer.post(f"{BASE}/disbursements", json={"project": "garden", "amount": "400.01", "payee": "x",
                                                    "purpose": "y"})
    assert r.status_code == 409 and r.json["code"] == "over_budget"
    assert written() == before
    # Approved within the budget; then the council cuts the budget: the payment is refused.
    d = drive({"project": "garden", "amount": "400.00"}, "approved")
    upload(d["id"], png_bytes())
    r = officer.post(f"{BASE}/projects/garden/budget", json={"budget": "800.00", "reason": "议事会削减预算"})
    assert r.status_code == 201, r.json
    assert (r.json["budget"], r.json["committed"], r.json["spent"], r.json["remaining"]) == (
        "800.00", "400.00", "600.00", "-200.00")
    before = written()
    r = officer.post(f"{BASE}/disbursements/{d['id']}/pay", json={"occurred_on": "2026-03-11"})
    assert r.status_code == 409 and r.json["code"] == "over_budget"
    assert written() == before
    r = officer.post(f"{BASE}/projects/garden/budget", json={"budget": "1000.00", "reason": "议事会追加预算"})
    assert r.status_code == 201
    r = officer.post(f"{BASE}/disbursements/{d['id']}/pay", json={"occurred_on": "2026-03-11"})
    assert r.status_code == 200, r.json
    project = client.get(f"{BASE}/projects/garden").json
    assert (project["budget"], project["committed"], project["spent"], project["remaining"]) == (
        "1000.00", "0.00", "1000.00", "0.00")
    assert [(c["budget_before"], c["budget_after"], c["reason"]) for c in project["budget_changes"]] == [
        ("1000.00", "800.00", "议事会削减预算"), ("800.00", "1000.00", "议事会追加预算")]


def test_a_budget_cannot_go_below_what_is_spent(fund_money, make_project, drive, officer, written):
    fund_money("10000.00")
    make_project("garden", budget="1000.00")
    drive({"project": "garden", "amount": "600.00"}, "paid")
    before = written()
    r = officer.post(f"{BASE}/projects/garden/budget", json={"budget": "599.99", "reason": "削减"})
    assert r.status_code == 409 and r.json["code"] == "budget_below_spent"
    assert written() == before


# -- reading -------------------------------------------------------------------------------
def test_reviewers_read_disbursements_page_by_page(funded, drive, officer, approver, auditor, client):
    made = [drive({"project": "library", "amount": f"{n}.00"}, "draft")["id"] for n in range(1, 6)]
    for user in (officer, approver, auditor):
        seen, cursor = [], None
        while True:
            query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = user.get(f"{BASE}/disbursements", query_string=query)
            assert page.status_code == 200, page.json
            seen += [item["id"] for item in page.json["items"]]
            cursor = page.json["next_cursor"]
            if cursor is None:
                break
        assert seen == made
    one = auditor.get(f"{BASE}/disbursements/{made[0]}").json
    assert one["payee"] == "张三 13812348888"  # reviewers see the payee in full
    assert client.get(f"{BASE}/disbursements").status_code == 401


def test_disbursements_can_be_filtered_by_state(funded, drive, officer):
    drive({"project": "library", "amount": "1.00"}, "draft")
    submitted = drive({"project": "library", "amount": "2.00"}, "submitted")
    page = officer.get(f"{BASE}/disbursements", query_string={"state": "submitted"}).json
    assert [item["id"] for item in page["items"]] == [submitted["id"]]
    assert officer.get(f"{BASE}/disbursements", query_string={"cursor": "abc"}).status_code == 422
    assert officer.get(f"{BASE}/disbursements/999999").status_code == 404
    assert officer.get(f"{BASE}/disbursements/{2**64}").status_code == 404


BAD_INPUT = [
    ({"amount": "1.00", "payee": "x", "purpose": "y"}, "project"),
    ({"project": "nope", "amount": "1.00", "payee": "x", "purpose": "y"}, "project"),
    ({"fund": "nope", "amount": "1.00", "payee": "x", "purpose": "y"}, "fund"),
    ({"project": "library", "fund": "other", "amount": "1.00", "payee": "x", "purpose": "y"}, "fund"),
    ({"project": "library", "amount": "0.00", "payee": "x", "purpose": "y"}, "amount"),
    ({"project": "library", "amount": 5, "payee": "x", "purpose": "y"}, "amount"),
    ({"project": "library", "amount": "1.001", "payee": "x", "purpose": "y"}, "amount"),
    ({"project": "library", "amount": "1.00", "payee": "", "purpose": "y"}, "payee"),
    ({"project": "library", "amount": "1.00", "payee": "x"}, "purpose"),
]


def test_bad_input_is_422_with_the_field_named(funded, officer, written):
    before = written()
    for body, field in BAD_INPUT:
        r = officer.post(f"{BASE}/disbursements", json=body)
        assert r.status_code == 422, (body, r.json)
        assert field in r.json["errors"], (body, r.json)
    assert written() == before


def test_the_public_sees_paid_disbursements_of_a_project_with_the_payee_masked(funded, drive, client):
    d = drive({"project": "library", "amount": "88.00", "purpose": "联系 13912345678 送书"}, "paid")
    drive({"project": "library", "amount": "10.00"}, "approved")
    project = client.get(f"{BASE}/projects/library").json
    assert [(p["id"], p["amount"], p["payee"], p["purpose"]) for p in project["payments"]] == [
        (d["id"], "88.00", "张* 138****8888", "联系 139****5678 送书")]
    assert len(project["payments"][0]["vouchers"][0]) == 64
    text = str(client.get(f"{BASE}/projects").json) + str(project) + str(client.get(f"{BASE}/journal").json)
    for secret in ("13812348888", "张三", "13912345678"):
        assert secret not in text


def test_a_second_approval_waits_for_the_first_and_then_finds_the_money_gone(app, fund_money, make_project,
                                                                             drive):
    """Two approvals of claims the fund can pay only once, on two projects (so only the
    fund is shared). While the first is uncommitted the second waits on the fund's row
    lock (SQLite: the write lock); once the first commits, the second is an overdraft."""
    fund_money("1000.00")
    make_project("lights", budget="99999.00")
    make_project("benches", budget="99999.00")
    first = drive({"project": "lights", "amount": "700.00"}, "submitted")["id"]
    second = drive({"project": "benches", "amount": "700.00"}, "submitted")["id"]
    outcome = {}

    def approve_second():
        with app.app_context():
            session = db.new_session(app)
            try:
                services.approve(session, fenghe(session), second, by="approver2")
                session.commit()
                outcome["second"] = "approved"
            except Overdraft:
                outcome["second"] = "overdraft"
            finally:
                session.rollback()
                session.close()

    racer = threading.Thread(target=approve_second)
    with app.app_context():
        session = db.new_session(app)
        try:
            services.approve(session, fenghe(session), first, by="approver1")
            racer.start()
            racer.join(timeout=1.0)
            waited = racer.is_alive()
            session.commit()
        finally:
            session.close()
    racer.join(timeout=30)
    assert waited, f"the second approval did not wait for the first: {outcome}"
    assert outcome == {"second": "overdraft"}


def fenghe(session) -> Community:
    return session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
