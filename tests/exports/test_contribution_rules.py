"""Received contributions: collected shares are received at once; receivable shares are
paid by remittances, oldest settlement period first."""
from datetime import date

import pytest
from hypothesis import given, strategies as st

from ledger.core.periods import period_bounds
from ledger.exports.contributions import PeriodDue, allocate_oldest_first, contribution_rows
from reports.model import Contribution


@pytest.mark.parametrize("dues, received, parts, left", [
    ([10000, 15000], 12000, [10000, 2000], 0),
    ([10000, 15000], 0, [0, 0], 0),
    ([10000, 15000], 30000, [10000, 15000], 5000),
    ([0, 500, 500], 700, [0, 500, 200], 0),
    ([], 900, [], 900),
])
def test_allocation_fills_the_oldest_first(dues, received, parts, left):
    assert allocate_oldest_first(dues, received) == (parts, left)


@given(st.lists(st.integers(0, 10**9), max_size=20), st.integers(0, 10**10))
def test_allocation_hands_out_exactly_what_was_received(dues, received):
    parts, left = allocate_oldest_first(dues, received)
    assert sum(parts) + left == received and left >= 0
    assert all(0 <= part <= due for part, due in zip(parts, dues, strict=True))
    # Nothing goes to a later period while an earlier one is short.
    short = [i for i, (part, due) in enumerate(zip(parts, dues, strict=True)) if part < due]
    if short:
        assert all(part == 0 for part in parts[short[0] + 1:]) and left == 0


def _due(operator, settlement, period, due, *, agreement=1, receivable=None, basis="gross"):
    starts, ends = period_bounds(period)
    row = Contribution(operator, operator, settlement, agreement, None, period, basis, 0, None, None, due, due, 0, due)
    if receivable is None:
        receivable = settlement == "operator_collects" or basis == "net_profit"
    return PeriodDue(row, receivable, starts, ends)


OPERATORS = {"cafe": ("cafe", "community_collects"), "market": ("market", "operator_collects"),
             "canteen": ("canteen", "community_collects")}


def test_rows_for_the_periods_in_range_with_older_debts_paid_first():
    dues = [_due("market", "operator_collects", "2026-03", 15000),
            _due("market", "operator_collects", "2026-02", 10000),
            _due("cafe", "community_collects", "2026-03", 5001),
            _due("canteen", "community_collects", "2026-Q1", 50000, agreement=3, basis="net_profit")]
    rows = contribution_rows(dues, {"market": 12000, "canteen": 30000}, OPERATORS, date(2026, 3, 1),
                             date(2026, 3, 31))
    assert [(r.operator, r.period, r.due, r.received, r.outstanding) for r in rows] == [
        ("cafe", "2026-03", 5001, 5001, 0),
        ("canteen", "2026-Q1", 50000, 30000, 20000),
        ("market", "2026-03", 15000, 2000, 13000),  # February (out of range) took 100.00 first
    ]


def test_remittances_beyond_every_due_are_an_advance():
    dues = [_due("market", "operator_collects", "2026-02", 10000)]
    rows = contribution_rows(dues, {"market": 25000, "cafe": 700}, OPERATORS, date(2026, 1, 1), date(2026, 12, 31))
    assert [(r.operator, r.period, r.due, r.received, r.outstanding) for r in rows] == [
        ("cafe", None, 0, 700, -700),
        ("market", "2026-02", 10000, 10000, 0),
        ("market", None, 0, 15000, -15000),
    ]
