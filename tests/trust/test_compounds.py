"""Compounds: their accounts and agreements, fixed remuneration once a month, trust
expenses by item, agreed shares of public revenue, statements of quiet months."""
from __future__ import annotations

from tests.trust.conftest import BASE


def items(rows: list[dict]) -> dict[str, str]:
    return {row["item"]: row["amount"] for row in rows}


def test_a_compound_gets_its_trust_fund_remuneration_account_and_operator(make_compound, officer, client):
    made = make_compound("xingfuli", "幸福里", remuneration_percent="8.5")
    assert (made["fund"], made["operator"], made["accounts"]) == (
        "xingfuli", "xingfuli", {"trust_fund": "231.xingfuli", "remuneration": "211.xingfuli.remuneration"})
    accounts = {a["code"]: a for a in officer.get(f"{BASE}/accounts").json}
    assert (accounts["231"]["name"], accounts["231"]["type"]) == ("信托共有资金", "liability")
    assert (accounts["231.xingfuli"]["parent"], accounts["211.xingfuli.remuneration"]["parent"]) == ("231", "211.xingfuli")
    funds = {f["code"]: f for f in client.get(f"{BASE}/funds").json}
    assert (funds["xingfuli"]["kind"], funds["xingfuli"]["account"]) == ("trust", "231.xingfuli")
    operators = {o["code"]: o for o in client.get(f"{BASE}/operators").json}
    assert operators["xingfuli"]["kind"] == "property_management"
    agreements = officer.get(f"{BASE}/agreements", query_string={"operator": "xingfuli"}).json
    terms = {a.get("category"): ([(s["to"], s.get("percent")) for s in a["shares"]], a["remainder_to"])
             for a in agreements}
    assert terms == {"物业费": ([("211.xingfuli.remuneration", "8.5")], "231.xingfuli"),
                     None: ([("xingfuli", "100")], "231.xingfuli")}
    make_compound("anju", "安居苑")  # a second compound reuses the first-level account 231
    assert client.get(f"{BASE}/compounds").json[0]["code"] == "anju"


def test_compound_codes_are_checked(make_compound, make_operator, officer, auditor, written):
    make_compound("xingfuli")
    make_operator("cafe")
    before = written()
    for body, status in [({"code": "xingfuli", "name": "x"}, 409), ({"code": "cafe", "name": "x"}, 409),
                         ({"code": "public_benefit", "name": "x"}, 409), ({"code": "9lane", "name": "x"}, 422),
                         ({"code": "ok", "name": "x", "remuneration_percent": "120"}, 422)]:
        r = officer.post(f"{BASE}/compounds", json=body)
        assert r.status_code == status, (body, r.json)
    assert auditor.post(f"{BASE}/compounds", json={"code": "x", "name": "x"}).status_code == 403
    assert written() == before


def test_a_fixed_remuneration_is_posted_once_a_month(make_compound, post_income, officer, statement, written):
    make_compound("anju", "安居苑")
    post_income("anju", "20000.00", "2026-03-05", category="物业费", channel="bank")
    r = officer.post(f"{BASE}/compounds/anju/remuneration", json={"month": "2026-03", "amount": "1500.00"})
    assert r.status_code == 201, r.json
    first_seq = r.json["transaction_seq"]
    before = written()
    again = officer.post(f"{BASE}/compounds/anju/remuneration", json={"month": "2026-03", "amount": "1500.00"})
    assert again.status_code == 409 and again.json["code"] == "already_posted"
    assert written() == before
    march = statement("2026-03", "anju")
    assert (march["income_total"], march["remuneration"], march["closing_balance"]) == ("20000.00", "1500.00",
                                                                                          "18500.00")
    # A wrong amount is reversed (in March), then the right one posted.
    r = officer.post(f"{BASE}/transactions/{first_seq}/reversal", json={"reason": "金额有误",
                                                                        "occurred_on": "2026-03-31"})
    assert r.status_code == 201, r.json
    r = officer.post(f"{BASE}/compounds/anju/remuneration", json={"month": "2026-03", "amount": "1200.00"})
    assert r.status_code == 201, r.json
    march = statement("2026-03", "anju")
    assert (march["remuneration"], march["closing_balance"]) == ("1200.00", "18800.00")
    assert officer.post(f"{BASE}/compounds/anju/remuneration", json={"month": "2026-04",
                                                                     "amount": "1200.00"}).status_code == 201


