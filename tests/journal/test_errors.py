"""Every refusal of the journal API: its status, its error code, the field it names, and
that nothing was written. Bad input is never a 500."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.entries import JOURNAL


DR = {"account": "102.basic", "debit": "100.00"}
CR = {"account": "501", "credit": "100.00"}
ABSENT = object()


def tx(*postings, **fields) -> dict:
    """A transaction body: two good postings unless given; fields replace (ABSENT removes) the rest."""
    body = {"occurred_on": "2024-03-05", "description": "咖啡吧收入", "postings": list(postings) or [DR, CR]}
    body.update(fields)
    return {key: value for key, value in body.items() if value is not ABSENT}


def dr(amount, account="102.basic") -> dict:
    return {"account": account, "debit": amount}


def cr(amount, account="501") -> dict:
    return {"account": account, "credit": amount}


@pytest.fixture
def journal(post, close):
    """February is posted and January closed, so every kind of refusal has something to refuse."""
    post("2024-01-10", "Dr 102.basic 500.00", "Cr 301 500.00")
    post("2024-02-10", "Dr 101 50.00", "Cr 102.basic 50.00")
    close("2024-01")


@pytest.fixture
def refused(officer, database_state, community):
    """refused(method, path, status, code, body=None) -> the error answer, after checking that
    the database is exactly as it was."""
    def call(method: str, path: str, status: int, code: str, **kwargs) -> dict:
        before = database_state()
        response = getattr(officer, method)(f"{JOURNAL}{path}", **kwargs)
        assert (response.status_code, response.json["code"]) == (status, code), response.json
        assert set(response.json) == {"code", "message", "errors"} and response.json["message"]
        assert database_state() == before
        return response.json
    return call


# -- 422: the body is not a valid transaction ------------------------------------------------
@pytest.mark.parametrize("body, field", [
    pytest.param(tx(dr(100), cr("100.00")), "postings.0.debit", id="json-number"),
    pytest.param(tx(dr("12.345"), cr("12.345")), "postings.0.debit", id="three-places"),
    pytest.param(tx(dr("1e3"), cr("1000.00")), "postings.0.debit", id="exponent"),
    pytest.param(tx(dr("NaN"), cr("1.00")), "postings.0.debit", id="nan"),
    pytest.param(tx(dr(""), cr("1.00")), "postings.0.debit", id="empty"),
    pytest.param(tx(dr("-100.00"), cr("-100.00")), "postings.0.debit", id="negative"),
    pytest.param(tx(dr("100000000000.01"), cr("100000000000.01")), "postings.0.debit", id="too-large"),
    pytest.param(tx(dr("9" * 5000), cr("1.00")), "postings.0.debit", id="five-thousand-digits"),
    pytest.param(tx(dr("100.00"), cr(None)), "postings.1.credit", id="null-credit"),
    pytest.param(tx({"account": "102.basic", "debit": "1.00", "credit": "1.00"}, cr("1.00")),
                 "postings.0.debit", id="debit-and-credit"),
    pytest.param(tx({"account": "102.basic"}, cr("1.00")), "postings.0.debit", id="neither-side"),
    pytest.param(tx({"debit": "1.00"}, cr("1.00")), "postings.0.account", id="no-account"),
    pytest.param(tx(dr("1.00", account="999"), cr("1.00")), "postings.0.account", id="unknown-account"),
    pytest.param(tx(dr("1.00", account="\x00"), cr("1.00")), "postings.0.account", id="account-nul"),
    pytest.param(tx(dr("1.00", account="\ud800"), cr("1.00")), "postings.0.account", id="account-surrogate"),
    pytest.param(tx(dr("1.00")), "postings", id="one-posting"),
    pytest.param(tx(postings=[]), "postings", id="no-postings"),
    pytest.param(tx(postings=[DR, CR] * 101), "postings", id="too-many-postings"),
    pytest.param(tx(postings=ABSENT), "postings", id="missing-postings"),
    pytest.param(tx(occurred_on=ABSENT), "occurred_on", id="missing-date"),
    pytest.param(tx(description=ABSENT), "description", id="missing-description"),
    pytest.param(tx(occurred_on="2024-02-30"), "occurred_on", id="no-such-day"),
    pytest.param(tx(occurred_on=20240305), "occurred_on", id="date-number"),
    pytest.param(tx(occurred_on="1899-12-31"), "occurred_on", id="before-1900"),
    pytest.param(tx(description=""), "description", id="empty-description"),
    pytest.param(tx(description="   "), "description", id="blank-description"),
    pytest.param(tx(description="x" * 501), "description", id="long-description"),
    pytest.param(tx(description="收入\x00"), "description", id="nul"),
    pytest.param(tx(description="收入\x1b[31m"), "description", id="escape"),
    pytest.param(tx(description="收入\ud800"), "description", id="lone-surrogate"),
    pytest.param(tx(source="income"), "source", id="income-source"),
    pytest.param(tx(extra="x"), "extra", id="unknown-field"),
])
def test_invalid_transaction_is_422(refused, body, field):
    answer = refused("post", "/transactions", 422, "validation_error", json=body)
    assert field in answer["errors"], answer["errors"]


@pytest.mark.parametrize("debit, credit, message", [
    ("100.00", "99.99", "debits exceed credits by 0.01"),
    ("0.01", "1000.00", "credits exceed debits by 999.99"),
])
def test_unbalanced_transaction_is_422(refused, debit, credit, message):
    answer = refused("post", "/transactions", 422, "unbalanced", json=tx(dr(debit), cr(credit)))
    assert answer["errors"] == {"postings": [message]}


@pytest.mark.parametrize("data, content_type", [
    (b"{bad", "application/json"),
    (b'{"occurred_on": "2024-03-05", ', "application/json"),
    (b'{"a": 1} trailing', "application/json"),
    (b"\xff\xfe\x00\x01", "application/json"),
    (b"[" * 100_000, "application/json"),  # deeper than any JSON parser recurses
])
def test_malformed_json_is_400(refused, data, content_type):
    refused("post", "/transactions", 400, "malformed", data=data, headers={"Content-Type": content_type})


@pytest.mark.parametrize("data", [b"[]", b'"text"', b"null", b"42"])
def test_json_that_is_not_an_object_is_422(refused, data):
    refused("post", "/transactions", 422, "validation_error", data=data, headers={"Content-Type": "application/json"})


# -- 409: the ledger's state refuses --------------------------------------------------------
@pytest.mark.parametrize("day", ["2024-01-31", "2024-01-01", "2023-06-30"])
def test_posting_into_a_closed_month_is_409(journal, refused, day):
    answer = refused("post", "/transactions", 409, "period_closed", json=tx(occurred_on=day))
    assert "occurred_on" in answer["errors"]


def test_reversing_twice_is_409(journal, officer, refused):
    assert officer.post(f"{JOURNAL}/transactions/2/reversal", json={"reason": "录错"}).status_code == 201
    refused("post", "/transactions/2/reversal", 409, "already_reversed", json={"reason": "again"})


def test_reversing_a_reversal_is_409(journal, officer, refused):
    reversal = officer.post(f"{JOURNAL}/transactions/2/reversal", json={"reason": "录错"}).json
    refused("post", f"/transactions/{reversal['seq']}/reversal", 409, "already_reversed", json={"reason": "again"})


def test_reversing_into_a_closed_month_is_409(journal, refused):
    refused("post", "/transactions/2/reversal", 409, "period_closed",
            json={"reason": "录错", "occurred_on": "2024-01-31"})


@pytest.mark.parametrize("body, field", [
    ({}, "reason"),
    ({"reason": ""}, "reason"),
    ({"reason": "  "}, "reason"),
    ({"reason": "录错\x00"}, "reason"),
    ({"reason": "x" * 401}, "reason"),
    ({"reason": "录错", "occurred_on": "2024-02-31"}, "occurred_on"),
])
def test_invalid_reversal_is_422(journal, refused, body, field):
    answer = refused("post", "/transactions/2/reversal", 422, "validation_error", json=body)
    assert field in answer["errors"]


@pytest.mark.parametrize("seq", ["3", "0", "99999999999999999999999"])
def test_reversing_an_unknown_transaction_is_404(journal, refused, seq):
    refused("post", f"/transactions/{seq}/reversal", 404, "not_found", json={"reason": "录错"})


def _this_month() -> str:
    return datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")


@pytest.mark.parametrize("month", [
    pytest.param("2024-01", id="twice"),
    pytest.param("2023-12", id="before-the-closed-months"),
    pytest.param("2024-03", id="out-of-order"),
    pytest.param(None, id="not-ended"),
    pytest.param("9998-12", id="far-future"),
])
def test_a_month_that_cannot_close_is_409(journal, refused, month):
    answer = refused("post", f"/periods/{month or _this_month()}/close", 409, "period_not_closable")
    assert answer["errors"]["month"]


@pytest.mark.parametrize("month", ["2024-13", "2024-1", "202402", "1899-12", "month"])
def test_closing_a_malformed_month_is_422(refused, month):
    answer = refused("post", f"/periods/{month}/close", 422, "validation_error")
    assert "month" in answer["errors"]


# -- reading with bad arguments -------------------------------------------------------------
@pytest.mark.parametrize("path, field", [
    ("/accounts/101/balance?as_of=2024-02-30", "as_of"),
    ("/accounts/101/balance?as_of=0001-01-01", "as_of"),
    ("/accounts/101/balance?as_of=", "as_of"),
    ("/trial-balance?from=2024-03-01&to=2024-02-01", "to"),
    ("/trial-balance?from=yesterday", "from"),
    ("/journal?cursor=garbage", "cursor"),
    ("/journal?cursor=2024-01-01:x", "cursor"),
    ("/journal?cursor=2024-01-01:99999999999999999999999", "cursor"),
    ("/journal?cursor=2024-01-01:-1", "cursor"),
    ("/journal?limit=0", "limit"),
    ("/journal?limit=-1", "limit"),
    ("/journal?limit=1001", "limit"),
    ("/journal?limit=ten", "limit"),
])
def test_bad_query_is_422(refused, path, field):
    answer = refused("get", path, 422, "validation_error")
    assert field in answer["errors"], answer["errors"]


@pytest.mark.parametrize("path", [
    "/accounts/999/balance", "/accounts/%00/balance", "/transactions/3", "/transactions/99999999999999999999999",
])
def test_unknown_things_are_404(refused, path):
    refused("get", path, 404, "not_found")


@pytest.mark.parametrize("path", [
    "/accounts/101/balance?as_of=9999-12-31",
    "/trial-balance?from=9999-12-15&to=9999-12-31",
    "/trial-balance?from=1900-01-01&to=9999-12-31",
    "/journal?from=9999-12-31",
])
def test_the_edges_of_the_calendar_are_answered(officer, journal, path):
    assert officer.get(f"{JOURNAL}{path}").status_code == 200


UNKNOWN_COMMUNITY = [
    # method, path, the answer to an anonymous caller: who asks is checked before what is asked for
    ("post", "/transactions", 401),
    ("post", "/transactions/1/reversal", 401),
    ("post", "/accounts", 401),
    ("post", "/periods/2024-02/close", 401),
    ("get", "/trial-balance", 401),
    ("get", "/accounts/101/balance", 401),
    ("get", "/chain", 404),
    ("get", "/journal", 404),
    ("get", "/transactions/1", 404),
    ("get", "", 404),
]


def test_unknown_community_is_404(officer, client, database_state):
    before = database_state()
    for method, path, anonymous in UNKNOWN_COMMUNITY:
        for caller, status in ((officer, 404), (client, anonymous)):
            response = getattr(caller, method)(f"/api/v1/communities/nowhere{path}")
            assert response.status_code == status, (method, path)
            assert response.json["code"] == {401: "not_authenticated", 404: "not_found"}[status]
    assert database_state() == before
