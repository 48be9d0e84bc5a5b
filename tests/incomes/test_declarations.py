"""Net-profit declarations: due = max(minimum, round_half_up(f(max(profit, 0)))) per share;
corrections post only the difference."""
from __future__ import annotations

import pytest

from ledger.core.money import parse_amount

C = "/api/v1/communities/fenghe"


@pytest.fixture
def group_buying(officer, make_operator):
    make_operator("tuangou", kind="group_buying", settlement="operator_collects")
    r = officer.post(f"{C}/agreements", json={
        "operator": "tuangou", "basis": "net_profit", "period": "year", "effective_from": "2025-01-01",
        "minimum": "500.00", "shares": [{"to": "public_benefit", "percent": "5"}]})
    assert r.status_code == 201, r.json
    return "tuangou"


def declare(officer, period, revenue, *costs, occurred_on="2026-11-02"):
    r = officer.post(f"{C}/declarations", json={
        "operator": "tuangou", "period": period, "revenue": revenue, "occurred_on": occurred_on,
        "costs": [{"category": category, "amount": amount} for category, amount in costs]})
    assert r.status_code == 201, r.json
    return r.json


# revenue, costs, due: worked by hand at 5 % with a 500.00 minimum
CASES = [
    ("a loss still owes the minimum", "80000.00", [("采购", "90000.00")], "500.00"),
    ("no profit owes the minimum", "1000.00", [("采购", "1000.00")], "500.00"),
    ("5 % of 8,000.00 is below the minimum", "10000.00", [("采购", "2000.00")], "500.00"),
    ("5 % of 20,000.10 is 1,000.005", "30000.10", [("采购", "6000.00"), ("人工", "4000.00")], "1000.01"),
]


@pytest.mark.parametrize("why, revenue, costs, due", CASES, ids=[c[0] for c in CASES])
def test_declared_profit_gives_the_contribution(officer, group_buying, balance_of, why, revenue, costs, due):
    answer = declare(officer, "2025", revenue, *costs)
    assert answer["due"] == [{"to": "public_benefit", "amount": due}]
    assert answer["posted"] == answer["due"] and answer["correction"] is False
    assert balance_of("311.public_benefit") == -parse_amount(due)
    assert balance_of("112.tuangou") == parse_amount(due)


def test_a_correction_posts_only_the_difference(officer, group_buying, balance_of, client):
    first = declare(officer, "2025", "50000.00", ("采购", "20000.00"))  # profit 30,000 -> 1,500.00
    second = declare(officer, "2025", "50000.00", ("采购", "26000.00"))  # profit 24,000 -> 1,200.00
    assert first["posted"] == [{"to": "public_benefit", "amount": "1500.00"}]
    assert second["correction"] is True
    assert second["due"] == [{"to": "public_benefit", "amount": "1200.00"}]
    assert second["posted"] == [{"to": "public_benefit", "amount": "-300.00"}]
    assert balance_of("311.public_benefit") == -120000
    same = declare(officer, "2025", "50000.00", ("采购", "26000.00"))
    assert same["posted"] == [{"to": "public_benefit", "amount": "0.00"}]
    assert balance_of("311.public_benefit") == -120000


def test_declaration_refusals(officer, group_buying, client):
    wrong_kind = officer.post(f"{C}/declarations", json={"operator": "tuangou", "period": "2025-Q3", "revenue": "1.00"})
    assert wrong_kind.status_code == 422 and "period" in wrong_kind.json["errors"]
    garbage = officer.post(f"{C}/declarations", json={"operator": "tuangou", "period": "last year", "revenue": "1.00"})
    assert garbage.status_code == 422 and "period" in garbage.json["errors"]
    no_agreement = officer.post(f"{C}/declarations", json={"operator": "tuangou", "period": "2019", "revenue": "1.00"})
    assert no_agreement.status_code == 422
    assert client.get(f"{C}/chain").json["head_seq"] == 0


def test_incomes_under_a_net_profit_agreement_are_recorded_unsplit(group_buying, post_income, balance_of):
    answer = post_income("tuangou", "880.00", occurred_on="2025-06-01")
    assert answer["shares"] == [{"to": "public_benefit", "amount": "0.00"}]
    assert balance_of("311.public_benefit") == 0
