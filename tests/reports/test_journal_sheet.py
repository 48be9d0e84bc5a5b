"""The journal sheet: every hashed field, formats, injection-proof text, continuation sheets."""
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from audit_books import chain, cover_for, open_book, replace, simple_chain, write
from reports import verify_workbook
from reports.journal import posting_rows
from reports.sheet import DATE_FORMAT, MONEY_FORMAT

EN_SHEETS = ["Cover", "Journal", "Trial balance", "Fund statement", "Contributions", "Council decisions",
             "Residents' questions"]

ZH_HEADER = ("凭证号", "社区代码", "日期", "摘要", "来源", "冲销凭证号", "录入时间 (UTC)", "录入人", "行号", "科目代码",
             "科目名称", "借方", "贷方", "在期间内", "哈希")


def test_one_row_per_posting_with_every_hashed_field():
    txs = chain([("期初", [("102.basic", 1000000), ("301", -900000), ("311.public_benefit", -100000)])])
    sheet = open_book(write(txs))["凭证明细"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ZH_HEADER
    assert rows[1:] == [
        (1, "fenghe", datetime(2026, 3, 1), "期初", "transfer", None, "2026-04-01T08:00:01.123456Z", "officer1",
         1, "102.basic", "科目 102.basic", 10000, None, "是", txs[0].hash),
        (1, "fenghe", datetime(2026, 3, 1), "期初", "transfer", None, "2026-04-01T08:00:01.123456Z", "officer1",
         2, "301", "科目 301", None, 9000, "是", txs[0].hash),
        (1, "fenghe", datetime(2026, 3, 1), "期初", "transfer", None, "2026-04-01T08:00:01.123456Z", "officer1",
         3, "311.public_benefit", "科目 311.public_benefit", None, 1000, "是", txs[0].hash),
    ]


def test_amounts_are_numbers_and_dates_are_dates():
    sheet = open_book(write(simple_chain(2)))["凭证明细"]
    row = sheet[2]
    assert row[2].is_date and row[2].number_format == DATE_FORMAT
    assert row[11].data_type == "n" and row[11].number_format == MONEY_FORMAT and row[11].value == 1.01
    assert row[12].value is None and sheet[3][12].value == 1.01


def test_sheet_set_up_for_screen_and_print():
    book = open_book(write(simple_chain(3)))
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2"
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.auto_filter.ref.startswith("A1:")
    journal = book["凭证明细"]
    assert journal.auto_filter.ref == "A1:O7"
    assert journal.column_dimensions["O"].width >= 64  # the hash is readable


@pytest.mark.parametrize("text", ["=1+2", '=HYPERLINK("http://example.com","x")', "+86 138 0000 0000", "-1",
                                  "@SUM(A1:A9)", "#N/A", "=cmd|' /C calc'!A0"])
def test_text_that_looks_like_a_formula_stays_text(text):
    txs = chain([(text, [("102.basic", 100), ("521", -100)])])
    sheet = open_book(write(txs))["凭证明细"]
    cell = sheet["D2"]
    assert cell.data_type == "s" and cell.value == text
    assert cell.quotePrefix


def test_community_and_accounts_named_like_formulas_stay_text():
    txs = chain([("x", [("=evil", 100), ("521", -100)])], community="=evil")
    book = open_book(write(txs, replace(cover_for(txs), community_code="=evil", community_name="=name")))
    sheet = book["凭证明细"]
    for cell, value in ((sheet["B2"], "=evil"), (sheet["J2"], "=evil"), (sheet["K2"], "科目 =evil")):
        assert cell.data_type == "s" and cell.value == value
    assert [c.data_type for c in book["封面"]["B"] if c.value == "=name"] == ["s"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_description_reads_back_as_hashed(tmp_path_factory, description):
    txs = chain([(description, [("102.basic", 5), ("521", -5)])])
    path = tmp_path_factory.mktemp("h") / "a.xlsx"
    path.write_bytes(write(txs))
    result = verify_workbook(path)
    assert result.ok, result.reason


@pytest.mark.parametrize("limit, sheets", [(3, ["凭证明细", "凭证明细 (2)", "凭证明细 (3)", "凭证明细 (4)"]),
                                           (4, ["凭证明细", "凭证明细 (2)", "凭证明细 (3)"]),
                                           (10, ["凭证明细"])])
def test_journal_continues_on_further_sheets(limit, sheets, tmp_book):
    txs = simple_chain(5)  # 10 postings
    book = open_book(write(txs, max_rows=limit))
    assert [name for name in book.sheetnames if name.startswith("凭证明细")] == sheets
    rows = []
    for name in sheets:
        sheet = book[name]
        body = list(sheet.iter_rows(values_only=True))
        assert body[0] == ZH_HEADER and 1 <= len(body) - 1 <= limit
        rows += body[1:]
    assert [(r[0], r[8]) for r in rows] == [(seq, line) for seq in range(1, 6) for line in (1, 2)]
    assert verify_workbook(tmp_book(write(txs, max_rows=limit))).ok


def test_rows_outside_the_period_are_marked_and_left_out_of_the_counts():
    txs = simple_chain(4)  # dated 1..4 March
    cover = cover_for(txs, start=date(2026, 3, 2), end=date(2026, 3, 3))
    book = open_book(write(txs, cover))
    flags = [(row[0], row[13]) for row in book["凭证明细"].iter_rows(min_row=2, values_only=True)]
    assert flags == [(1, "否"), (1, "否"), (2, "是"), (2, "是"), (3, "是"), (3, "是"), (4, "否"), (4, "否")]
    values = {row[0]: row[1] for row in book["封面"].iter_rows(values_only=True)}
    assert (values["期间内凭证数"], values["期间内分录数"], values["链中期间外凭证数"]) == (2, 4, 2)


def test_posting_rows_split_amounts_to_their_side():
    tx = chain([("x", [("102.basic", 250), ("521", -250), ("999", 0)])])[0]
    assert [(r[11], r[12]) for r in posting_rows(tx, "fenghe", True)] == [(250, None), (None, 250), (0, None)]


def test_english_headers_on_request():
    book = open_book(write(simple_chain(1), lang="en"))
    assert book.sheetnames == EN_SHEETS
    assert book["Journal"]["A1"].value == "Seq" and book["Journal"]["N2"].value == "Yes"
