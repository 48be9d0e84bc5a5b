"""Offline verification: the chain recomputed from the workbook alone, ended at the cover's hash."""
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from audit_books import chain, cover_for, open_book, simple_chain, write
from ledger.cli import main
from ledger.core.chain import GENESIS
from reports import verify_workbook


def edit(path, sheet, cell, value):
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


def test_an_untouched_workbook_verifies(tmp_book):
    txs = simple_chain(6)
    result = verify_workbook(tmp_book(write(txs)))
    assert result.ok and result.broken_seq is None
    assert (result.transactions, result.first_seq, result.last_seq, result.last_hash) == (6, 1, 6, txs[-1].hash)


# Rows 2..13 hold seq 1..6, two postings each: debit on the odd rows, credit on the even ones.
@pytest.mark.parametrize("cell, value, seq", [
    ("L2", 1.02, 1),  # seq 1's debit 1.01 -> 1.02
    ("M7", 3.02, 3),  # seq 3's credit 3.01 -> 3.02
    ("M13", None, 6),  # the last transaction's credit removed
    ("D8", "转账 3 (改)", 4),  # a description on one row only: the rows disagree
    ("J10", "102.wechat", 5),  # another account
    ("C4", "2026-03-03", 2),  # another date
    ("G6", "2026-04-01T08:00:03.123457Z", 3),  # created_at one microsecond later, on one row
    ("H2", "someone", 1),  # created_by
    ("F12", 3, 6),  # now claims to reverse seq 3
])
def test_changing_a_hashed_field_breaks_the_chain_at_that_seq(tmp_book, cell, value, seq):
    path = tmp_book(write(simple_chain(6)))
    edit(path, "凭证明细", cell, value)
    result = verify_workbook(path)
    assert not result.ok and result.broken_seq == seq, result


def test_both_rows_of_a_transaction_edited_alike_still_break_it(tmp_book):
    path = tmp_book(write(simple_chain(6)))
    book = load_workbook(path)
    book["凭证明细"]["L8"], book["凭证明细"]["M9"] = 5.01, 5.01  # seq 4: 4.01 -> 5.01 on both sides
    book.save(path)
    assert verify_workbook(path).broken_seq == 4


def test_a_removed_transaction_is_a_gap(tmp_book):
    path = tmp_book(write(simple_chain(6)))
    book = load_workbook(path)
    book["凭证明细"].delete_rows(6, 2)  # seq 3
    book.save(path)
    result = verify_workbook(path)
    assert result.broken_seq == 3 and "missing" in result.reason


def test_a_removed_last_transaction_is_caught_by_the_cover(tmp_book):
    path = tmp_book(write(simple_chain(6)))
    book = load_workbook(path)
    book["凭证明细"].delete_rows(12, 2)  # seq 6
    book.save(path)
    result = verify_workbook(path)
    assert result.broken_seq == 6 and "cover" in result.reason


def test_the_last_hash_must_match_the_cover(tmp_book):
    path = tmp_book(write(simple_chain(3)))
    book = load_workbook(path)
    row = next(r for r in book["封面"].iter_rows() if r[0].value == "末张凭证哈希")
    row[1].value = "f" * 64
    book.save(path)
    result = verify_workbook(path)
    assert result.broken_seq == 3 and "cover" in result.reason


def test_a_range_that_does_not_start_at_seq_1_verifies_from_the_previous_hash(tmp_book):
    earlier = simple_chain(4)
    later = chain([("第五笔", [("102.basic", 500), ("521", -500)]), ("第六笔", [("521", 200), ("102.basic", -200)])],
                  start_seq=5, previous=earlier[-1].hash)
    path = tmp_book(write(later, cover_for(later, previous=earlier[-1].hash)))
    result = verify_workbook(path)
    assert result.ok and (result.first_seq, result.last_seq) == (5, 6)


def test_a_wrong_previous_hash_breaks_the_first_seq(tmp_book):
    earlier = simple_chain(4)
    later = chain([("第五笔", [("102.basic", 500), ("521", -500)])], start_seq=5, previous=earlier[-1].hash)
    path = tmp_book(write(later, cover_for(later, previous=GENESIS)))
    assert verify_workbook(path).broken_seq == 5


def test_an_empty_journal_verifies(tmp_book):
    result = verify_workbook(tmp_book(write([], cover_for([], previous="a" * 64))))
    assert result.ok and result.transactions == 0


def test_english_workbooks_verify_too(tmp_book):
    path = tmp_book(write(simple_chain(3), lang="en"))
    assert verify_workbook(path).ok
    edit(path, "Journal", "L4", 2.5)
    assert verify_workbook(path).broken_seq == 2


def test_continuation_sheets_are_read_in_order(tmp_book):
    path = tmp_book(write(simple_chain(5), max_rows=3))
    assert verify_workbook(path).ok
    edit(path, "凭证明细 (3)", "L2", 9.99)  # sheet 3 starts with seq 4's debit
    assert verify_workbook(path).broken_seq == 4


def test_not_an_audit_workbook(tmp_book):
    book = open_book(write(simple_chain(1)))
    del book["封面"]
    path = tmp_book(b"")
    book.save(path)
    with pytest.raises(ValueError, match="not an audit workbook"):
        verify_workbook(path)


def test_command_exit_status_and_first_broken_seq(tmp_book):
    path = tmp_book(write(simple_chain(4)))
    runner = CliRunner()
    result = runner.invoke(main, ["verify-workbook", str(path)])
    assert result.exit_code == 0 and result.output.startswith("OK: 4 transactions")
    edit(path, "凭证明细", "M5", 2.02)
    result = runner.invoke(main, ["verify-workbook", str(path)])
    assert result.exit_code == 1 and "BROKEN at seq 2" in result.output


def test_command_refuses_what_is_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not a zip")
    result = CliRunner().invoke(main, ["verify-workbook", str(path)])
    assert result.exit_code == 1 and "cannot read" in result.output
