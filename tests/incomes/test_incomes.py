"""Incomes through the API: postings in both settlement modes, the 201 answer, refusals."""
from __future__ import annotations

import pytest

from ledger.core.money import parse_amount

C = "/api/v1/communities/fenghe"


def journal_lines(client, seq):
    tx = client.get(f"{C}/transactions/{seq}").json
    return {p["account"]: parse_amount(p.get("debit", "0")) - parse_amount(p.get("credit", "0"))
            for p in tx["postings"]}


# amount, percent, channel account, share, remainder (all worked by hand: 8 % of 100.05 = 8.004 -> 8.00)
COMMUNITY_COLLECTS = [
    ("100.05", "8", "wechat", "102.wechat", "8.00", "92.05"),
    ("0.06", "10", "cash", "101", "0.01", "0.05"),  # 0.006 rounds half up to 0.01
    ("0.04", "10", "alipay", "102.alipay", "0.00", "0.04"),  # 0.004 rounds to 0: no share line
    ("12345.67", "5", "bank", "102.basic", "617.28", "11728.39"),  # 617.2835
]


@pytest.mark.parametrize("amount, percent, channel, cash_account, share, remainder", COMMUNITY_COLLECTS)
def test_community_collects_posts_cash_share_and_remainder(client, make_operator, post_income, amount, percent,
                                                           channel, cash_account, share, remainder):
    make_operator("cafe", percent=percent)
    answer = post_income("cafe", amount, channel=channel)
    assert answer["amount"] == amount
    assert answer["shares"] == [{"to": "public_benefit", "amount": share}]
    assert answer["remainder"] == {"to": "501.cafe", "amount": remainder}
    expected = {cash_account: parse_amount(amount), "311.public_benefit": -parse_amount(share),
                "501.cafe": -parse_amount(remainder)}
    assert journal_lines(client, answer["transaction_seq"]) == {k: v for k, v in expected.items() if v}


def test_operator_collects_books_only_the_shares_as_receivable(client, make_operator, post_income, balance_of):
    make_operator("canteen", settlement="operator_collects", kind="canteen", percent="5")
    answer = post_income("canteen", "1234.50")  # 5 % = 61.725 -> 61.73
    assert answer["shares"] == [{"to": "public_benefit", "amount": "61.73"}]
    assert journal_lines(client, answer["transaction_seq"]) == {"112.canteen": 6173, "311.public_benefit": -6173}
    assert balance_of("501.canteen") == 0  # the operator keeps its till: no revenue in our books


def test_remittance_clears_the_receivable(officer, client, make_operator, post_income, balance_of):
    make_operator("canteen", settlement="operator_collects", kind="canteen", percent="5")
    post_income("canteen", "1000.00")
    r = officer.post(f"{C}/remittances", json={"operator": "canteen", "occurred_on": "2026-04-02",
                                               "amount": "50.00", "channel": "bank"})
    assert r.status_code == 201, r.json
    assert journal_lines(client, r.json["transaction_seq"]) == {"102.basic": 5000, "112.canteen": -5000}
    assert balance_of("112.canteen") == 0


def test_two_shares_and_a_custom_remainder(client, make_operator, post_income, officer):
    officer.post(f"{C}/accounts", json={"code": "211.reserve", "name": "应付款-储备", "type": "liability", "parent": "211"})
    make_operator("parking", kind="parking", shares=[{"to": "public_benefit", "percent": "10"},
                                                     {"to": "211.reserve", "percent": "2.5"}],
                  remainder_to="211.parking")
    answer = post_income("parking", "200.00")
    assert answer["shares"] == [{"to": "public_benefit", "amount": "20.00"}, {"to": "211.reserve", "amount": "5.00"}]
    assert answer["remainder"] == {"to": "211.parking", "amount": "175.00"}
    assert journal_lines(client, answer["transaction_seq"]) == {
        "102.wechat": 20000, "311.public_benefit": -2000, "211.reserve": -500, "211.parking": -17500}


def test_category_agreement_takes_precedence(officer, make_operator, post_income):
    make_operator("venue", kind="venue", percent="10")
    r = officer.post(f"{C}/agreements", json={"operator": "venue", "category": "广告", "effective_from": "2020-01-01",
                                              "shares": [{"to": "public_benefit", "percent": "50"}]})
    assert r.status_code == 201, r.json
    assert post_income("venue", "100.00", category="广告")["shares"][0]["amount"] == "50.00"
    assert post_income("venue", "100.00", category="场地")["shares"][0]["amount"] == "10.00"
    assert post_income("venue", "100.00")["shares"][0]["amount"] == "10.00"


def test_private_fields_stay_out_of_the_journal(client, officer, make_operator, post_income):
    make_operator("cafe", percent="8")
    answer = post_income("cafe", "10.00", payer="王小明 13812345678", note="浙A12345 月卡", reference="R-0001")
    assert answer["payer"] == "王小明 13812345678"  # the officer who wrote it sees it
    public = client.get(f"{C}/journal").get_data(as_text=True) + client.get(
        f"{C}/transactions/{answer['transaction_seq']}").get_data(as_text=True)
    for private in ("王小明", "13812345678", "浙A12345", "R-0001"):
        assert private not in public
    listed = officer.get(f"{C}/incomes").json["items"][0]
    assert (listed["payer"], listed["note"], listed["reference"]) == ("王小明 13812345678", "浙A12345 月卡", "R-0001")


