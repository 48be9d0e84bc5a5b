"""One figure, one meaning: a fund's opening, inflow, outflow and closing for a range are
the same in the API (/funds, /funds/{code}), on the public home page and in the audit
workbook's fund statement, and follow the one definition (a reversed share is a
negative inflow of its operator, not an outflow).

The worked ledger (public-benefit fund, year 2025):

date        what                                                    inflow  outflow  balance
2024-10-01  opening entry 1,000.00                                                     1,000.00
2024-11-05  cafe income 300.00 (10 %)                                                 1,030.00
            ---- 2025: opening 1,030.00 ----
2025-02-01  reversal of the 2024 cafe income (share 30.00 taken back)  -30.00
2025-03-05  cafe income 1,000.00 (10 %)                                 100.00
2025-04-01  canteen income 500.00 (20 %)                                100.00
2025-05-01  cafe income 200.00 (10 %)                                    20.00
2025-06-01  reversal of the 2025-05-01 income                           -20.00
2025-07-10  paid to project library                                              300.00
            ---- 2025: inflow 170.00, outflow 300.00, closing 900.00 ----
"""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.funds.conftest import BASE

RANGE = "from=2025-01-01&to=2025-12-31"
EXPECTED = {"opening": Decimal("1030.00"), "inflow": Decimal("170.00"), "outflow": Decimal("300.00"),
            "closing": Decimal("900.00")}


def _yuan(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def worked(officer, make_operator, post_income, fund_money, make_project, drive, request):
    make_operator("cafe", percent="10")
    make_operator("canteen", kind="canteen", percent="20")
    fund_money("1000.00", on="2024-10-01")
    old = post_income("cafe", "300.00", "2024-11-05")
    post_income("cafe", "1000.00", "2025-03-05")
    post_income("canteen", "500.00", "2025-04-01")
    later = post_income("cafe", "200.00", "2025-05-01")
    for income, day in ((old, "2025-02-01"), (later, "2025-06-01")):
        r = officer.post(f"{BASE}/incomes/{income['id']}/reversal", json={"reason": "录错", "occurred_on": day})
        assert r.status_code == 201, r.json
    make_project("library", budget="5000.00")
    drive({"project": "library", "amount": "300.00"}, paid_on="2025-07-10")
    if getattr(request, "param", False):  # the same figures when months are closed (stored figures, snapshots)
        for month in ("2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"):
            r = officer.post(f"{BASE}/periods/{month}/close")
            assert r.status_code == 201, r.json


def _api(officer) -> dict:
    funds = officer.get(f"/api/v1/communities/fenghe/funds?{RANGE}")
    assert funds.status_code == 200, funds.json
    fund = next(f for f in funds.json if f["code"] == "public_benefit")
    detail = officer.get(f"{BASE}/funds/public_benefit?{RANGE}").json
    for key in ("opening", "inflow", "outflow", "balance"):
        assert detail[key] == fund[key]
    # the lists add up to the totals
    assert sum(_yuan(line["amount"]) for line in detail["outflows"]) == _yuan(detail["outflow"])
    assert sum(_yuan(line["amount"]) for line in detail["inflows"]) == _yuan(detail["inflow"])
    return {"opening": _yuan(fund["opening"]), "inflow": _yuan(fund["inflow"]), "outflow": _yuan(fund["outflow"]),
            "closing": _yuan(fund["balance"])}


def _public_page(client) -> dict:
    html = client.get("/c/fenghe?year=2025").get_data(as_text=True)
    found = {key: _yuan(re.search(rf'id="fund-{key}" value="([-0-9.]+)"', html).group(1))
             for key in ("inflow", "outflow", "balance")}
    summary = client.get("/api/v1/communities/fenghe/public?year=2025").json["fund"]
    assert {key: _yuan(summary[key]) for key in found} == found
    return {"inflow": found["inflow"], "outflow": found["outflow"], "closing": found["balance"]}


def _workbook(auditor) -> dict:
    response = auditor.get(f"{BASE}/reports/audit.xlsx?{RANGE}")
    try:
        assert response.status_code == 200
        data = response.get_data()
    finally:
        response.close()  # the workbook is sent from a temporary file
    sheet = load_workbook(io.BytesIO(data))["公益金收支表"]
    rows = {(row[0], row[1]): row[3] for row in sheet.iter_rows(min_row=2, values_only=True) if row[2] is None}
    return {key: _yuan(rows[("公益金 (public_benefit)", label)]) for key, label in (
        ("opening", "期初余额"), ("inflow", "收入小计"), ("outflow", "支出小计"), ("closing", "期末余额"))}


@pytest.mark.parametrize("worked", [False, True], ids=["open", "closed"], indirect=True)
def test_api_public_page_and_workbook_give_the_same_fund_figures(worked, officer, auditor, client):
    api, page, book = _api(officer), _public_page(client), _workbook(auditor)
    assert api == EXPECTED
    assert book == EXPECTED
    assert page == {key: EXPECTED[key] for key in page}


def test_outflows_by_project_add_up_to_the_outflow_of_a_range_holding_only_a_reversal(worked, officer):
    """June 2025 holds only the reversal of a share: a negative inflow, no outflow."""
    detail = officer.get(f"{BASE}/funds/public_benefit?from=2025-06-01&to=2025-06-30").json
    assert (_yuan(detail["inflow"]), _yuan(detail["outflow"])) == (Decimal("-20.00"), Decimal("0.00"))
    assert detail["outflows"] == []
    assert [(line["operator"], _yuan(line["amount"])) for line in detail["inflows"]] == [("cafe", Decimal("-20.00"))]
