"""The compound statement as a pure function over classified rows."""
from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from ledger.core.periods import next_month
from ledger.core.trust import EXPENSE, INCOME, REMUNERATION, TrustRow, income_item, monthly_statement

ROWS = st.lists(st.builds(
    TrustRow,
    occurred_on=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
    kind=st.sampled_from([INCOME, REMUNERATION, EXPENSE]),
    item=st.sampled_from([None, "物业费", "停车", "保洁", "结余返还", "其他", "车位租金"]),
    amount=st.integers(min_value=-10**6, max_value=10**8),
    seq=st.integers(min_value=1, max_value=10**6)), max_size=40)


def test_a_worked_month():
    rows = [TrustRow(date(2026, 2, 20), INCOME, "物业费", 1_000_000, 1),  # February: before the month
            TrustRow(date(2026, 3, 3), INCOME, "物业费", 2_000_000, 2),
            TrustRow(date(2026, 3, 3), REMUNERATION, None, 200_000, 2),
            TrustRow(date(2026, 3, 9), INCOME, "停车", 55_050, 3),
            TrustRow(date(2026, 3, 25), EXPENSE, "保洁", 150_000, 4, payee="张*", vouchers=("ab" * 32,)),
            TrustRow(date(2026, 4, 1), EXPENSE, "维修", 99_999, 5)]  # April: after the month
    s = monthly_statement(date(2026, 3, 1), 500_000, rows)
    assert s.totals.opening == 1_500_000
    assert dict(s.totals.income) == {"物业费": 2_000_000, "停车": 55_050, "广告": 0, "场地": 0, "其他": 0}
    assert s.totals.remuneration == 200_000
    assert dict(s.totals.expenses)["保洁"] == 150_000 and s.totals.expense_total == 150_000
    assert s.totals.closing == 1_500_000 + 2_055_050 - 200_000 - 150_000
    assert (s.year_to_date.opening, s.year_to_date.income_total, s.year_to_date.closing) == (
        500_000, 3_055_050, s.totals.closing)
    assert [(r.seq, r.vouchers) for r in s.expense_lines] == [(4, ("ab" * 32,))]


def test_a_month_without_rows():
    s = monthly_statement(date(2026, 7, 1), 12_345, [])
    assert (s.totals.opening, s.totals.closing, s.totals.income_total, s.totals.remuneration,
            s.totals.expense_total) == (12_345, 12_345, 0, 0, 0)
    assert [item for item, _ in s.totals.expenses][-1] == "结余返还"
    assert s.expense_lines == ()


@given(ROWS, st.integers(min_value=-10**8, max_value=10**8))
def test_every_month_closes_where_the_next_opens_and_the_year_adds_up(rows, year_opening):
    month, previous = date(2026, 1, 1), None
    while month.year == 2026:
        s = monthly_statement(month, year_opening, rows)
        t = s.totals
        assert t.closing == t.opening + t.income_total - t.remuneration - t.expense_total
        assert s.year_to_date.closing == t.closing
        if previous is not None:
            assert t.opening == previous
        previous, month = t.closing, next_month(month)
    december = monthly_statement(date(2026, 12, 1), year_opening, rows)
    income = sum(r.amount for r in rows if r.kind == INCOME)
    spent = sum(r.amount for r in rows if r.kind != INCOME)
    assert december.year_to_date.closing == year_opening + income - spent
    assert december.year_to_date.income_total == income


def test_income_items_come_from_the_category_or_the_operator_kind():
    assert income_item("物业费", "property_management") == "物业费"
    assert income_item(None, "parking") == "停车"
    assert income_item(None, "advertising") == "广告"
    assert income_item(None, "venue") == "场地"
    assert income_item(None, "cafe") == "其他"
    assert income_item("车位租金", "parking") == "车位租金"
