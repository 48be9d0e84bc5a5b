"""A reversal's reason is typed by an officer and may name people: officers and auditors
read it, the public journal (API and pages) reads a neutral "冲销 #N" instead."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from ledger import db
from tests.entries import JOURNAL

REASON = "录错金额, 经手人张三丰核对"


@pytest.fixture
def reversed_entry(officer, post):
    post("2024-03-05", "Dr 102.basic 80.00", "Cr 501 80.00")
    response = officer.post(f"{JOURNAL}/transactions/1/reversal", json={"reason": REASON, "occurred_on": "2024-03-06"})
    assert response.status_code == 201, response.json
    return response.json


def test_officers_and_auditors_read_the_reason(reversed_entry, officer, auditor):
    assert reversed_entry["reason"] == REASON
    for reader in (officer, auditor):
        assert reader.get(f"{JOURNAL}/transactions/2").json["reason"] == REASON
        items = reader.get(f"{JOURNAL}/journal").json["items"]
        assert [item["reason"] for item in items] == [None, REASON]


def test_the_hashed_description_holds_no_reason(reversed_entry, app):
    """The public journal carries every hashed field (the chain stays recomputable from it):
    so the reason is not one of them."""
    with db.engine(app).connect() as connection:
        stored = connection.execute(text("SELECT description FROM journal_transaction WHERE seq = 2")).scalar_one()
    assert stored == "冲销 #1" and reversed_entry["description"] == "冲销 #1"


def test_the_public_api_reads_a_neutral_description(reversed_entry, client, make_user, make_community):
    outsider = make_user("officer", make_community("other", "别的社区"))  # an officer of another community is the public here
    for reader in (client, outsider):
        one = reader.get(f"{JOURNAL}/transactions/2").json
        assert one["description"] == "冲销 #1" and one["reverses"] == 1 and one["reason"] is None
        items = reader.get(f"{JOURNAL}/journal").json["items"]
        assert [item["description"] for item in items] == ["entry", "冲销 #1"]
        assert "张三丰" not in json.dumps(items, ensure_ascii=False)
    assert client.get(f"{JOURNAL}/transactions/1").json["description"] != "冲销 #1"  # the original is unchanged


def test_the_public_journal_page_reads_a_neutral_description(reversed_entry, client):
    for lang in ("zh", "en"):
        html = client.get(f"/c/fenghe/journal?lang={lang}").get_data(as_text=True)
        assert "冲销 #1" in html and "张三丰" not in html


def test_the_schema_says_which_fields_are_public(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    transaction = next(s for name, s in schemas.items() if name.startswith("Transaction") and "hash" in s.get(
        "properties", {}))
    fields = transaction["properties"]
    assert {name for name, field in fields.items() if not field["description"].startswith("public")} == {"reason"}
    assert fields["reason"]["description"].startswith("private") and "reason" in transaction["description"]
