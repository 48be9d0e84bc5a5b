"""The split engine, checked against an independent model.

Expectations come from the agreement as written (JSON-shaped strings), evaluated with
``fractions.Fraction`` and a hand-written 四舍五入, or from amounts worked out by hand in
the tables below; never from the engine itself.
"""
from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.core.errors import ValidationFailed
from ledger.core.money import format_fen, parse_amount
from ledger.core.splits import (
    Share, Split, Terms, Tier, declaration_due, parse_terms, period_total_shares, simulate,
    split_income,
)


# -- the independent model ---------------------------------------------------------------
def half_up(exact: Fraction) -> int:
    """四舍五入 of a non-negative exact amount of fen, without Decimal."""
    assert exact >= 0
    return math.floor(exact + Fraction(1, 2))


def fen(text: str) -> int:
    value = Fraction(text) * 100
    assert value.denominator == 1
    return int(value)


def rate(text: str) -> Fraction:
    return Fraction(text) / 100


def model_share(spec: dict, total: int) -> Fraction:
    """f(G) of one share as written in the agreement: each bracket's rate on the part of
    the total that falls between its lower and upper limit."""
    if total <= 0:
        return Fraction(0)
    if "percent" in spec:
        return total * rate(spec["percent"])
    result, lower = Fraction(0), 0
    for tier in spec["tiers"]:
        upper = total if tier["up_to"] is None else fen(tier["up_to"])
        result += max(0, min(total, upper) - lower) * rate(tier["percent"])
        lower = upper
    return result


def posted_over(terms: Terms, incomes: list[int]) -> list[int]:
    """Run incomes through one period's accumulator; the fen posted per share."""
    total, posted = 0, [0] * len(terms.shares)
    for amount in incomes:
        split = split_income(terms, total, amount)
        assert sum(split.shares) + split.remainder == amount
        posted = [p + s for p, s in zip(posted, split.shares)]
        total += amount
    return posted


# -- strategies --------------------------------------------------------------------------
def percent_text(units: int) -> str:
    """Units of 0.0001 % as the shortest agreement text: 100000 -> "10", 5 -> "0.0005"."""
    text = f"{units // 10_000}.{units % 10_000:04d}"
    return text.rstrip("0").rstrip(".")


def fen_text(amount: int) -> str:
    return f"{amount // 100}.{amount % 100:02d}"


@st.composite
def share_budgets(draw) -> list[int]:
    """1-4 positive percents (in 0.0001 % units) adding up to at most 100 %, often exactly."""
    count = draw(st.integers(1, 4))
    total = draw(st.one_of(st.just(1_000_000), st.integers(10, 1_000_000)))
    cuts = sorted(draw(st.sets(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1)))
    return [b - a for a, b in pairwise([0, *cuts, total])]


@st.composite
def share_specs(draw, name: str, budget: int) -> dict:
    if draw(st.booleans()):
        return {"to": name, "percent": percent_text(budget)}
    limit = st.one_of(st.integers(1, 10_000), st.integers(1, 300_000_000))
    count = draw(st.integers(1, 3))
    limits = sorted(draw(st.sets(limit, min_size=count - 1, max_size=count - 1)))
    rates = [percent_text(draw(st.integers(1, budget))) for _ in range(count)]
    ups = [fen_text(x) for x in limits] + [None]
    return {"to": name, "tiers": [{"up_to": u, "percent": r} for u, r in zip(ups, rates)]}


@st.composite
def terms_specs(draw) -> dict:
    budgets = draw(share_budgets())
    shares = [draw(share_specs(f"fund{i}", b)) for i, b in enumerate(budgets)]
    return {"basis": "gross", "period": "month", "shares": shares}


# Many tiny incomes, where rounding matters most, mixed with ordinary and huge ones.
incomes = st.one_of(st.integers(1, 100), st.integers(1, 100_000), st.integers(1, 100_000_000))


