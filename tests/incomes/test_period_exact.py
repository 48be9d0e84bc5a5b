"""The period-exact rule, end to end: what the journal holds per fund and period equals
round_half_up(f(period total)), whatever the incomes' number, order, size and reversals."""
from __future__ import annotations

import itertools
import math
from datetime import date
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import db
from ledger.auth.access import find_community
from ledger.communities.services import create_community
from ledger.core.money import format_fen
from ledger.incomes.services import record_income, reverse_income
from ledger.agreements.services import create_agreement
from ledger.operators.services import create_operator

from tests.incomes.conftest import account_total, split_totals

C = "/api/v1/communities/fenghe"
_codes = itertools.count()


def half_up(value: Fraction) -> int:
    """四舍五入 of a non-negative exact amount of fen."""
    return math.floor(value + Fraction(1, 2))


def tiered(total: int, tiers: list[tuple[int | None, str]]) -> Fraction:
    """Marginal brackets, worked independently of the engine."""
    share, lower = Fraction(0), 0
    for up_to, percent in tiers:
        upper = total if up_to is None else min(total, up_to)
        if upper > lower:
            share += Fraction(upper - lower) * Fraction(percent) / 100
        lower = up_to if up_to is not None else lower
        if up_to is not None and total <= up_to:
            break
    return share


def test_a_thousand_incomes_of_five_jiao_at_ten_percent_give_five_yuan(app, community, make_operator, balance_of):
    make_operator("market", kind="market", percent="10")
    with app.app_context(), db.unit_of_work(app) as session:
        fenghe = find_community(community)
        for _ in range(1000):
            record_income(session, fenghe, {"operator": "market", "occurred_on": date(2026, 3, 14), "amount": 5,
                                            "channel": "cash"}, created_by="officer1")
    assert balance_of("311.public_benefit") == -500  # 5.00 (per-income rounding would give 10.00)
    assert balance_of("501.market") == -4500


def test_tiered_parking_month(make_operator, post_income, balance_of):
    make_operator("parking", kind="parking", shares=[{"to": "public_benefit", "tiers": [
        {"up_to": "10000.00", "percent": "5"}, {"up_to": None, "percent": "10"}]}])
    for amount, day in (("4000.00", "2026-05-01"), ("5999.99", "2026-05-09"), ("0.02", "2026-05-10"),
                        ("2345.66", "2026-05-31"), ("50.00", "2026-06-01")):
        post_income("parking", amount, occurred_on=day)
    # May: 12,345.67 -> 10,000 x 5 % + 2,345.67 x 10 % = 734.567 -> 734.57; June: 50 x 5 % = 2.50
    assert balance_of("311.public_benefit") == -(73457 + 250)


def test_reversals_restore_the_exact_period_share(officer, make_operator, post_income, balance_of):
    make_operator("cafe", percent="7.5")
    incomes = [post_income("cafe", "0.07", occurred_on="2026-07-02") for _ in range(10)]
    for income in incomes[:3]:
        officer.post(f"{C}/incomes/{income['id']}/reversal", json={"reason": "退款", "occurred_on": "2026-08-01"})
    # 7 incomes of 0.07 remain: 49 fen x 7.5 % = 3.675 -> 4 fen
    assert balance_of("311.public_benefit") == -4


amounts = st.one_of(st.integers(1, 20), st.integers(1, 100_000), st.integers(1, 100_000_000))
percents = st.sampled_from(["8", "7.5", "33.3333", "0.0001", "12.5", "93.9999"])
steps = st.lists(st.tuples(amounts, st.integers(0, 2), st.booleans()), min_size=1, max_size=25)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flat=percents, steps=steps)
def test_random_incomes_and_reversals_keep_every_period_exact(app, flat, steps):
    """A flat share and a tiered share over three months; random incomes, random reversals."""
    tiers = [(50_000, "3"), (None, "6")]
    with app.app_context(), db.unit_of_work(app) as session:
        community = create_community(session, f"p{next(_codes)}", "P", created_by="system")
        create_operator(session, community, "op", "Op", "market", "community_collects", created_by="system")
        agreement_id = create_agreement(session, community, {
            "operator": "op", "effective_from": date(2026, 1, 1), "basis": "gross", "period": "month",
            "shares": [{"to": "public_benefit", "percent": flat},
                       {"to": "211", "tiers": [{"up_to": "500.00", "percent": "3"}, {"up_to": None, "percent": "6"}]}]},
            created_by="system").id
        live: dict[int, tuple[int, int]] = {}
        for amount, month, reverse in steps:
            recorded = record_income(session, community, {"operator": "op", "occurred_on": date(2026, 3 + month, 10),
                                                          "amount": amount, "channel": "cash"}, created_by="system")
            live[recorded.income.id] = (month, amount)
            if reverse and live:
                victim = sorted(live)[len(live) // 2]
                reverse_income(session, community, victim, "test", occurred_on=date(2026, 6, 1), created_by="system")
                del live[victim]
        code = community.code
    totals = {m: sum(a for mm, a in live.values() if mm == m) for m in range(3)}
    expected_fund = sum(half_up(Fraction(t) * Fraction(flat) / 100) for t in totals.values())
    expected_tiered = sum(half_up(tiered(t, tiers)) for t in totals.values())
    assert account_total(app, code, "311.public_benefit") == -expected_fund
    assert account_total(app, code, "211") == -expected_tiered
    assert account_total(app, code, "101") == sum(totals.values())
    assert account_total(app, code, "101") + account_total(app, code, "311.public_benefit") \
        + account_total(app, code, "211") + account_total(app, code, "501.op") == 0
    for (agreement, period, position), total in split_totals(app).items():
        if agreement == agreement_id and position == 0:
            month = int(period[-2:]) - 3
            assert total == half_up(Fraction(totals[month]) * Fraction(flat) / 100), format_fen(total)
