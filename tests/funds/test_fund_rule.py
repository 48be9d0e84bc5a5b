"""Money leaves a fund only by rule, and no path leaves a fund below zero.

A hand entry (POST .../transactions) may put money into a fund but never take it out;
paying an approved disbursement, reversals and downward corrections may, while the fund
stays at or above zero on every day from the entry's date on.
"""
from __future__ import annotations

import pytest

from tests.council import NO_COUNCIL_NEEDED
from tests.funds.conftest import BASE


@pytest.fixture
def app_settings():
    return NO_COUNCIL_NEEDED  # budgets here are about money, not council decisions


def hand_entry(officer, postings, *, source="transfer", on="2026-03-10"):
    return officer.post(f"{BASE}/transactions", json={
        "occurred_on": on, "description": "调账", "source": source, "postings": postings})


def balance(officer, account):
    return officer.get(f"{BASE}/accounts/{account}/balance").json["balance"]


@pytest.mark.parametrize("source", ["transfer", "opening"])
@pytest.mark.parametrize("fund_account", ["311.public_benefit", "311"])
def test_a_hand_entry_cannot_take_money_out_of_a_fund(officer, fund_money, written, source, fund_account):
    fund_money("1000.00")
    before = written()
    r = hand_entry(officer, [{"account": fund_account, "debit": "999999.00"},
                             {"account": "102.basic", "credit": "999999.00"}], source=source)
    assert r.status_code == 422 and r.json["code"] == "fund_debit_refused", r.json
    assert "postings.0.account" in r.json["errors"]
    assert written() == before
    assert balance(officer, "311.public_benefit") == "1000.00"


def test_a_hand_entry_cannot_move_money_between_funds(officer, fund_money, written):
    """Even into another fund: a transfer between funds is a disbursement's business."""
    fund_money("1000.00")
    officer.post(f"{BASE}/funds", json={"code": "elderly", "name": "敬老专项基金"})
    before = written()
    r = hand_entry(officer, [{"account": "311.elderly", "credit": "500.00"},
                             {"account": "311.public_benefit", "debit": "500.00"}])
    assert r.status_code == 422 and r.json["errors"] == {"postings.1.account": [r.json["message"]]}
    assert written() == before


def test_a_hand_entry_cannot_take_money_out_of_a_trust_fund(officer, written):
    assert officer.post(f"{BASE}/compounds", json={"code": "heyuan", "name": "和园",
                                                    "remuneration_percent": "10"}).status_code == 201
    assert hand_entry(officer, [{"account": "102.basic", "debit": "800.00"},
                                {"account": "231.heyuan", "credit": "800.00"}]).status_code == 201
    before = written()
    r = hand_entry(officer, [{"account": "231.heyuan", "debit": "100.00"}, {"account": "102.basic", "credit": "100.00"}])
    assert r.status_code == 422 and r.json["code"] == "fund_debit_refused"
    assert written() == before


def test_a_hand_entry_may_put_money_into_a_fund(officer):
    r = hand_entry(officer, [{"account": "102.basic", "debit": "50.00"},
                             {"account": "311.public_benefit", "credit": "50.00"}])
    assert r.status_code == 201 and balance(officer, "311.public_benefit") == "50.00"


def test_reversing_money_put_into_a_fund_is_refused_once_it_was_spent(officer, fund_money, make_project, drive,
                                                                      written):
    seq = fund_money("1000.00", on="2026-03-01")
    make_project("big", budget="5000.00")
    paid = drive({"project": "big", "amount": "800.00"}, "paid", paid_on="2026-03-05")
    before = written()
    r = officer.post(f"{BASE}/transactions/{seq}/reversal", json={"reason": "录错", "occurred_on": "2026-03-20"})
    assert r.status_code == 409 and r.json["code"] == "overdraft", r.json
    payment_seq = officer.get(f"{BASE}/disbursements/{paid['id']}").json["transaction_seq"]
    assert "-800.00" in r.json["message"] and f"#{payment_seq}" in r.json["message"]
    assert written() == before
    assert balance(officer, "311.public_benefit") == "200.00"


def test_reversing_an_income_whose_share_was_spent_is_refused(officer, make_operator, post_income, make_project,
                                                              drive, written):
    make_operator("parking", percent="100")
    income = post_income("parking", "9000.00", "2026-03-01")
    make_project("road", budget="9000.00")
    paid = drive({"project": "road", "amount": "8992.00"}, "paid", paid_on="2026-03-05")
    before = written()
    r = officer.post(f"{BASE}/incomes/{income['id']}/reversal", json={"reason": "录错"})
    assert r.status_code == 409 and r.json["code"] == "overdraft", r.json
    payment_seq = officer.get(f"{BASE}/disbursements/{paid['id']}").json["transaction_seq"]
    assert f"#{payment_seq}" in r.json["message"]
    assert written() == before
    assert balance(officer, "311.public_benefit") == "8.00"


def test_reversing_an_income_whose_share_is_still_in_the_fund_is_allowed(officer, make_operator, post_income):
    make_operator("parking", percent="10")
    income = post_income("parking", "100.00", "2026-03-01")
    r = officer.post(f"{BASE}/incomes/{income['id']}/reversal", json={"reason": "录错"})
    assert r.status_code == 201, r.json
    assert balance(officer, "311.public_benefit") == "0.00"


def test_a_reversal_dated_before_a_later_payment_is_checked_against_that_payment(
        officer, fund_money, make_project, drive):
    """1,000 in on 1 March, 900 paid on 20 March: reversing 500 of March's money on 10 March
    would leave the fund at -400 from 20 March on."""
    fund_money("1000.00", on="2026-03-01")
    second = fund_money("500.00", on="2026-03-02")
    make_project("big", budget="5000.00")
    drive({"project": "big", "amount": "1400.00"}, "paid", paid_on="2026-03-20")
    r = officer.post(f"{BASE}/transactions/{second}/reversal", json={"reason": "录错", "occurred_on": "2026-03-10"})
    assert r.status_code == 409 and r.json["code"] == "overdraft"