def test_a_fixed_remuneration_must_fit_the_trust_fund_and_its_month(make_compound, officer, written):
    make_compound("anju", "安居苑")
    before = written()
    for body, status, field in [({"month": "2026-03", "amount": "1.00"}, 409, "amount"),
                                ({"month": "2026-03", "amount": "1.00", "occurred_on": "2026-04-01"}, 422,
                                 "occurred_on"),
                                ({"month": "2099-01", "amount": "1.00"}, 422, "month"),
                                ({"month": "2026-13", "amount": "1.00"}, 422, "month")]:
        r = officer.post(f"{BASE}/compounds/anju/remuneration", json=body)
        assert r.status_code == status and field in r.json["errors"], (body, r.json)
    assert officer.post(f"{BASE}/compounds/nope/remuneration",
                        json={"month": "2026-03", "amount": "1.00"}).status_code == 404
    assert written() == before


def test_trust_expenses_need_an_expense_item(make_compound, post_income, officer, written):
    make_compound()
    post_income("xingfuli", "1000.00", "2026-03-01", category="停车")
    before = written()
    for item in (None, "咖啡", ""):
        r = officer.post(f"{BASE}/disbursements", json={"fund": "xingfuli", "amount": "10.00", "payee": "x",
                                                        "purpose": "y", **({"item": item} if item is not None else {})})
        assert r.status_code == 422 and "item" in r.json["errors"], (item, r.json)
    assert written() == before
    for item in ("保洁", "结余返还"):
        r = officer.post(f"{BASE}/disbursements", json={"fund": "xingfuli", "amount": "10.00", "payee": "x",
                                                        "purpose": "y", "item": item})
        assert r.status_code == 201, r.json


def test_an_agreed_share_of_public_revenue_goes_elsewhere(make_compound, officer, post_income, statement, client):
    make_compound()
    r = officer.post(f"{BASE}/agreements", json={
        "operator": "xingfuli", "category": "广告", "effective_from": "2026-01-01", "remainder_to": "xingfuli",
        "shares": [{"to": "public_benefit", "percent": "20"}]})
    assert r.status_code == 201, r.json
    post_income("xingfuli", "500.00", "2026-05-03", category="广告")
    post_income("xingfuli", "300.00", "2026-05-04", category="停车")
    may = statement("2026-05")
    assert (items(may["income"])["广告"], items(may["income"])["停车"], may["closing_balance"]) == (
        "400.00", "300.00", "700.00")
    assert {f["code"]: f["balance"] for f in client.get(f"{BASE}/funds").json}["public_benefit"] == "100.00"


def test_a_month_without_activity_is_a_statement_of_zeros(make_compound, post_income, statement, client):
    make_compound()
    quiet = statement("2026-05")
    assert (quiet["month"], quiet["opening_balance"], quiet["closing_balance"], quiet["remuneration"]) == (
        "2026-05", "0.00", "0.00", "0.00")
    assert [row["item"] for row in quiet["income"]] == ["物业费", "停车", "广告", "场地", "其他"]
    assert [row["item"] for row in quiet["expenses"]] == [
        "工资社保", "保洁", "绿化", "秩序维护", "维修", "水电能耗", "办公", "保险", "其他", "结余返还"]
    assert {row["amount"] for row in quiet["income"] + quiet["expenses"]} == {"0.00"}
    assert quiet["expense_details"] == []
    post_income("xingfuli", "250.00", "2026-02-10", category="停车")
    later = statement("2026-05")
    assert (later["opening_balance"], later["income_total"], later["closing_balance"]) == ("250.00", "0.00", "250.00")
    assert (later["year_to_date"]["income_total"], later["year_to_date"]["closing_balance"]) == ("250.00", "250.00")
    before_it_began = statement("2025-12")
    assert before_it_began["closing_balance"] == "0.00"
    assert client.get(f"{BASE}/compounds/xingfuli/statement").status_code == 422
    assert client.get(f"{BASE}/compounds/xingfuli/statement", query_string={"month": "2026-5"}).status_code == 422
    assert client.get(f"{BASE}/compounds/nope/statement", query_string={"month": "2026-05"}).status_code == 404
