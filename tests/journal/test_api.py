"""The journal API: posting, reversing, reading back, balances, the trial balance, periods."""
import hashlib
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from ledger import db
from tests.entries import JOURNAL, entry, fen, signed

# A small worked ledger. 102.basic and 101 move on both sides; 211 ends on its abnormal side.
LEDGER = [
    ("2024-01-02", "Dr 102.basic 1000.00", "Cr 301 1000.00"),    # capital paid in
    ("2024-01-15", "Dr 101 200.00", "Cr 102.basic 200.00"),      # cash drawn from the bank
    ("2024-02-03", "Dr 102.wechat 300.00", "Cr 501 300.00"),     # takings
    ("2024-02-10", "Dr 514 50.00", "Cr 101 50.00"),              # a public-benefit expense
    ("2024-02-20", "Dr 301 100.00", "Cr 102.basic 100.00"),      # capital returned
    ("2024-02-25", "Dr 211 30.00", "Cr 101 30.00"),              # a payable overpaid
]
CLOSINGS = [[], ["2024-01"], ["2024-01", "2024-02"]]


@pytest.fixture
def ledger(post):
    return [post(*row) for row in LEDGER]


def test_post_a_transaction(officer, client):
    response = officer.post(f"{JOURNAL}/transactions", json=entry(
        "2024-01-02", "Dr 102.basic 1000.00", "Cr 301 1000.00", description="  股东投入  "))
    assert response.status_code == 201, response.json
    tx = response.json
    assert (tx["seq"], tx["occurred_on"], tx["description"], tx["source"], tx["reverses"]) == (
        1, "2024-01-02", "股东投入", "transfer", None)
    assert tx["created_by"] == "officer1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", tx["created_at"])
    assert re.fullmatch(r"[0-9a-f]{64}", tx["hash"])
    assert [(p["account"], p.get("debit"), p.get("credit")) for p in tx["postings"]] == [
        ("102.basic", "1000.00", None), ("301", None, "1000.00")]
    assert client.get(f"{JOURNAL}/transactions/1").json == tx
    assert client.get(f"{JOURNAL}/chain").json == {"head_seq": 1, "head_hash": tx["hash"]}


def test_opening_entries_keep_their_source(post, officer):
    body = {**entry("2024-01-01", "Dr 101 5.00", "Cr 301 5.00"), "source": "opening"}
    response = officer.post(f"{JOURNAL}/transactions", json=body)
    assert response.status_code == 201 and response.json["source"] == "opening"


def test_transactions_are_numbered_without_gaps(ledger, client):
    assert [tx["seq"] for tx in ledger] == [1, 2, 3, 4, 5, 6]
    assert client.get(f"{JOURNAL}/chain").json["head_seq"] == 6


def test_every_transaction_records_its_creator(app, make_user, community, ledger):
    other = make_user("officer", community, username="officer2")
    response = other.post(f"{JOURNAL}/transactions", json=entry("2024-03-01", "Dr 101 1.00", "Cr 301 1.00"))
    assert response.json["created_by"] == "officer2"
    with db.engine(app).connect() as connection:
        creators = connection.execute(text("SELECT seq, created_by FROM journal_transaction ORDER BY seq")).all()
    assert [tuple(row) for row in creators] == [(i, "officer1") for i in range(1, 7)] + [(7, "officer2")]


def test_reversal_posts_the_opposite_and_references_the_original(officer, post, client):
    post("2024-03-05", "Dr 102.basic 80.00", "Cr 501 80.00")
    response = officer.post(f"{JOURNAL}/transactions/1/reversal", json={"reason": "录错金额", "occurred_on": "2024-03-06"})
    assert response.status_code == 201, response.json
    reversal = response.json
    assert (reversal["seq"], reversal["source"], reversal["reverses"], reversal["occurred_on"]) == (
        2, "reversal", 1, "2024-03-06")
    assert (reversal["description"], reversal["reason"], reversal["created_by"]) == ("冲销 #1", "录错金额", "officer1")
    assert [(p["account"], p.get("debit"), p.get("credit")) for p in reversal["postings"]] == [
        ("102.basic", None, "80.00"), ("501", "80.00", None)]
    for account in ("102.basic", "501"):
        assert officer.get(f"{JOURNAL}/accounts/{account}/balance?as_of=2024-03-31").json["balance"] == "0.00"


