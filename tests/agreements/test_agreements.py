"""Agreements through the API: what is refused, versions, and the simulation."""
from __future__ import annotations

import pytest

C = "/api/v1/communities/fenghe"


@pytest.fixture
def cafe(make_operator):
    return make_operator("cafe")


def agreement(**changes):
    return {"operator": "cafe", "effective_from": "2026-01-01", "shares": [{"to": "public_benefit", "percent": "8"}],
            **changes}


REFUSED = [
    ("shares over 100 %", {"shares": [{"to": "public_benefit", "percent": "60"}, {"to": "501.cafe", "percent": "40.01"}]}, "shares"),
    ("a percent of 0", {"shares": [{"to": "public_benefit", "percent": "0"}]}, "shares.0.percent"),
    ("a negative percent", {"shares": [{"to": "public_benefit", "percent": "-5"}]}, "shares.0.percent"),
    ("five decimal places", {"shares": [{"to": "public_benefit", "percent": "8.00001"}]}, "shares.0.percent"),
    ("a number, not a string", {"shares": [{"to": "public_benefit", "percent": 8}]}, "shares.0.percent"),
    ("tiers not ascending", {"shares": [{"to": "public_benefit", "tiers": [
        {"up_to": "5000.00", "percent": "5"}, {"up_to": "1000.00", "percent": "8"}, {"up_to": None, "percent": "10"}]}]},
     "shares.0.tiers.1.up_to"),
    ("an unknown target", {"shares": [{"to": "no_such_fund", "percent": "8"}]}, "shares.0.to"),
    ("an unknown operator", {"operator": "ghost"}, "operator"),
    ("an end before the start", {"effective_to": "2025-12-31"}, "effective_to"),
    ("a minimum on a gross agreement", {"minimum": "500.00"}, "minimum"),
]


@pytest.mark.parametrize("why, change, field", REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_422_naming_the_field(officer, cafe, why, change, field):
    r = officer.post(f"{C}/agreements", json=agreement(**change))
    assert r.status_code == 422, r.json
    assert field in r.json["errors"], r.json
    assert officer.get(f"{C}/agreements").json == []


def test_every_problem_is_reported_at_once(officer, cafe):
    r = officer.post(f"{C}/agreements", json=agreement(shares=[
        {"to": "public_benefit", "percent": "0"}, {"to": "501.cafe", "percent": "100.5"}]))
    assert r.status_code == 422
    assert {"shares.0.percent", "shares.1.percent"} <= set(r.json["errors"])


def test_overlapping_dates_are_a_conflict(officer, cafe):
    assert officer.post(f"{C}/agreements", json=agreement(effective_to="2026-06-30")).status_code == 201
    r = officer.post(f"{C}/agreements", json=agreement(effective_from="2025-07-01", effective_to="2026-01-31"))
    assert r.status_code == 409 and r.json["code"] == "agreement_overlap"
    same_start = officer.post(f"{C}/agreements", json=agreement())
    assert same_start.status_code == 409
    other_category = officer.post(f"{C}/agreements", json=agreement(category="饮品"))
    assert other_category.status_code == 201


def test_a_new_version_ends_the_open_one(officer, cafe, post_income):
    first = officer.post(f"{C}/agreements", json=agreement()).json
    post_income("cafe", "100.00", occurred_on="2026-02-10")
    second = officer.post(f"{C}/agreements", json=agreement(effective_from="2026-03-01",
                                                            shares=[{"to": "public_benefit", "percent": "10"}]))
    assert second.status_code == 201, second.json
    listed = {a["id"]: a for a in officer.get(f"{C}/agreements").json}
    assert listed[first["id"]]["effective_to"] == "2026-02-28"
    assert listed[first["id"]]["ended_by"] == officer.username
    assert post_income("cafe", "100.00", occurred_on="2026-02-27")["shares"][0]["amount"] == "8.00"
    assert post_income("cafe", "100.00", occurred_on="2026-03-01")["shares"][0]["amount"] == "10.00"


def test_a_version_cannot_start_before_incomes_already_split_by_the_old_one(officer, cafe, post_income):
    officer.post(f"{C}/agreements", json=agreement())
    post_income("cafe", "100.00", occurred_on="2026-05-10")
    r = officer.post(f"{C}/agreements", json=agreement(effective_from="2026-05-01"))
    assert r.status_code == 409
    assert [a["effective_to"] for a in officer.get(f"{C}/agreements").json] == [None]


def test_simulation_writes_nothing(officer, client, cafe):
    r = officer.post(f"{C}/agreements/simulate", json={
        "agreement": {"shares": [{"to": "public_benefit", "tiers": [{"up_to": "10000.00", "percent": "5"},
                                                                    {"up_to": None, "percent": "10"}]}]},
        "amounts": [{"occurred_on": "2026-03-01", "amount": "6000.00"},
                    {"occurred_on": "2026-03-20", "amount": "6345.67"},
                    {"occurred_on": "2026-04-01", "amount": "100.00"}]})
    assert r.status_code == 200, r.json
    # March: 10,000 x 5 % + 2,345.67 x 10 % = 500 + 234.567 = 734.57; April: 100 x 5 % = 5.00
    assert [row["period"] for row in r.json["rows"]] == ["2026-03", "2026-03", "2026-04"]
    assert r.json["totals"]["shares"] == [{"to": "public_benefit", "amount": "739.57"}]
    assert officer.get(f"{C}/agreements").json == [] and client.get(f"{C}/chain").json["head_seq"] == 0


def test_simulation_refuses_an_unknown_target(officer, cafe):
    r = officer.post(f"{C}/agreements/simulate", json={"agreement": {"shares": [{"to": "nowhere", "percent": "5"}]},
                                                       "amounts": ["1.00"]})
    assert r.status_code == 422 and "shares.0.to" in r.json["errors"]
