"""The audit workbook's chain run: it verifies offline, an edit breaks it at its seq,
and closed months, default and empty periods change nothing of that."""
from openpyxl import load_workbook

from export_downloads import BASE, download, workbook
from reports import verify_workbook

EN_SHEETS = ["Cover", "Journal", "Trial balance", "Fund statement", "Contributions", "Council decisions",
             "Residents' questions"]

MARCH = f"{BASE}/reports/audit.xlsx?from=2026-03-01&to=2026-03-31"


def cover_of(book) -> dict:
    return {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}


def test_workbook_verifies_and_an_edited_amount_fails_at_its_seq(ledger, auditor, tmp_path):
    path = tmp_path / "march.xlsx"
    path.write_bytes(download(auditor, MARCH).data)
    assert verify_workbook(path).ok
    book = load_workbook(path)
    sheet = book["凭证明细"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 6 and r[11].value)
    row[11].value = 1500  # market's 150.00 receivable becomes 1,500.00
    book.save(path)
    result = verify_workbook(path)
    assert not result.ok and result.broken_seq == 6


def test_english_workbook_verifies_too(ledger, auditor, tmp_path):
    path = tmp_path / "march-en.xlsx"
    path.write_bytes(download(auditor, MARCH + "&lang=en").data)
    book = load_workbook(path)
    assert book.sheetnames == EN_SHEETS
    assert book["Fund statement"]["B2"].value == "Opening balance"
    assert book["Fund statement"]["C6"].value == "社区活动经费 (outlay)"
    assert verify_workbook(path).ok


def test_default_and_empty_periods(ledger, auditor, tmp_path):
    path = tmp_path / "year.xlsx"
    path.write_bytes(download(auditor, f"{BASE}/reports/audit.xlsx").data)  # 1 January to today
    cover = cover_of(load_workbook(path))
    assert (cover["首张凭证号"], cover["末张凭证号"], cover["前一凭证哈希"]) == (1, 14, "0" * 64)
    assert verify_workbook(path).ok
    path.write_bytes(download(auditor, f"{BASE}/reports/audit.xlsx?from=2025-01-01&to=2025-12-31").data)
    book = load_workbook(path)
    assert book["凭证明细"].max_row == 1 and cover_of(book)["首张凭证号"] is None
    assert verify_workbook(path).ok


def test_closed_months_give_the_same_figures(ledger, officer, auditor):
    before = workbook(download(auditor, MARCH).data)
    for month in ("2026-01", "2026-02", "2026-03"):
        assert officer.post(f"{BASE}/periods/{month}/close").status_code == 201
    after = workbook(download(auditor, MARCH).data)
    for name in ("科目余额表", "公益金收支表", "反哺明细", "凭证明细"):
        assert list(after[name].iter_rows(values_only=True)) == list(before[name].iter_rows(values_only=True))