def test_reversal_is_dated_today_by_default(officer, post):
    post("2024-03-05", "Dr 102.basic 80.00", "Cr 501 80.00")
    response = officer.post(f"{JOURNAL}/transactions/1/reversal", json={"reason": "重复录入"})
    assert response.status_code == 201
    assert response.json["occurred_on"] == datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


def test_get_a_transaction_is_public(ledger, client):
    response = client.get(f"{JOURNAL}/transactions/4")
    assert response.status_code == 200
    assert response.json["occurred_on"] == "2024-02-10"
    assert [signed(p) for p in response.json["postings"]] == [5000, -5000]


@pytest.mark.parametrize("seq", [0, 7, 10**30])
def test_unknown_transaction_is_404(ledger, client, seq):
    response = client.get(f"{JOURNAL}/transactions/{seq}")
    assert response.status_code == 404 and response.json["code"] == "not_found"


# -- reading the journal page by page ------------------------------------------------------
SCRAMBLED = ["2024-03-09", "2024-03-01", "2024-03-05", "2024-03-01", "2024-03-31", "2024-03-05", "2024-03-02"]


def read_all(client, limit: int, **query) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        params = {"limit": limit, **query, **({"cursor": cursor} if cursor else {})}
        answer = client.get(f"{JOURNAL}/journal", query_string=params).json
        pages.append([tx["seq"] for tx in answer["items"]])
        cursor = answer["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 50, "the cursor does not advance"


@pytest.mark.parametrize("limit", [1, 3, 7])
def test_journal_pages_chain_through_next_cursor(post, client, limit):
    for i, day in enumerate(SCRAMBLED):
        post(day, "Dr 101 1.00", "Cr 301 1.00", description=f"entry {i + 1}")
    expected = [seq for _, seq in sorted((day, i + 1) for i, day in enumerate(SCRAMBLED))]
    pages = read_all(client, limit)
    assert [seq for page in pages for seq in page] == expected
    assert all(len(page) == limit for page in pages[:-1]) and len(pages[-1]) <= limit


def test_journal_date_range(post, client):
    for day in SCRAMBLED:
        post(day, "Dr 101 1.00", "Cr 301 1.00")
    pages = read_all(client, 2, **{"from": "2024-03-02", "to": "2024-03-09"})
    assert [seq for page in pages for seq in page] == [7, 3, 6, 1]


def test_journal_pages_are_stable_under_inserts(post, client):
    for day in SCRAMBLED:
        post(day, "Dr 101 1.00", "Cr 301 1.00")
    first = client.get(f"{JOURNAL}/journal?limit=3").json
    assert [tx["seq"] for tx in first["items"]] == [2, 4, 7]
    post("2024-03-02", "Dr 101 1.00", "Cr 301 1.00")  # seq 8: same day as the cursor, later seq
    post("2024-03-01", "Dr 101 1.00", "Cr 301 1.00")  # seq 9: before the cursor, belongs to the first page
    post("2024-03-06", "Dr 101 1.00", "Cr 301 1.00")  # seq 10, after the cursor
    rest, cursor = [], first["next_cursor"]
    while cursor:
        answer = client.get(f"{JOURNAL}/journal", query_string={"limit": 3, "cursor": cursor}).json
        rest += [tx["seq"] for tx in answer["items"]]
        cursor = answer["next_cursor"]
    assert rest == [8, 3, 6, 10, 1, 5]


def test_the_chain_can_be_recomputed_from_the_public_journal(ledger, officer, client):
    officer.post(f"{JOURNAL}/transactions/2/reversal", json={"reason": "撤销", "occurred_on": "2024-03-01"})
    items = [tx for page in _pages(client) for tx in page]
    previous = "0" * 64
    for tx in sorted(items, key=lambda tx: tx["seq"]):
        lines = sorted(((p["account"], signed(p)) for p in tx["postings"]))
        body = {"community": "fenghe", "created_at": tx["created_at"], "created_by": tx["created_by"],
                "description": tx["description"], "occurred_on": tx["occurred_on"],
                "postings": [[code, f"{amount / 100:.2f}"] for code, amount in lines],
                "reverses": tx["reverses"], "seq": tx["seq"], "source": tx["source"]}
        canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        previous = hashlib.sha256((previous + canonical).encode()).hexdigest()
        assert tx["hash"] == previous, f"seq {tx['seq']}"
    assert client.get(f"{JOURNAL}/chain").json == {"head_seq": 7, "head_hash": previous}


def _pages(client):
    cursor = None
    while True:
        answer = client.get(f"{JOURNAL}/journal", query_string={"limit": 4, **({"cursor": cursor} if cursor else {})}).json
        yield answer["items"]
        cursor = answer["next_cursor"]
        if not cursor:
            return


def test_chain_verification(ledger, auditor):
    answer = auditor.get(f"{JOURNAL}/chain/verification").json
    assert (answer["ok"], answer["head_seq"], answer["broken_seq"]) == (True, 6, None)
    assert answer["head_hash"] == ledger[-1]["hash"]


def test_chain_verification_reports_tampering(app, ledger, auditor):
    with db.engine(app).begin() as connection:
        connection.execute(text("UPDATE journal_transaction SET description = 'edited' WHERE seq = 3"))
    answer = auditor.get(f"{JOURNAL}/chain/verification").json
    assert (answer["ok"], answer["broken_seq"]) == (False, 3)


# -- balances ---------------------------------------------------------------------------------
BALANCES = [
    # account, as_of, balance on the normal side, the normal side
    ("102.basic", "2024-01-01", "0.00", "debit"),
    ("102.basic", "2024-01-02", "1000.00", "debit"),
    ("102.basic", "2024-01-31", "800.00", "debit"),
    ("102.basic", "2024-02-19", "800.00", "debit"),
    ("102.basic", "2024-02-29", "700.00", "debit"),
    ("101", "2024-02-09", "200.00", "debit"),
    ("101", "2024-02-10", "150.00", "debit"),
    ("101", "2025-06-30", "120.00", "debit"),
    ("301", "2024-01-31", "1000.00", "credit"),
    ("301", "2024-02-20", "900.00", "credit"),
    ("501", "2024-02-29", "300.00", "credit"),
    ("514", "2024-03-01", "50.00", "debit"),
    ("211", "2024-02-29", "-30.00", "credit"),  # a liability paid beyond what was owed
    ("112", "2024-02-29", "0.00", "debit"),  # never used
]


@pytest.mark.parametrize("closed", CLOSINGS, ids=["open", "jan-closed", "jan-feb-closed"])
def test_balances_on_the_normal_side(ledger, close, officer, closed):
    for month in closed:
        close(month)
    answers = []
    for account, as_of, *_ in BALANCES:
        answer = officer.get(f"{JOURNAL}/accounts/{account}/balance?as_of={as_of}").json
        answers.append((answer["account"], answer["as_of"], answer["balance"], answer["side"]))
    assert answers == BALANCES


def test_balance_defaults_to_today(ledger, auditor):
    answer = auditor.get(f"{JOURNAL}/accounts/102.basic/balance").json
    assert answer["as_of"] == datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    assert answer["balance"] == "700.00"


def test_balance_of_an_unknown_account_is_404(ledger, officer):
    response = officer.get(f"{JOURNAL}/accounts/999/balance")
    assert response.status_code == 404 and response.json["code"] == "not_found"


# -- the trial balance ----------------------------------------------------------------------
COLUMNS = ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit")
TRIAL_BALANCES = {
    # account: opening Dr, opening Cr, Dr, Cr, closing Dr, closing Cr
    ("2024-02-01", "2024-02-29"): [
        ("101", "200.00", "0.00", "0.00", "80.00", "120.00", "0.00"),
        ("102.basic", "800.00", "0.00", "0.00", "100.00", "700.00", "0.00"),
        ("102.wechat", "0.00", "0.00", "300.00", "0.00", "300.00", "0.00"),
        ("211", "0.00", "0.00", "30.00", "0.00", "30.00", "0.00"),
        ("301", "0.00", "1000.00", "100.00", "0.00", "0.00", "900.00"),
        ("501", "0.00", "0.00", "0.00", "300.00", "0.00", "300.00"),
        ("514", "0.00", "0.00", "50.00", "0.00", "50.00", "0.00"),
    ],
    ("2024-01-10", "2024-02-15"): [
        ("101", "0.00", "0.00", "200.00", "50.00", "150.00", "0.00"),
        ("102.basic", "1000.00", "0.00", "0.00", "200.00", "800.00", "0.00"),
        ("102.wechat", "0.00", "0.00", "300.00", "0.00", "300.00", "0.00"),
        ("301", "0.00", "1000.00", "0.00", "0.00", "0.00", "1000.00"),
        ("501", "0.00", "0.00", "0.00", "300.00", "0.00", "300.00"),
        ("514", "0.00", "0.00", "50.00", "0.00", "50.00", "0.00"),
    ],
    ("2024-01-01", "2024-02-29"): [
        ("101", "0.00", "0.00", "200.00", "80.00", "120.00", "0.00"),
        ("102.basic", "0.00", "0.00", "1000.00", "300.00", "700.00", "0.00"),
        ("102.wechat", "0.00", "0.00", "300.00", "0.00", "300.00", "0.00"),
        ("211", "0.00", "0.00", "30.00", "0.00", "30.00", "0.00"),
        ("301", "0.00", "0.00", "100.00", "1000.00", "0.00", "900.00"),
        ("501", "0.00", "0.00", "0.00", "300.00", "0.00", "300.00"),
        ("514", "0.00", "0.00", "50.00", "0.00", "50.00", "0.00"),
    ],
    ("2024-03-01", "2024-03-31"): [
        ("101", "120.00", "0.00", "0.00", "0.00", "120.00", "0.00"),
        ("102.basic", "700.00", "0.00", "0.00", "0.00", "700.00", "0.00"),
        ("102.wechat", "300.00", "0.00", "0.00", "0.00", "300.00", "0.00"),
        ("211", "30.00", "0.00", "0.00", "0.00", "30.00", "0.00"),
        ("301", "0.00", "900.00", "0.00", "0.00", "0.00", "900.00"),
        ("501", "0.00", "300.00", "0.00", "0.00", "0.00", "300.00"),
        ("514", "50.00", "0.00", "0.00", "0.00", "50.00", "0.00"),
    ],
}


@pytest.mark.parametrize("closed", CLOSINGS, ids=["open", "jan-closed", "jan-feb-closed"])
def test_trial_balances(ledger, close, auditor, closed):
    for month in closed:
        close(month)
    for (start, end), expected in TRIAL_BALANCES.items():
        response = auditor.get(f"{JOURNAL}/trial-balance?from={start}&to={end}")
        assert response.status_code == 200, response.json
        answer = response.json
        assert (answer["from"], answer["to"]) == (start, end)
        assert [(row["account"], *(row[c] for c in COLUMNS)) for row in answer["rows"]] == expected, (start, end)
        totals = answer["totals"]
        for column in COLUMNS:
            assert fen(totals[column]) == sum(fen(row[column]) for row in answer["rows"])
        assert totals["opening_debit"] == totals["opening_credit"]
        assert totals["debit"] == totals["credit"]
        assert totals["closing_debit"] == totals["closing_credit"]


def test_trial_balance_names_each_account(ledger, auditor):
    rows = auditor.get(f"{JOURNAL}/trial-balance?from=2024-02-01&to=2024-02-29").json["rows"]
    assert {row["account"]: (row["name"], row["type"]) for row in rows}["514"] == ("公益支出", "expense")


# -- closing months -------------------------------------------------------------------------
def test_close_a_month(ledger, officer):
    response = officer.post(f"{JOURNAL}/periods/2024-01/close")
    assert response.status_code == 201, response.json
    answer = response.json
    assert (answer["month"], answer["closed_by"], answer["accounts"]) == ("2024-01", "officer1", 3)
    assert answer["closed_at"].endswith("Z")


def test_a_closed_month_refuses_postings_and_the_next_stays_open(ledger, close, officer):
    close("2024-01")
    refused = officer.post(f"{JOURNAL}/transactions", json=entry("2024-01-31", "Dr 101 1.00", "Cr 301 1.00"))
    assert refused.status_code == 409 and refused.json["code"] == "period_closed"
    accepted = officer.post(f"{JOURNAL}/transactions", json=entry("2024-02-01", "Dr 101 1.00", "Cr 301 1.00"))
    assert accepted.status_code == 201


def test_months_close_in_order(ledger, close, officer):
    close("2024-01")
    close("2024-02")
    close("2024-03")  # a month without postings closes too
    assert officer.get(f"{JOURNAL}/accounts/101/balance?as_of=2024-04-01").json["balance"] == "120.00"


# -- the chart of accounts -------------------------------------------------------------------
def test_add_an_account_and_post_to_it(app, officer, post):
    response = officer.post(f"{JOURNAL}/accounts", json={"code": "501.cafe", "name": "经营收入-咖啡吧",
                                                          "type": "revenue", "parent": "501"})
    assert response.status_code == 201, response.json
    assert response.json == {"code": "501.cafe", "name": "经营收入-咖啡吧", "type": "revenue", "parent": "501"}
    listed = {a["code"]: a for a in officer.get(f"{JOURNAL}/accounts").json}
    assert listed["501.cafe"] == response.json
    post("2024-03-01", "Dr 101 25.00", "Cr 501.cafe 25.00")
    assert officer.get(f"{JOURNAL}/accounts/501.cafe/balance?as_of=2024-03-01").json["balance"] == "25.00"
    with db.engine(app).connect() as connection:
        assert connection.execute(text("SELECT created_by FROM account WHERE code = '501.cafe'")).scalar_one() == "officer1"


def test_an_account_without_parent(officer):
    response = officer.post(f"{JOURNAL}/accounts", json={"code": "523", "name": "捐赠收入", "type": "revenue"})
    assert response.status_code == 201 and response.json["parent"] is None


@pytest.mark.parametrize("body, status, code, field", [
    ({"code": "101", "name": "现金", "type": "asset"}, 409, "already_exists", "code"),
    ({"code": "501.cafe", "name": "咖啡吧", "type": "revenue", "parent": "599"}, 404, "not_found", "parent"),
    ({"code": "501 cafe", "name": "咖啡吧", "type": "revenue"}, 422, "validation_error", "code"),
    ({"code": ".cafe", "name": "咖啡吧", "type": "revenue"}, 422, "validation_error", "code"),
    ({"code": "501.cafe", "name": "咖啡吧", "type": "income"}, 422, "validation_error", "type"),
    ({"code": "501.cafe", "name": "  ", "type": "revenue"}, 422, "validation_error", "name"),
    ({"name": "咖啡吧", "type": "revenue"}, 422, "validation_error", "code"),
    ({"code": "501.cafe", "type": "revenue"}, 422, "validation_error", "name"),
    ({"code": "501.cafe", "name": "咖啡吧"}, 422, "validation_error", "type"),
])
def test_refused_accounts(officer, database_state, body, status, code, field):
    before = database_state()
    response = officer.post(f"{JOURNAL}/accounts", json=body)
    assert (response.status_code, response.json["code"]) == (status, code), response.json
    assert field in response.json["errors"]
    assert database_state() == before


def test_a_duplicate_of_an_added_account_is_409(officer, database_state):
    assert officer.post(f"{JOURNAL}/accounts", json={"code": "523", "name": "捐赠收入", "type": "revenue"}).status_code == 201
    before = database_state()
    response = officer.post(f"{JOURNAL}/accounts", json={"code": "523", "name": "另一个", "type": "expense"})
    assert (response.status_code, response.json["code"]) == (409, "already_exists")
    assert database_state() == before
