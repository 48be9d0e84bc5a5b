import pytest

from ledger.core.money import format_fen_grouped


@pytest.mark.parametrize("fen, text", [
    (0, "0.00"), (5, "0.05"), (-5, "-0.05"), (100000, "1,000.00"), (99999, "999.99"),
    (123456789, "1,234,567.89"), (-123456789, "-1,234,567.89"), (10**13, "100,000,000,000.00"),
])
def test_format_fen_grouped(fen, text):
    assert format_fen_grouped(fen) == text
