"""The pure rules of a journal entry."""
from datetime import date

import pytest

from ledger.core.errors import UnbalancedTransaction, ValidationFailed
from ledger.core.journal import Entry, Line, check_entry, drop_zero_lines, negated
from ledger.core.money import MAX_FEN


def entry(*lines: tuple[str, int], source: str = "transfer") -> Entry:
    return Entry(date(2026, 1, 5), "entry", source, tuple(Line(code, fen) for code, fen in lines))


@pytest.mark.parametrize("lines", [
    [("102.basic", 10000), ("301", -10000)],
    [("102.wechat", 12345), ("311.public_benefit", -1235), ("501.cafe", -11110)],
    [("101", 500), ("101", -500)],
])
def test_balanced_entries_pass(lines):
    check_entry(entry(*lines))


@pytest.mark.parametrize("lines, message", [
    ([("101", 10000), ("301", -9999)], "debits exceed credits by 0.01"),
    ([("101", 10000), ("301", -10001)], "credits exceed debits by 0.01"),
])
def test_unbalanced_entries_are_refused(lines, message):
    with pytest.raises(UnbalancedTransaction) as caught:
        check_entry(entry(*lines))
    assert caught.value.errors == {"postings": [message]}


@pytest.mark.parametrize("lines, source, field", [
    ([("101", 0)], "transfer", "postings"),
    ([], "transfer", "postings"),
    ([("101", 100), ("301", -100)], "gift", "source"),
    ([("101", MAX_FEN + 1), ("301", -MAX_FEN - 1)], "transfer", "postings"),
])
def test_invalid_entries_name_the_field(lines, source, field):
    with pytest.raises(ValidationFailed) as caught:
        check_entry(entry(*lines, source=source))
    assert field in caught.value.errors


def test_negated_flips_every_sign():
    lines = (Line("101", 500), Line("301", -300), Line("311", -200))
    assert negated(lines) == (Line("101", -500), Line("301", 300), Line("311", 200))


@pytest.mark.parametrize("amounts, kept", [
    ([100, 0, -100], [100, -100]),
    ([0, 0], [0, 0]),  # fewer than two would remain: keep the record complete
    ([100, -100], [100, -100]),
])
def test_drop_zero_lines(amounts, kept):
    lines = tuple(Line(f"{i}", fen) for i, fen in enumerate(amounts))
    assert [line.amount for line in drop_zero_lines(lines)] == kept