def test_auditor_reads_incomes_but_cannot_post(auditor, make_operator, post_income):
    make_operator("cafe", percent="8")
    post_income("cafe", "10.00", payer="张三")
    assert auditor.get(f"{C}/incomes").json["items"][0]["payer"] == "张三"
    r = auditor.post(f"{C}/incomes", json={"operator": "cafe", "amount": "1.00", "channel": "cash"})
    assert r.status_code == 403


def test_no_agreement_in_force_is_refused(officer, make_operator, client):
    make_operator("cafe", percent="8")  # in force from 2020-01-01
    r = officer.post(f"{C}/incomes", json={"operator": "cafe", "amount": "1.00", "channel": "cash",
                                           "occurred_on": "2019-12-31"})
    assert r.status_code == 422 and "occurred_on" in r.json["errors"]
    assert client.get(f"{C}/chain").json["head_seq"] == 0


def test_unsplit_income_only_when_the_community_allows_it(admin, make_user, client):
    admin.post("/api/v1/communities", json={"code": "open", "name": "开放社区", "allow_unsplit_income": True})
    admin.post("/api/v1/communities", json={"code": "strict", "name": "严格社区"})
    officer = make_user("officer", "open", "strict")
    for code in ("open", "strict"):
        officer.post(f"/api/v1/communities/{code}/operators",
                     json={"code": "market", "name": "集市", "kind": "market", "settlement": "community_collects"})
    body = {"operator": "market", "amount": "30.00", "channel": "cash", "occurred_on": "2026-03-01"}
    ok = officer.post("/api/v1/communities/open/incomes", json=body)
    assert ok.status_code == 201 and ok.json["shares"] == []
    assert ok.json["remainder"] == {"to": "501.market", "amount": "30.00"}
    assert officer.post("/api/v1/communities/strict/incomes", json=body).status_code == 422


BAD_INCOMES = [
    ({"amount": 12.5}, "amount"),
    ({"amount": "12.345"}, "amount"),
    ({"amount": "0.00"}, "amount"),
    ({"amount": "-5.00"}, "amount"),
    ({"amount": "1e3"}, "amount"),
    ({"channel": "bitcoin"}, "channel"),
    ({"operator": "nobody"}, "operator"),
    ({"occurred_on": "2026-02-30"}, "occurred_on"),
    ({"payer": "a\x00b"}, "payer"),
]


@pytest.mark.parametrize("change, field", BAD_INCOMES)
def test_bad_income_is_422_and_writes_nothing(officer, client, make_operator, change, field):
    make_operator("cafe", percent="8")
    body = {"operator": "cafe", "amount": "10.00", "channel": "cash", "occurred_on": "2026-03-01", **change}
    r = officer.post(f"{C}/incomes", json=body)
    assert r.status_code == 422, r.json
    assert field in r.json["errors"]
    assert client.get(f"{C}/chain").json["head_seq"] == 0
    assert officer.get(f"{C}/incomes").json["items"] == []


def test_closed_month_refuses_income_but_reversal_lands_in_an_open_month(officer, client, make_operator, post_income,
                                                                        balance_of):
    make_operator("cafe", percent="10")
    income = post_income("cafe", "100.00", occurred_on="2026-01-10")
    assert officer.post(f"{C}/periods/2026-01/close").status_code == 201
    r = officer.post(f"{C}/incomes", json={"operator": "cafe", "amount": "1.00", "channel": "cash",
                                           "occurred_on": "2026-01-11"})
    assert r.status_code == 409 and r.json["code"] == "period_closed"
    r = officer.post(f"{C}/incomes/{income['id']}/reversal", json={"reason": "重复登记", "occurred_on": "2026-02-01"})
    assert r.status_code == 201, r.json
    assert r.json["shares"] == [{"to": "public_benefit", "amount": "-10.00"}]
    assert balance_of("311.public_benefit") == 0 and balance_of("102.wechat") == 0
    again = officer.post(f"{C}/incomes/{income['id']}/reversal", json={"reason": "again"})
    assert again.status_code == 409 and again.json["code"] == "already_reversed"


def test_income_transactions_cannot_be_reversed_as_plain_entries(officer, make_operator, post_income):
    make_operator("cafe", percent="10")
    income = post_income("cafe", "100.00")
    r = officer.post(f"{C}/transactions/{income['transaction_seq']}/reversal", json={"reason": "x"})
    assert r.status_code == 422


def test_incomes_page_through_a_cursor(officer, make_operator, post_income):
    make_operator("cafe", percent="10")
    posted = [post_income("cafe", f"{i}.00", occurred_on=f"2026-03-{1 + i % 5:02d}")["id"] for i in range(1, 12)]
    seen, cursor = [], None
    while True:
        page = officer.get(f"{C}/incomes?limit=4" + (f"&cursor={cursor}" if cursor else "")).json
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(posted) and len(seen) == len(set(seen))
    filtered = officer.get(f"{C}/incomes?from=2026-03-02&to=2026-03-02").json["items"]
    assert {item["occurred_on"] for item in filtered} == {"2026-03-02"}