# -- 1. properties -----------------------------------------------------------------------
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=terms_specs(), data=st.data())
def test_posted_shares_equal_the_rounded_share_of_every_period_total(spec, data):
    terms = parse_terms(spec)
    count = len(spec["shares"])
    totals: dict[int, int] = {}
    posted: dict[int, list[int]] = {}
    reversible: list[tuple[int, int]] = []  # (period, amount) of incomes not yet reversed
    for _ in range(data.draw(st.integers(1, 40), label="steps")):
        if reversible and data.draw(st.integers(0, 3), label="reverse?") == 0:
            period, amount = reversible.pop(data.draw(st.integers(0, len(reversible) - 1)))
            amount = -amount
        else:
            period, amount = data.draw(st.integers(0, 2), label="period"), data.draw(incomes)
            reversible.append((period, amount))
        before = totals.get(period, 0)
        split = split_income(terms, before, amount)
        assert sum(split.shares) + split.remainder == amount
        totals[period] = before + amount
        posted[period] = [p + s for p, s in zip(posted.get(period, [0] * count), split.shares)]
        expected = [half_up(model_share(share, totals[period])) for share in spec["shares"]]
        assert posted[period] == expected
        # The running remainder may dip below zero only by rounding, at most n // 2 fen.
        assert totals[period] - sum(posted[period]) >= -(count // 2)


@settings(max_examples=200, deadline=None)
@given(spec=terms_specs(), total=incomes, minimum=st.integers(0, 100_000), loss=st.booleans())
def test_period_totals_and_declarations_follow_the_model(spec, total, minimum, loss):
    terms = parse_terms(spec)
    expected = tuple(half_up(model_share(share, total)) for share in spec["shares"])
    assert period_total_shares(terms, total) == expected
    net = parse_terms({**spec, "basis": "net_profit", "minimum": fen_text(minimum)})
    profit = -total if loss else total
    due = tuple(max(minimum, half_up(model_share(share, max(profit, 0)))) for share in spec["shares"])
    assert declaration_due(net, profit) == due


# -- 2. worked examples ------------------------------------------------------------------
TEN_PERCENT = {"shares": [{"to": "public_benefit", "percent": "10"}]}
PARKING = {"shares": [{"to": "public_benefit", "tiers": [
    {"up_to": "10000.00", "percent": "5"}, {"up_to": None, "percent": "10"}]}]}
TWO_SHARES = {"shares": [{"to": "public_benefit", "percent": "10"}, {"to": "village", "percent": "2.5"}]}
ALL_TO_TRUST = {"shares": [{"to": "trust_fund", "percent": "100"}]}


@pytest.mark.parametrize("agreement, incomes_text, expected", [
    pytest.param(TEN_PERCENT, ["0.05"] * 1000, ["5.00"], id="1000 x 0.05 at 10% -> 5.00"),
    pytest.param(PARKING, ["12345.67"], ["734.57"], id="parking 12345.67 in one income"),
    pytest.param(PARKING, ["4000.00", "4000.00", "4345.67"], ["734.57"], id="parking across the bracket"),
    pytest.param(PARKING, ["10.00"] * 1234 + ["5.67"], ["734.57"], id="parking in 1235 tickets"),
    pytest.param(PARKING, ["9999.99", "0.02", "2345.66"], ["734.57"], id="parking, a fen over the limit"),
    pytest.param(TWO_SHARES, ["100.01", "0.99", "19.99", "0.01"], ["12.10", "3.03"], id="two shares, 121.00"),
    pytest.param(ALL_TO_TRUST, ["0.01", "123.45", "0.07"], ["123.53"], id="100% single share"),
])
def test_a_month_of_incomes(agreement, incomes_text, expected):
    terms = parse_terms(agreement)
    posted = posted_over(terms, [parse_amount(text) for text in incomes_text])
    assert [format_fen(x) for x in posted] == expected


def test_per_income_rounding_would_have_drifted():
    # Each 0.05 at 10 % is half a fen: rounded on its own, every one would become a fen.
    per_income = sum(half_up(Fraction(5) * rate("10")) for _ in range(1000))
    assert format_fen(per_income) == "10.00"
    assert posted_over(parse_terms(TEN_PERCENT), [5] * 1000) == [500]


def test_a_single_full_share_takes_each_income_whole():
    terms = parse_terms(ALL_TO_TRUST)
    assert split_income(terms, 0, 1) == Split((1,), 0)
    assert split_income(terms, 1, 12345) == Split((12345,), 0)


@pytest.mark.parametrize("shares, before, amount, expected", [
    pytest.param(["50", "50"], 0, 1, Split((1, 1), -1), id="50/50 of 0.01: both round up"),
    pytest.param(["50", "50"], 1, 1, Split((0, 0), 1), id="the next fen gives it back"),
    pytest.param(["25"] * 4, 1, 1, Split((1, 1, 1, 1), -3), id="4 x 25%, 0.01 -> 0.02"),
    pytest.param(["33.3333"] * 3, 0, 2, Split((1, 1, 1), -1), id="below 100% too"),
])
def test_rounding_may_leave_a_negative_remainder(shares, before, amount, expected):
    terms = parse_terms({"shares": [{"to": f"f{i}", "percent": p} for i, p in enumerate(shares)]})
    assert split_income(terms, before, amount) == expected


def test_a_reversal_takes_the_period_back_to_its_rounded_share():
    terms = parse_terms(TEN_PERCENT)
    # 0.05 + 0.05 post 0.01 + 0.00; reversing the first leaves 0.05 -> 0.01 in all.
    assert posted_over(terms, [5, 5, -5]) == [1]
    assert posted_over(terms, [5, 5, -5, -5]) == [0]


@pytest.mark.parametrize("before, amount", [(0, -1), (500, -501), (-1, 5)])
def test_a_period_total_cannot_go_negative(before, amount):
    with pytest.raises(ValueError):
        split_income(parse_terms(TEN_PERCENT), before, amount)


NET_PROFIT = {"basis": "net_profit", "period": "year", "minimum": "500.00",
              "shares": [{"to": "public_benefit", "percent": "5"}]}


@pytest.mark.parametrize("agreement, profit, expected", [
    pytest.param(NET_PROFIT, "-3000.00", "500.00", id="a loss still owes the minimum"),
    pytest.param(NET_PROFIT, "0.00", "500.00", id="break-even owes the minimum"),
    pytest.param(NET_PROFIT, "8000.00", "500.00", id="5% is 400.00, below the minimum"),
    pytest.param(NET_PROFIT, "20000.00", "1000.00", id="5% is 1000.00"),
    pytest.param(NET_PROFIT, "20000.10", "1000.01", id="1000.005 rounds half up"),
    pytest.param({**NET_PROFIT, "minimum": None}, "-3000.00", "0.00", id="no minimum, a loss owes nothing"),
])
def test_net_profit_declaration(agreement, profit, expected):
    due = declaration_due(parse_terms(agreement), parse_amount(profit, allow_negative=True))
    assert [format_fen(x) for x in due] == [expected]


def test_period_total_of_two_shares():
    assert period_total_shares(parse_terms(TWO_SHARES), 12100) == (1210, 303)


# -- 4. simulate -------------------------------------------------------------------------
def test_simulate_keeps_one_accumulator_per_month():
    rows = simulate(parse_terms(TEN_PERCENT), [
        (date(2026, 9, 30), 5), (date(2026, 10, 1), 5), (date(2026, 9, 15), 5), (date(2026, 10, 20), 5)])
    # Half a fen each: the first of each month rounds up to 0.01, the second adds nothing.
    # One shared accumulator would have given 1, 0, 1, 0 instead.
    assert rows == [
        {"occurred_on": date(2026, 9, 30), "period": "2026-09", "amount": 5, "shares": (1,), "remainder": 4},
        {"occurred_on": date(2026, 10, 1), "period": "2026-10", "amount": 5, "shares": (1,), "remainder": 4},
        {"occurred_on": date(2026, 9, 15), "period": "2026-09", "amount": 5, "shares": (0,), "remainder": 5},
        {"occurred_on": date(2026, 10, 20), "period": "2026-10", "amount": 5, "shares": (0,), "remainder": 5},
    ]


def test_simulate_by_quarter():
    terms = parse_terms({**TEN_PERCENT, "period": "quarter"})
    days = [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 31), date(2026, 4, 1)]
    rows = simulate(terms, [(day, 5) for day in days])
    # Q1 totals 0.05, 0.10, 0.15 -> shares 0.01, 0.01, 0.02 cumulative; Q2 starts afresh.
    assert [(r["period"], r["shares"], r["remainder"]) for r in rows] == [
        ("2026-Q1", (1,), 4), ("2026-Q1", (0,), 5), ("2026-Q1", (1,), 4), ("2026-Q2", (1,), 4)]


