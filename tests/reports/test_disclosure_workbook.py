"""The trust-property monthly disclosure (收支公示表) of a compound."""
from io import BytesIO

from openpyxl import load_workbook

from reports import disclosure_workbook
from reports.disclosure import disclosure_rows
from reports.sheet import MONEY_FORMAT

STATEMENT = {
    "month": "2026-09",
    "opening_balance": 1250000,
    "income": [{"item": "物业费", "amount": 3600000}, {"item": "停车", "amount": 820050},
               {"item": "广告", "amount": 120000}],
    "remuneration": 360000,
    "expenses": [{"item": "保洁 · 张*", "amount": 450000, "vouchers": ["V-2026-09-01", "V-2026-09-02"]},
                 {"item": "=电梯维保", "amount": 280000,
                  "vouchers": [{"sha256": "ab" * 32, "filename": "invoice.pdf"}]}],
    "closing_balance": 4700050,
    "year_to_date": {"income": 39000000, "remuneration": 3600000, "expenses": 30000000},
}


def test_rows_in_order_with_totals():
    assert disclosure_rows(STATEMENT) == [
        ("期初余额", None, 1250000, None),
        ("收入", "物业费", 3600000, None),
        ("收入", "停车", 820050, None),
        ("收入", "广告", 120000, None),
        ("收入合计", None, 4540050, None),
        ("物业酬金", None, 360000, None),
        ("支出", "保洁 · 张*", 450000, "V-2026-09-01, V-2026-09-02"),
        ("支出", "=电梯维保", 280000, "invoice.pdf"),
        ("支出合计", None, 730000, None),
        ("期末余额", None, 4700050, None),
        ("本年累计", "收入合计", 39000000, None),
        ("本年累计", "物业酬金", 3600000, None),
        ("本年累计", "支出合计", 30000000, None),
    ]


def test_year_to_date_as_one_figure_and_no_lines():
    statement = {**STATEMENT, "income": [], "expenses": [], "year_to_date": 123}
    rows = disclosure_rows(statement, "en")
    assert rows[1] == ("Total income", None, 0, None)
    assert rows[-1] == ("Year to date", None, 123, None)


def test_workbook_layout():
    book = load_workbook(BytesIO(disclosure_workbook(STATEMENT, compound="阳光小区", community="风和社区")))
    sheet = book["收支公示表"]
    assert sheet["A1"].value == "信托制物业收支公示表"
    assert (sheet["A2"].value, sheet["B2"].value) == ("小区", "风和社区 · 阳光小区")
    assert (sheet["A3"].value, sheet["B3"].value) == ("月份", "2026-09")
    assert [c.value for c in sheet[4]] == ["项目", "明细", "金额", "凭证"]
    assert sheet.freeze_panes == "A5" and sheet.print_title_rows == "$4:$4"
    assert sheet["C5"].value == 12500 and sheet["C5"].number_format == MONEY_FORMAT
    assert sheet["C7"].value == 8200.5
    expense = sheet["B12"]
    assert expense.value == "=电梯维保" and expense.data_type == "s"


def test_english_workbook():
    book = load_workbook(BytesIO(disclosure_workbook(STATEMENT, "en")))
    sheet = book["Disclosure"]
    assert sheet["A1"].value == "Trust-property monthly disclosure"
    assert [c.value for c in sheet[3]] == ["Item", "Detail", "Amount", "Vouchers"]
