"""A fund statement must add up to the fund's closing balance, or it is not handed out."""
import pytest

from ledger.exports.errors import InconsistentExport
from ledger.exports.funds import fund_statement


def test_statement_from_inflows_and_movements():
    statement = fund_statement("public_benefit", "公益金", 120000, 110001, [("咖啡吧 (cafe)", 5001), ("x", 0)],
                               [("转账 · 102.basic", 0, 30000), ("期初 · 301", 15000, 0)])
    assert [(line.section, line.label, line.amount) for line in statement.lines] == [
        ("inflow", "咖啡吧 (cafe)", 5001), ("inflow", "期初 · 301", 15000), ("outflow", "转账 · 102.basic", 30000)]


def test_figures_that_do_not_add_up_are_refused():
    with pytest.raises(InconsistentExport, match="public_benefit"):
        fund_statement("public_benefit", "公益金", 120000, 110000, [("咖啡吧 (cafe)", 5001)],
                       [("转账 · 102.basic", 0, 30000), ("期初 · 301", 15000, 0)])


def test_movements_without_splits_are_labelled_by_source_and_counter_account(community, officer, auditor):
    from export_downloads import BASE, download, workbook

    def post(day, description, postings, source="transfer"):
        r = officer.post(f"{BASE}/transactions", json={"occurred_on": day, "description": description,
                                                       "source": source, "postings": postings})
        assert r.status_code == 201, r.json

    post("2026-05-01", "期初", [{"account": "102.basic", "debit": "500.00"},
                               {"account": "311.public_benefit", "credit": "500.00"}], source="opening")
    post("2026-05-02", "两处收入", [{"account": "102.basic", "debit": "10.00"}, {"account": "101", "debit": "20.00"},
                                {"account": "311.public_benefit", "credit": "30.00"}])
    post("2026-05-03", "补回", [{"account": "102.basic", "debit": "5.00"},
                              {"account": "311.public_benefit", "credit": "5.00"}])
    r = officer.post(f"{BASE}/transactions/3/reversal", json={"reason": "重复", "occurred_on": "2026-05-04"})
    assert r.status_code == 201, r.json
    book = workbook(download(auditor, f"{BASE}/reports/audit.xlsx?from=2026-05-01&to=2026-05-31").data)
    rows = [(r[1], r[2], r[3]) for r in book["公益金收支表"].iter_rows(min_row=2, values_only=True)]
    assert rows == [("期初余额", None, 0), ("收入", "期初 · 102.basic 银行存款-基本户", 500),
                    ("收入", "转账 · 102.basic 银行存款-基本户", 5), ("收入", "转账 · 多个科目", 30),
                    ("收入小计", None, 535), ("支出", "冲销 · 102.basic 银行存款-基本户", 5), ("支出小计", None, 5),
                    ("期末余额", None, 530)]
