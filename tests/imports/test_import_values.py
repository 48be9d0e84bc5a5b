"""Reading one cell: what a till or a spreadsheet writes, and what the ledger makes of it."""
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from ledger.core.chart import CHANNELS
from ledger.imports.values import BadCell, read_amount, read_channel, read_date, read_text


@pytest.mark.parametrize("cell, fen", [
    ("128.50", 12850),
    ("128.5", 12850),
    ("128", 12800),
    (" 7 ", 700),
    ("1,234.50", 123450),
    ("12,345", 1234500),
    ("1,234,567.89", 123456789),
    ("¥12.30", 1230),
    ("￥1,000.00", 100000),
    (12.3, 1230),  # an Excel number cell
    (100, 10000),
    (Decimal("0.01"), 1),
])
def test_amounts_read_to_the_fen(cell, fen):
    assert read_amount(cell) == fen


@pytest.mark.parametrize("cell, code", [
    ("12.345", "too_many_decimals"),
    ("1,234.567", "too_many_decimals"),
    (0.1 + 0.2, "too_many_decimals"),  # a formula's binary float: round it in the sheet
    ("1,5", "bad_separator"),  # a decimal comma, or a lost digit: never guessed
    ("12,34", "bad_separator"),
    ("1.234,50", "bad_separator"),
    ("1 234.50", "bad_amount"),
    ("abc", "bad_amount"),
    (".5", "bad_amount"),
    ("1e3", "bad_amount"),
    ("NaN", "bad_amount"),
    (float("inf"), "bad_amount"),
    (True, "bad_amount"),
    (datetime(2026, 3, 5), "bad_amount"),
    ("-5.00", "not_positive"),
    ("-¥5", "not_positive"),
    ("0", "not_positive"),
    ("0.00", "not_positive"),
    ("", "required"),
    (None, "required"),
    ("100000000001", "bad_amount"),  # above the ledger's ceiling of 10^13 fen
    (1e16, "bad_amount"),
])
def test_bad_amounts_are_named(cell, code):
    with pytest.raises(BadCell) as caught:
        read_amount(cell)
    assert caught.value.code == code


@pytest.mark.parametrize("cell", ["2026-03-05", "2026/03/05", "2026/3/5", "2026.3.5", "2026年3月5日",
                                  "2026-03-05 14:32:11", "2026/3/5 9:05", "２０２６年３月５日",
                                  datetime(2026, 3, 5, 14, 32), date(2026, 3, 5)])
def test_dates_in_the_usual_spellings(cell):
    assert read_date(cell) == date(2026, 3, 5)


@pytest.mark.parametrize("cell, code", [
    ("2026-02-30", "bad_date"),
    ("05/03/2026", "bad_date"),  # day first or month first? not guessed
    ("2026-03/05", "bad_date"),
    ("1899-12-31", "bad_date"),
    ("yesterday", "bad_date"),
    (46086, "bad_date"),  # an Excel serial number without a date format
    ("", "required"),
])
def test_bad_dates_are_named(cell, code):
    with pytest.raises(BadCell) as caught:
        read_date(cell)
    assert caught.value.code == code


@pytest.mark.parametrize("cell, channel", [
    ("现金", "cash"), ("微信", "wechat"), ("微信支付", "wechat"), ("支付宝", "alipay"), ("银行", "bank"),
    ("转账", "bank"), ("刷卡", "card"), ("Cash", "cash"), (" WeChat ", "wechat"), ("ALIPAY", "alipay"),
    ("bank", "bank"), ("card", "card"), ("transfer", "transfer"),
])
def test_channels_in_chinese_or_english(cell, channel):
    assert read_channel(cell) == channel
    assert channel in CHANNELS


@pytest.mark.parametrize("cell", ["paypal", "信用", "", None])
def test_unknown_channels_are_refused(cell):
    with pytest.raises(BadCell):
        read_channel(cell)


def test_text_cells():
    assert read_text(" A-17 ", max_length=100) == "A-17"
    assert read_text(20260305001.0, max_length=100) == "20260305001"  # a receipt number stored as a number
    assert read_text("", max_length=100) is None
    with pytest.raises(BadCell):
        read_text("a\x00b", max_length=100)
    with pytest.raises(BadCell):
        read_text("x" * 101, max_length=100)


cells = st.one_of(st.none(), st.text(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                  st.decimals(allow_nan=True, allow_infinity=True), st.booleans(), st.dates(), st.datetimes())


@given(cells)
def test_any_cell_reads_or_is_refused_by_name(cell):
    for reader in (read_amount, read_date, read_channel, lambda v: read_text(v, max_length=10)):
        try:
            reader(cell)
        except BadCell as exc:
            assert exc.code and exc.message


@given(st.integers(min_value=1, max_value=10**13))
def test_amount_text_round_trips(fen):
    whole, cents = divmod(fen, 100)
    assert read_amount(f"{whole}.{cents:02d}") == fen
    assert read_amount(f"{whole:,}.{cents:02d}") == fen
