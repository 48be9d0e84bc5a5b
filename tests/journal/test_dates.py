"""Money that has happened is dated today at the latest (the community's local date), on
every path that writes the journal; a declaration is dated after its period ends."""
from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from hypothesis import given, strategies as st

from ledger.core.errors import AfterToday
from ledger.core.periods import ensure_not_future
from ledger.timeutil import local_today
from tests.funds.conftest import fund_money  # noqa: F401  (a fixture)
from tests.funds.samples import pdf_bytes

BASE = "/api/v1/communities/fenghe"
LATER = [pytest.param(1, id="tomorrow"), pytest.param(366, id="next-year"), pytest.param(None, id="9999-12-31")]


def later(days: int | None) -> str:
    return "9999-12-31" if days is None else (local_today() + timedelta(days=days)).isoformat()


@pytest.fixture
def cafe(make_operator, fund_money):
    make_operator("cafe", percent="10")
    make_operator("canteen", kind="canteen", settlement="operator_collects", percent="5")
    fund_money("500.00")


@pytest.fixture
def refused_as_future(officer, database_state):
    def check(path: str, body: dict, user=None) -> None:
        before = database_state()
        response = (user or officer).post(BASE + path, json=body)
        assert response.status_code == 422, response.json
        assert (response.json["code"], response.json["errors"]) == ("after_today", {"occurred_on": ["after today"]})
        assert database_state() == before
    return check


@pytest.mark.parametrize("days", LATER)
def test_an_income_after_today_is_refused(cafe, refused_as_future, days):
    refused_as_future("/incomes", {"operator": "cafe", "amount": "10.00", "channel": "cash",
                                   "occurred_on": later(days)})


def test_an_income_dated_today_is_recorded(cafe, post_income):
    assert post_income("cafe", "10.00", occurred_on=local_today().isoformat())["transaction_seq"] > 0


@pytest.mark.parametrize("days", LATER)
def test_a_hand_entry_after_today_is_refused(cafe, refused_as_future, days):
    refused_as_future("/transactions", {"occurred_on": later(days), "description": "捐赠", "source": "opening",
                                        "postings": [{"account": "102.basic", "debit": "1.00"},
                                                     {"account": "311.public_benefit", "credit": "1.00"}]})


@pytest.mark.parametrize("days", LATER)
def test_a_remittance_and_a_reversal_after_today_are_refused(cafe, post_income, refused_as_future, days):
    income = post_income("canteen", "100.00")
    refused_as_future("/remittances", {"operator": "canteen", "amount": "5.00", "channel": "bank",
                                       "occurred_on": later(days)})
    refused_as_future(f"/incomes/{income['id']}/reversal", {"reason": "录错", "occurred_on": later(days)})


@pytest.mark.parametrize("days", LATER)
def test_a_payment_after_today_is_refused(cafe, officer, make_user, refused_as_future, days):
    approver = make_user("approver", "fenghe", username="approver1")
    officer.post(f"{BASE}/projects", json={"code": "lights", "name": "路灯", "budget": "100.00",
                                           "fund": "public_benefit"})
    ident = officer.post(f"{BASE}/disbursements", json={"project": "lights", "amount": "50.00", "payee": "张三",
                                                         "purpose": "路灯"}).json["id"]
    voucher = officer.post(f"{BASE}/disbursements/{ident}/vouchers", content_type="multipart/form-data",
                           data={"file": (BytesIO(pdf_bytes("路灯")), "voucher.pdf")})
    assert voucher.status_code == 201
    assert officer.post(f"{BASE}/disbursements/{ident}/submit").status_code == 200
    assert approver.post(f"{BASE}/disbursements/{ident}/approve").status_code == 200
    refused_as_future(f"/disbursements/{ident}/pay", {"occurred_on": later(days)})
    assert officer.post(f"{BASE}/disbursements/{ident}/pay", json={}).status_code == 200  # today is fine


@pytest.fixture
def group_buying(officer, make_operator):
    make_operator("tuangou", kind="group_buying", settlement="operator_collects")
    r = officer.post(f"{BASE}/agreements", json={
        "operator": "tuangou", "basis": "net_profit", "period": "quarter", "effective_from": "2025-01-01",
        "shares": [{"to": "public_benefit", "percent": "5"}]})
    assert r.status_code == 201, r.json


@pytest.mark.parametrize("day, status", [
    ("2025-06-30", 422),  # the quarter's last day: not over yet
    ("2025-05-01", 422),  # inside the quarter
    ("2025-01-15", 422),  # before it began
    ("2025-07-01", 201),  # the day after
])
def test_a_declaration_is_dated_after_its_period(group_buying, officer, database_state, day, status):
    before = database_state()
    response = officer.post(f"{BASE}/declarations", json={"operator": "tuangou", "period": "2025-Q2",
                                                         "revenue": "1000.00", "occurred_on": day})
    assert response.status_code == status, response.json
    if status == 422:
        assert list(response.json["errors"]) == ["occurred_on"] and database_state() == before


def test_a_declaration_of_this_quarter_cannot_be_made_yet(group_buying, officer):
    today = local_today()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    response = officer.post(f"{BASE}/declarations", json={"operator": "tuangou", "period": quarter,
                                                         "revenue": "1000.00"})
    assert response.status_code == 422 and list(response.json["errors"]) == ["occurred_on"]


def test_an_import_lists_the_rows_after_today(cafe, officer):
    rows = ["日期,经营主体,金额,渠道", f"{local_today().isoformat()},cafe,1.00,现金", f"{later(1)},cafe,2.00,现金",
            "9999-12-31,cafe,3.00,现金"]
    response = officer.post(f"{BASE}/imports", content_type="multipart/form-data",
                            data={"file": (BytesIO("\n".join(rows).encode()), "incomes.csv")})
    assert response.status_code == 422, response.json
    assert [(e["row"], e["column"], e["code"]) for e in response.json["row_errors"]] == [
        (3, "occurred_on", "after_today"), (4, "occurred_on", "after_today")]


@given(st.dates(), st.dates())
def test_the_rule_refuses_exactly_the_days_after_today(day, today):
    if day > today:
        with pytest.raises(AfterToday):
            ensure_not_future(day, today)
    else:
        ensure_not_future(day, today)
