"""Money: decimal strings in and out, integer fen inside, ROUND_HALF_UP only on request."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from ledger.core.errors import InvalidMoney, InvalidPercent
from ledger.core.money import (
    MAX_FEN, decimal_to_fen, format_fen, format_percent, from_sheet_number, parse_amount,
    parse_percent, percent_of, round_half_up,
)

fen_amounts = st.integers(min_value=-MAX_FEN, max_value=MAX_FEN)


@pytest.mark.parametrize("text, fen", [
    ("0", 0),
    ("0.00", 0),
    ("0.05", 5),
    ("0.5", 50),
    ("1", 100),
    ("1234.50", 123450),
    ("1234.5", 123450),
    ("100000000000.00", 10**13),  # the largest amount accepted
])
def test_parse_amount(text, fen):
    assert parse_amount(text) == fen


@pytest.mark.parametrize("text, fen", [("-0.01", -1), ("-12.30", -1230), ("-0", 0)])
def test_parse_negative_amount_when_allowed(text, fen):
    assert parse_amount(text, allow_negative=True) == fen


@pytest.mark.parametrize("value", [
    "12.345",  # more than two places
    "1e3", "1E3", "NaN", "nan", "Infinity", "-Infinity",
    "", " ", " 1.00", "1.00 ", "1.00\n",
    "1,000.00", "1 000.00", "+1.00", "01.00", ".50", "5.", "1.2.3", "¥1.00", "１２",
    "100000000000.01",  # one fen over the limit
    "9" * 5000,  # far too many digits (must be refused, not crash the int parser)
    12, 12.5, Decimal("12.50"), None, True, ["1.00"],
])
def test_parse_amount_refuses(value):
    with pytest.raises(InvalidMoney):
        parse_amount(value)


@pytest.mark.parametrize("text", ["-1.00", "-0.01", "-0"])
def test_parse_amount_refuses_negative_by_default(text):
    with pytest.raises(InvalidMoney):
        parse_amount(text)


@pytest.mark.parametrize("fen, text", [
    (0, "0.00"), (5, "0.05"), (50, "0.50"), (100, "1.00"), (123450, "1234.50"),
    (-5, "-0.05"), (-123456, "-1234.56"), (10**13, "100000000000.00"),
])
def test_format_fen(fen, text):
    assert format_fen(fen) == text


@given(fen_amounts)
def test_format_then_parse_is_identity(fen):
    assert parse_amount(format_fen(fen), allow_negative=True) == fen


@given(st.integers(min_value=0, max_value=MAX_FEN // 100 - 1), st.integers(min_value=0, max_value=99),
       st.booleans())
def test_parse_then_format_gives_two_places(yuan, cents, short):
    text = f"{yuan}.{cents:02d}" if not short or cents % 10 else f"{yuan}.{cents // 10}"
    fen = parse_amount(text)
    assert fen == yuan * 100 + cents
    assert format_fen(fen) == f"{yuan}.{cents:02d}"


@pytest.mark.parametrize("exact_fen, rounded", [
    (Decimal("2.5"), 3), (Decimal("2.4999"), 2), (Decimal("3.5"), 4),  # half up, not to even
    (Decimal("-2.5"), -3), (Decimal("-2.4"), -2), (Decimal("0.5"), 1), (Decimal("7"), 7),
])
def test_round_half_up(exact_fen, rounded):
    assert round_half_up(exact_fen) == rounded


@pytest.mark.parametrize("fen, percent, share", [
    (5, "10", Decimal("0.5")),  # 0.05 yuan at 10 % is half a fen: not rounded here
    (100000, "8.5", Decimal("8500")),
    (333, "33.3333", Decimal("110.999889")),
])
def test_percent_of_is_exact(fen, percent, share):
    assert percent_of(fen, Decimal(percent)) == share


@pytest.mark.parametrize("text", ["100", "0.0001", "8.5", "99.9999", "10"])
def test_parse_percent(text):
    assert parse_percent(text) == Decimal(text)


@pytest.mark.parametrize("value", [
    "0", "0.0000", "100.0001", "101", "-1", "1e1", "10.12345", "", " 10", "10%", "NaN", 10, 10.5, None,
])
def test_parse_percent_refuses(value):
    with pytest.raises(InvalidPercent):
        parse_percent(value)


@pytest.mark.parametrize("value, text", [
    (Decimal("8.50"), "8.5"), (Decimal("100"), "100"), (Decimal("10.00"), "10"), (Decimal("0.0001"), "0.0001"),
])
def test_format_percent(value, text):
    assert format_percent(value) == text


@given(st.integers(min_value=1, max_value=1_000_000))
def test_percent_round_trip(ten_thousandths):
    text = format_percent(Decimal(ten_thousandths).scaleb(-4))
    assert parse_percent(text) == Decimal(ten_thousandths).scaleb(-4)


@pytest.mark.parametrize("value, fen", [
    (1234.5, 123450), (0.1, 10), (0.07, 7), (12, 1200), (Decimal("3.33"), 333), (-0.01, -1),
])
def test_from_sheet_number(value, fen):
    assert from_sheet_number(value) == fen


@pytest.mark.parametrize("value", [
    1.005, "1.00", None, True, float("nan"), float("inf"), float("-inf"), Decimal("Infinity"), 1e20,
])
def test_from_sheet_number_refuses(value):
    with pytest.raises(InvalidMoney):
        from_sheet_number(value)


@given(fen_amounts)
def test_sheet_numbers_read_back_exactly(fen):
    # a spreadsheet cell holds the amount as a float of yuan
    assert from_sheet_number(float(Decimal(fen).scaleb(-2))) == fen


def test_decimal_to_fen_refuses_fractions_of_a_fen():
    with pytest.raises(InvalidMoney):
        decimal_to_fen(Decimal("0.001"))


# Anything a client can send in a JSON body, or type in a form.
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                           max_leaves=5)
amount_like = st.from_regex(r"-?[0-9١٢,. ¥e+]{0,24}", fullmatch=True)


@given(json_values | amount_like)
def test_parse_amount_answers_fen_or_invalid_money(value):
    try:
        fen = parse_amount(value, allow_negative=True)
    except InvalidMoney:
        return
    # Only an ASCII decimal string with at most two places gets through, and exactly.
    assert isinstance(value, str) and value.isascii()
    assert -MAX_FEN <= fen <= MAX_FEN and Decimal(value) * 100 == fen


@given(json_values | amount_like)
def test_parse_percent_answers_a_percent_or_invalid_percent(value):
    try:
        percent = parse_percent(value)
    except InvalidPercent:
        return
    assert isinstance(value, str) and value.isascii()
    assert Decimal(0) < percent <= 100 and percent == Decimal(value)
