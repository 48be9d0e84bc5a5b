"""Trust-based property management (信托制物业): the items of a compound's accounts.

Income items are the categories of a compound's incomes; expense items classify the
disbursements from its trust fund. A surplus refund to the owners (结余返还) is also a
disbursement from the trust fund, shown after the expenses.

The monthly statement (收支公示) is built here from classified rows by a pure function,
so the API and the disclosure workbook show the same figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from ledger.core.periods import next_month

PROPERTY_FEE = "物业费"
OTHER = "其他"
INCOME_ITEMS = (PROPERTY_FEE, "停车", "广告", "场地", OTHER)
EXPENSE_ITEMS = ("工资社保", "保洁", "绿化", "秩序维护", "维修", "水电能耗", "办公", "保险", OTHER)
SURPLUS_REFUND = "结余返还"
TRUST_DISBURSEMENT_ITEMS = (*EXPENSE_ITEMS, SURPLUS_REFUND)
# Income without a category is classified by the kind of operator it came from.
ITEM_OF_OPERATOR_KIND = {"parking": "停车", "advertising": "广告", "venue": "场地"}

INCOME, REMUNERATION, EXPENSE = "income", "remuneration", "expense"


def income_item(category: str | None, operator_kind: str | None) -> str:
    """The statement item of an income: its category, else what its operator's kind implies."""
    if category:
        return category
    return ITEM_OF_OPERATOR_KIND.get(operator_kind or "", OTHER)


@dataclass(frozen=True, slots=True)
class TrustRow:
    """One movement of a trust fund, already classified.

    ``amount`` is positive in the row's own sense: an income received, a remuneration
    charged, an expense paid (a reversal is negative). The fund's balance moves by
    +amount for income and by -amount for remuneration and expenses.
    """
    occurred_on: date
    kind: str  # INCOME, REMUNERATION or EXPENSE
    item: str | None
    amount: int
    seq: int
    payee: str = ""  # expenses: already masked for the public
    purpose: str = ""
    disbursement: int | None = None
    vouchers: tuple[str, ...] = ()

    @property
    def effect(self) -> int:
        return self.amount if self.kind == INCOME else -self.amount


@dataclass(frozen=True, slots=True)
class Totals:
    opening: int
    income: tuple[tuple[str, int], ...]
    remuneration: int
    expenses: tuple[tuple[str, int], ...]
    closing: int

    @property
    def income_total(self) -> int:
        return sum(amount for _, amount in self.income)

    @property
    def expense_total(self) -> int:
        return sum(amount for _, amount in self.expenses)


@dataclass(frozen=True, slots=True)
class Statement:
    month: date
    totals: Totals
    year_to_date: Totals
    expense_lines: tuple[TrustRow, ...]


def _by_item(rows: list[TrustRow], kind: str, standard: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Every standard item (zero included) in order, then any other item met, by name."""
    sums = {item: 0 for item in standard}
    for row in rows:
        if row.kind == kind:
            item = row.item or OTHER
            sums[item] = sums.get(item, 0) + row.amount
    extra = sorted(item for item in sums if item not in standard)
    return tuple((item, sums[item]) for item in (*standard, *extra))


def _totals(opening: int, rows: list[TrustRow]) -> Totals:
    return Totals(opening=opening,
                  income=_by_item(rows, INCOME, INCOME_ITEMS),
                  remuneration=sum(r.amount for r in rows if r.kind == REMUNERATION),
                  expenses=_by_item(rows, EXPENSE, TRUST_DISBURSEMENT_ITEMS),
                  closing=opening + sum(r.effect for r in rows))


def monthly_statement(month: date, year_opening: int, rows: Iterable[TrustRow]) -> Statement:
    """A compound's statement for ``month`` (its first day): the month's opening balance,
    income by item, remuneration, expenses by item with their vouchers, closing balance,
    and the same from 1 January. ``year_opening`` is the fund's balance at the end of the
    previous year; ``rows`` are its movements from 1 January (later rows are ignored).
    Closing = opening + income - remuneration - expenses, to the fen."""
    first_of_year = date(month.year, 1, 1)
    month_end = next_month(month) - timedelta(days=1)
    year = sorted((r for r in rows if first_of_year <= r.occurred_on <= month_end),
                  key=lambda r: (r.occurred_on, r.seq))
    before = [r for r in year if r.occurred_on < month]
    during = [r for r in year if r.occurred_on >= month]
    opening = year_opening + sum(r.effect for r in before)
    return Statement(month=month, totals=_totals(opening, during), year_to_date=_totals(year_opening, year),
                     expense_lines=tuple(r for r in during if r.kind == EXPENSE))
