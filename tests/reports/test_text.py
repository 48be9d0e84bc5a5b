"""Text guarding: formula starters stay text, every character reads back as hashed."""
import re

import pytest
from hypothesis import given, strategies as st

from reports.text import csv_safe, decode, encode, is_risky

_XML_WOULD_LOSE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")


@given(st.text())
def test_decode_undoes_encode(value):
    assert decode(encode(value)) == value


@given(st.text())
def test_encoded_text_survives_xml(value):
    assert not _XML_WOULD_LOSE.search(encode(value))


@pytest.mark.parametrize("value, stored", [
    ("plain 文本", "plain 文本"),
    ("a\r\nb", "a_x000D_\nb"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
    ("_x0041_", "_x005F_x0041_"),  # a literal escape sequence is itself escaped
    ("x_y", "x_y"),
    ("_x", "_x005F_x"),
])
def test_encode(value, stored):
    assert encode(value) == stored


@pytest.mark.parametrize("value, risky", [
    ("=1+1", True), ("+86 138", True), ("-5", True), ("@SUM(A1)", True),
    ("咖啡吧 收入", False), ("", False), ("a=b", False),
])
def test_formula_starters(value, risky):
    assert is_risky(value) is risky


@pytest.mark.parametrize("value, field", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("咖啡", "咖啡"), ("", ""),
])
def test_csv_fields_that_look_like_formulas_get_an_apostrophe(value, field):
    assert csv_safe(value) == field
