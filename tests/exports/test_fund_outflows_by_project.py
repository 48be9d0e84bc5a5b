"""The fund statement shows paid disbursements as outflows by project (or expense item)."""
from decimal import Decimal

import pytest
from export_downloads import BASE, download, workbook, yuan

from tests.funds.conftest import approver, drive, fund_money, funded, make_project, upload  # noqa: F401


@pytest.fixture
def paid(funded, drive, make_project):
    make_project("lights", budget="3000.00", name="楼道照明")
    drive({"project": "library", "amount": "1200.00"}, paid_on="2026-03-10")
    drive({"project": "library", "amount": "300.50"}, paid_on="2026-03-20")
    drive({"project": "lights", "amount": "2000.00"}, paid_on="2026-03-25")
    drive({"project": "lights", "amount": "100.00"}, to_state="approved")  # committed, not paid


def test_outflows_by_project_and_the_fund_balance(paid, auditor):
    book = workbook(download(auditor, f"{BASE}/reports/audit.xlsx?from=2026-03-01&to=2026-03-31").data)
    rows = [(r[1], r[2], yuan(r[3])) for r in book["公益金收支表"].iter_rows(min_row=2, values_only=True)]
    # opening 10,000.00 (2 January); paid 1,200.00 + 300.50 for the library, 2,000.00 for the lights
    assert rows == [("期初余额", None, Decimal("10000.00")),
                    ("收入小计", None, Decimal("0")),
                    ("支出", "library (library)", Decimal("1500.50")),
                    ("支出", "楼道照明 (lights)", Decimal("2000.00")),
                    ("支出小计", None, Decimal("3500.50")),
                    ("期末余额", None, Decimal("6499.50"))]
    balance = auditor.get(f"{BASE}/accounts/311.public_benefit/balance?as_of=2026-03-31").json["balance"]
    assert yuan(balance) == rows[-1][2]