# -- 3. parse_terms ----------------------------------------------------------------------
def test_parse_terms_reads_an_agreement():
    terms = parse_terms({"basis": "net_profit", "period": "quarter", "minimum": "500.00",
                         "operator": "parking-co",  # other agreement fields are ignored
                         "shares": PARKING["shares"] + [{"to": "village", "percent": "2.5"}]})
    assert terms == Terms("net_profit", "quarter", (
        Share("public_benefit", tiers=(Tier(1_000_000, Decimal("5")), Tier(None, Decimal("10")))),
        Share("village", Decimal("2.5")),
    ), minimum=50_000)
    assert terms.shares[0].max_percent() == Decimal("10")


def test_parse_terms_defaults_to_gross_by_month():
    assert parse_terms(TEN_PERCENT) == Terms("gross", "month", (Share("public_benefit", Decimal("10")),))


def test_shares_may_add_up_to_exactly_100_percent():
    terms = parse_terms({"shares": [{"to": "a", "percent": "90"}, {"to": "b", "tiers": [
        {"up_to": "100.00", "percent": "5"}, {"up_to": None, "percent": "10"}]}]})
    assert sum(share.max_percent() for share in terms.shares) == 100


def refused(data: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        parse_terms(data)
    assert all(caught.value.errors.values())  # every key carries a message
    return caught.value.errors


BAD_PERCENTS = ["0", "0.0000", "-5", "100.0001", "101", "10.00001", 10, 10.5, "", "1e1", "NaN", " 10"]


@pytest.mark.parametrize("value", BAD_PERCENTS)
@pytest.mark.parametrize("where, key", [
    ("flat", "shares.0.percent"), ("second share", "shares.1.percent"), ("tier", "shares.0.tiers.1.percent")])
def test_refuses_a_bad_percent(value, where, key):
    shares = {
        "flat": [{"to": "a", "percent": value}],
        "second share": [{"to": "a", "percent": "1"}, {"to": "b", "percent": value}],
        "tier": [{"to": "a", "tiers": [{"up_to": "100.00", "percent": "5"}, {"up_to": None, "percent": value}]}],
    }[where]
    assert set(refused({"shares": shares})) == {key}


@pytest.mark.parametrize("share, key", [
    pytest.param({"to": "a", "percent": "5", "tiers": [{"up_to": None, "percent": "5"}]}, "shares.0", id="both"),
    pytest.param({"to": "a"}, "shares.0", id="neither"),
    pytest.param({"to": "a", "percent": None, "tiers": None}, "shares.0", id="neither, as nulls"),
    pytest.param("a: 10%", "shares.0", id="not an object"),
    pytest.param({"percent": "5"}, "shares.0.to", id="no destination"),
    pytest.param({"to": " ", "percent": "5"}, "shares.0.to", id="blank destination"),
    pytest.param({"to": ["a"], "percent": "5"}, "shares.0.to", id="destination not a string"),
])
def test_refuses_a_malformed_share(share, key):
    assert set(refused({"shares": [share]})) == {key}


def tiered(*tiers) -> dict:
    return {"shares": [{"to": "a", "tiers": [{"up_to": up, "percent": "5"} for up in tiers]}]}


@pytest.mark.parametrize("data, key", [
    pytest.param(tiered("100.00", "100.00", None), "shares.0.tiers.1.up_to", id="equal limits"),
    pytest.param(tiered("200.00", "100.00", None), "shares.0.tiers.1.up_to", id="descending limits"),
    pytest.param(tiered("0.00", None), "shares.0.tiers.0.up_to", id="first limit zero"),
    pytest.param(tiered(None, None), "shares.0.tiers.0.up_to", id="non-final tier open-ended"),
    pytest.param(tiered("100.00", "200.00"), "shares.0.tiers.1.up_to", id="final tier has a limit"),
    pytest.param(tiered("100.00"), "shares.0.tiers.0.up_to", id="single tier has a limit"),
    pytest.param(tiered("10.001", None), "shares.0.tiers.0.up_to", id="limit with 3 places"),
    pytest.param(tiered("-5.00", None), "shares.0.tiers.0.up_to", id="negative limit"),
    pytest.param(tiered(10000, None), "shares.0.tiers.0.up_to", id="limit as a JSON number"),
    pytest.param({"shares": [{"to": "a", "tiers": []}]}, "shares.0.tiers", id="no tiers"),
    pytest.param({"shares": [{"to": "a", "tiers": {"up_to": None}}]}, "shares.0.tiers", id="tiers not a list"),
    pytest.param({"shares": [{"to": "a", "tiers": ["5%"]}]}, "shares.0.tiers.0", id="tier not an object"),
])
def test_refuses_bad_tiers(data, key):
    assert set(refused(data)) == {key}


FLAT = [{"to": "a", "percent": "10"}]


@pytest.mark.parametrize("data, key", [
    pytest.param({"shares": []}, "shares", id="empty shares"),
    pytest.param({}, "shares", id="no shares"),
    pytest.param({"shares": {"to": "a", "percent": "10"}}, "shares", id="shares not a list"),
    pytest.param({"shares": [{"to": "a", "percent": "10"}, {"to": "a", "percent": "5"}]}, "shares.1.to",
                 id="duplicate destination"),
    pytest.param({"shares": [{"to": "a", "percent": "60"}, {"to": "b", "percent": "40.0001"}]}, "shares",
                 id="flat shares over 100%"),
    pytest.param({"shares": [{"to": "a", "percent": "90"}, {"to": "b", "tiers": [
        {"up_to": "100.00", "percent": "5"}, {"up_to": None, "percent": "20"}]}]}, "shares",
                 id="tiers count at their highest rate"),
    pytest.param({"shares": FLAT, "basis": "gross", "minimum": "500.00"}, "minimum", id="minimum on gross"),
    pytest.param({"shares": FLAT, "minimum": "500.00"}, "minimum", id="minimum on default gross"),
    pytest.param({"shares": FLAT, "basis": "net_profit", "minimum": "500.001"}, "minimum", id="bad minimum"),
    pytest.param({"shares": FLAT, "basis": "net_profit", "minimum": 500}, "minimum", id="minimum as a number"),
    pytest.param({"shares": FLAT, "basis": "turnover"}, "basis", id="unknown basis"),
    pytest.param({"shares": FLAT, "basis": ["gross"]}, "basis", id="basis not a string"),
    pytest.param({"shares": FLAT, "period": "week"}, "period", id="unknown period"),
    pytest.param({"shares": FLAT, "period": "Month"}, "period", id="period is case-sensitive"),
    pytest.param(["gross"], "terms", id="not an object"),
])
def test_refuses_bad_agreement_terms(data, key):
    assert set(refused(data)) == {key}


def test_reports_every_problem_at_once():
    errors = refused({
        "basis": "barter", "period": "week", "minimum": "x",
        "shares": [
            {"to": "a", "percent": "0"},
            {"to": "a", "percent": "10", "tiers": [{"up_to": None, "percent": "5"}]},
            {"to": "c", "tiers": [{"up_to": None, "percent": "5"}, {"up_to": "10.00", "percent": "101"}]},
            {"to": "d", "percent": "60"},
            {"to": "e", "percent": "50"},
        ],
    })
    assert set(errors) == {
        "basis", "period", "minimum",
        "shares",  # d + e alone already exceed 100 %
        "shares.0.percent",
        "shares.1", "shares.1.to",
        "shares.2.tiers.0.up_to", "shares.2.tiers.1.up_to", "shares.2.tiers.1.percent",
    }
