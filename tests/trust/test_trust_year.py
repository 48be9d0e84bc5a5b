"""A worked year of one compound under trust-based property management.

幸福里 collects property fees, parking, advertising and venue rent; the property company
takes 10 % of each month's property fees as remuneration; every month's expenses are
paid from the owners' trust fund with vouchers and four-eyes approval; December
refunds a surplus to the owners. Expected figures are worked out here from the
receipts and the agreed rate alone, never from the code under test.
"""
from __future__ import annotations

import math
from fractions import Fraction

from tests.trust.conftest import BASE

RATE = Fraction(10, 100)
# month: (物业费, 停车, 广告, 场地, [(expense item, amount)])
YEAR = {
    1: (["12500.00", "8300.55", "4100.05"], ["1800.00"], [], [], [("工资社保", "6000.00"), ("保险", "1200.00")]),
    2: (["11800.35", "9000.00"], ["1650.50", "200.00"], [], ["300.00"], [("工资社保", "6000.00"), ("保洁", "1500.00")]),
    3: (["13000.01", "7999.99", "0.05"], ["1720.00"], ["3000.00"], [], [("工资社保", "6000.00"), ("绿化", "2200.00")]),
    4: (["12000.00", "8800.80"], ["1590.25"], [], ["450.00"], [("工资社保", "6000.00"), ("秩序维护", "3100.00")]),
    5: (["21500.15"], ["1810.00"], [], [], [("工资社保", "6000.00"), ("维修", "4380.20")]),
    6: (["9999.99", "9999.99", "3000.03"], ["1766.66"], ["3000.00"], ["200.00"],
        [("工资社保", "6000.00"), ("水电能耗", "2890.45")]),
    7: (["20500.00"], ["1900.10"], [], [], [("工资社保", "6200.00"), ("保洁", "1500.00")]),
    8: (["19800.50", "705.05"], ["1888.88"], [], ["600.00"], [("工资社保", "6200.00"), ("办公", "356.70")]),
    9: (["20000.00"], ["1750.00"], ["3000.00"], [], [("工资社保", "6200.00"), ("维修", "980.00")]),
    10: (["10333.33", "10333.33"], ["1699.99"], [], ["350.00"], [("工资社保", "6200.00"), ("绿化", "1850.00")]),
    11: (["20450.45"], ["1720.00"], [], [], [("工资社保", "6200.00"), ("其他", "420.00")]),
    12: (["21000.00", "0.15"], ["1950.00"], ["3000.00"], ["800.00"], [("工资社保", "6200.00"), ("结余返还", "50000.00")]),
}
INCOME_ITEMS = ("物业费", "停车", "广告", "场地")


def fen(text: str) -> int:
    return int(Fraction(text) * 100)


def half_up(exact: Fraction) -> int:
    return math.floor(exact + Fraction(1, 2))


def worked_month(month: int) -> tuple[dict[str, int], int, dict[str, int]]:
    """(income by item, remuneration, expenses by item) of a month, in fen."""
    *incomes, expenses = YEAR[month]
    income = {item: sum(fen(a) for a in amounts) for item, amounts in zip(INCOME_ITEMS, incomes)}
    remuneration = half_up(income["物业费"] * RATE)
    spent: dict[str, int] = {}
    for item, amount in expenses:
        spent[item] = spent.get(item, 0) + fen(amount)
    return income, remuneration, spent


def nonzero(rows: list[dict]) -> dict[str, int]:
    return {row["item"]: fen(row["amount"]) for row in rows if row["amount"] != "0.00"}


def record_the_year(post_income, drive):
    for month, (fees, parking, ads, venue, expenses) in YEAR.items():
        for item, amounts, day in (("物业费", fees, 3), ("停车", parking, 12), ("广告", ads, 15), ("场地", venue, 18)):
            for n, amount in enumerate(amounts):
                post_income("xingfuli", amount, f"2025-{month:02d}-{day + n:02d}", category=item, channel="bank")
        for n, (item, amount) in enumerate(expenses):
            drive({"fund": "xingfuli", "item": item, "amount": amount, "purpose": f"{month}月{item}"}, "paid",
                  paid_on=f"2025-{month:02d}-{25 + n:02d}")


def test_a_worked_year_reconciles_to_the_trust_fund_to_the_fen(make_compound, post_income, drive, officer,
                                                                statement, client):
    make_compound("xingfuli", "幸福里", remuneration_percent="10", effective_from="2025-01-01")
    record_the_year(post_income, drive)
    for month in ("2025-01", "2025-02", "2025-03"):
        assert officer.post(f"{BASE}/periods/{month}/close").status_code == 201

    opening, totals = 0, {"income": 0, "remuneration": 0, "expenses": 0}
    for month in range(1, 13):
        s = statement(f"2025-{month:02d}")
        income, remuneration, spent = worked_month(month)
        closing = opening + sum(income.values()) - remuneration - sum(spent.values())
        assert fen(s["opening_balance"]) == opening, month
        assert nonzero(s["income"]) == {k: v for k, v in income.items() if v}, month
        assert fen(s["remuneration"]) == remuneration, month
        assert nonzero(s["expenses"]) == spent, month
        assert fen(s["closing_balance"]) == closing, month
        assert [(d["item"], fen(d["amount"]), d["payee"]) for d in s["expense_details"]] == [
            (item, fen(amount), "张* 138****8888") for item, amount in YEAR[month][4]]
        assert all(len(d["vouchers"]) == 1 and len(d["vouchers"][0]) == 64 for d in s["expense_details"])
        totals["income"] += sum(income.values())
        totals["remuneration"] += remuneration
        totals["expenses"] += sum(spent.values())
        ytd = s["year_to_date"]
        assert (fen(ytd["opening_balance"]), fen(ytd["income_total"]), fen(ytd["remuneration"]),
                fen(ytd["expense_total"]), fen(ytd["closing_balance"])) == (
            0, totals["income"], totals["remuneration"], totals["expenses"], closing), month
        opening = closing  # this month's closing is next month's opening

    december = statement("2025-12")
    january_next = statement("2026-01")
    assert january_next["opening_balance"] == january_next["closing_balance"] == december["closing_balance"]
    assert january_next["year_to_date"]["opening_balance"] == december["closing_balance"]

    # The year reconciles to the trust fund's postings, read back from the public journal.
    postings = trust_postings(client)
    assert fen(december["closing_balance"]) == -sum(postings)
    fund = {f["code"]: f for f in client.get(f"{BASE}/funds", query_string={"to": "2025-12-31"}).json}["xingfuli"]
    assert fen(fund["balance"]) == fen(december["closing_balance"])
    payable = officer.get(f"{BASE}/accounts/211.xingfuli.remuneration/balance",
                          query_string={"as_of": "2025-12-31"}).json
    assert fen(payable["balance"]) == totals["remuneration"]
    assert "13812348888" not in str(december) and "张三" not in str(december)


def trust_postings(client) -> list[int]:
    found, cursor = [], None
    while True:
        page = client.get(f"{BASE}/journal", query_string={"limit": 100, **({"cursor": cursor} if cursor else {})}).json
        for tx in page["items"]:
            found += [fen(p["debit"]) if "debit" in p else -fen(p["credit"])
                      for p in tx["postings"] if p["account"] == "231.xingfuli"]
        cursor = page["next_cursor"]
        if cursor is None:
            return found
