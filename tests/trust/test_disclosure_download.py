"""GET .../compounds/{k}/disclosure.xlsx: the monthly statement as a workbook, public,
with the same figures as the statement and no payee unmasked."""
from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from ledger.core.money import from_sheet_number, parse_amount

BASE = "/api/v1/communities/fenghe"


def test_the_disclosure_has_the_statements_figures(make_compound, post_income, drive, client):
    make_compound("heyuan", "和园", remuneration_percent="10")
    post_income("heyuan", "20000.00", "2026-03-05", category="物业费", channel="bank")  # 2,000.00 remuneration
    post_income("heyuan", "650.50", "2026-03-09", category="停车")
    paid = drive({"fund": "heyuan", "item": "保洁", "amount": "3200.00", "payee": "洁美保洁 王五 13912345678"},
                 paid_on="2026-03-28")
    statement = client.get(f"{BASE}/compounds/heyuan/statement?month=2026-03").json
    got = client.get(f"{BASE}/compounds/heyuan/disclosure.xlsx?month=2026-03")
    assert got.status_code == 200 and "disclosure-fenghe-heyuan-2026-03.xlsx" in got.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(got.data)).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    amounts = {from_sheet_number(c) for c in cells if isinstance(c, (int, float, Decimal))}
    # opening 0; income 18,000.00 fees (after remuneration) + 650.50 parking; 3,200.00 cleaning
    for figure in ("closing_balance", "remuneration"):
        assert parse_amount(statement[figure]) in amounts
    assert {parse_amount("3200.00"), parse_amount("650.50"), parse_amount(statement["closing_balance"])} <= amounts
    text = " ".join(str(c) for c in cells)
    assert "13912345678" not in text and "王五" not in text
    voucher = paid["vouchers"][0]["sha256"]
    assert voucher[:12] in text
    english = client.get(f"{BASE}/compounds/heyuan/disclosure.xlsx?month=2026-03&lang=en")
    assert english.status_code == 200 and english.data != got.data


def test_disclosure_refusals(make_compound, client):
    make_compound("heyuan", "和园")
    assert client.get(f"{BASE}/compounds/heyuan/disclosure.xlsx").status_code == 422
    assert client.get(f"{BASE}/compounds/heyuan/disclosure.xlsx?month=2026-13").status_code == 422
    assert client.get(f"{BASE}/compounds/heyuan/disclosure.xlsx?month=2026-03&lang=fr").status_code == 422
    assert client.get(f"{BASE}/compounds/nowhere/disclosure.xlsx?month=2026-03").status_code == 404
