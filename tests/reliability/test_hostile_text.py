"""SQL-like, script-like and formula-like text is stored and shown as text everywhere:
the API gives it back exactly, pages escape it, spreadsheets keep it a string; and every
page carries the security headers, with no inline script or style for the CSP to allow."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

C = "/api/v1/communities/fenghe"
SQL = "x'); DROP TABLE income; --"
SCRIPT = '<script>alert("owned")</script>'
FORMULA = '=HYPERLINK("http://evil.example","点我")'
HOSTILE = (SQL, SCRIPT, FORMULA)
PAGES = ("/c/fenghe", "/c/fenghe/operators/evil", "/c/fenghe/journal", "/c/fenghe/projects/p1",
         "/c/fenghe/compounds/evilyard", "/c/fenghe/questions", "/c/fenghe/questions/ask?kind=transaction&ref=1",
         "/c/fenghe/notice?month=2026-03")


@pytest.fixture
def hostile(officer, make_operator, post_income):
    r = officer.post(f"{C}/operators", json={"code": "evil", "name": SCRIPT, "kind": "other",
                                             "settlement": "community_collects"})
    assert r.status_code == 201, r.json
    r = officer.post(f"{C}/agreements", json={"operator": "evil", "effective_from": "2026-01-01", "note": SQL,
                                              "shares": [{"to": "public_benefit", "percent": "10"}]})
    assert r.status_code == 201, r.json
    income = post_income("evil", "100.00", occurred_on="2026-03-05", payer=SQL, note=SCRIPT, category=FORMULA)
    r = officer.post(f"{C}/transactions", json={"occurred_on": "2026-03-06", "description": FORMULA, "postings": [
        {"account": "102.basic", "debit": "1.00"}, {"account": "521", "credit": "1.00"}]})
    assert r.status_code == 201, r.json
    r = officer.post(f"{C}/projects", json={"code": "p1", "name": SCRIPT, "purpose": SQL, "budget": "100.00",
                                            "fund": "public_benefit"})
    assert r.status_code == 201, r.json
    r = officer.post(f"{C}/disbursements", json={"project": "p1", "amount": "1.00", "payee": SCRIPT,
                                                 "purpose": FORMULA, "note": SQL})
    assert r.status_code == 201, r.json
    r = officer.post(f"{C}/compounds", json={"code": "evilyard", "name": SCRIPT, "remuneration_percent": "10"})
    assert r.status_code == 201, r.json
    r = officer.post(f"{C}/decisions", json={"decided_on": "2026-03-01", "body": SQL, "subject": SCRIPT, "votes_for": 3,
                                             "votes_against": 0, "abstentions": 0, "attendance": 3,
                                             "projects": [{"code": "p1", "budget": "100.00"}]})
    assert r.status_code == 201, r.json
    for kind, ref in (("project", "p1"), ("transaction", 1)):
        r = officer.post(f"{C}/questions", json={"about": {"kind": kind, "ref": ref}, "text": SCRIPT, "name": SQL})
        assert r.status_code == 201, r.json
        assert officer.post(f"{C}/questions/{r.json['id']}/answer", json={"text": FORMULA}).status_code == 200
    return income


def test_the_api_gives_hostile_text_back_exactly(hostile, officer, client):
    item = officer.get(f"{C}/incomes").json["items"][0]
    assert (item["payer"], item["note"], item["category"]) == (SQL, SCRIPT, FORMULA)
    assert {o["code"]: o["name"] for o in client.get(f"{C}/operators").json}["evil"] == SCRIPT
    assert client.get(f"{C}/agreements").json[0]["note"] == SQL
    assert client.get(f"{C}/projects/p1").json["purpose"] == SQL
    assert any(tx["description"] == FORMULA for tx in client.get(f"{C}/journal").json["items"])
    paid = officer.get(f"{C}/disbursements").json["items"][0]
    assert (paid["payee"], paid["purpose"], paid["note"]) == (SCRIPT, FORMULA, SQL)
    assert client.get(f"{C}/compounds/evilyard").json["name"] == SCRIPT
    assert len(officer.get(f"{C}/incomes").json["items"]) == 1  # the income table is still there


def test_pages_escape_it(hostile, client):
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, path
        html = page.get_data(as_text=True)
        assert SCRIPT not in html, path
        assert "&lt;script&gt;" in html or "alert" not in html, path


def test_spreadsheets_keep_it_a_string(hostile, auditor):
    got = auditor.get(f"{C}/reports/audit.xlsx?from=2026-03-01&to=2026-03-31")
    book = load_workbook(io.BytesIO(got.data))
    got.close()
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.lstrip("'").startswith("=HYPERLINK")]
    assert cells and all(cell.data_type == "s" for cell in cells)


HEADERS = {"X-Content-Type-Options": "nosniff"}


@pytest.mark.parametrize("path", ["/c/fenghe", "/c/fenghe/journal", "/login", f"{C}/chain", "/api/v1/openapi.json"])
def test_security_headers(community, client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    for name, value in HEADERS.items():
        assert response.headers[name] == value


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


def test_no_page_needs_inline_script_or_style(hostile, client):
    for path in (*PAGES, "/login", "/c/fenghe?lang=en"):
        html = client.get(path).get_data(as_text=True)
        assert not INLINE_SCRIPT.search(html), path
        assert not INLINE_STYLE.search(html), path
