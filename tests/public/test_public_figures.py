"""The home page's figures, as the public JSON gives them, worked out by hand from the
demo ledger of tests/public/demo_ledger.py and tests/public/demo_projects.py."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.public.demo_ledger import YEAR

URL = f"/api/v1/communities/fenghe/public?year={YEAR}"


def test_public_benefit_fund_for_the_year(published):
    body = published.get(URL).json
    assert body["year"] == 2026
    assert body["fund"] == {"code": "public_benefit", "name": "公益金", "kind": "public_benefit",
                            # 1000 + 10 + 150 + 20 + 40 + 25 - 20 + 120 + 5 = 1350 in;
                            # 300 (a transfer) + 400 + 200 (楼道灯改造) = 900 out
                            "balance": "450.00", "inflow": "1350.00", "outflow": "900.00"}
    # 兰园: 3000 物业费 - 300 remuneration + 500 停车 in; 800 保洁 out
    trust = {"code": "lanyuan", "name": "兰园共有资金", "kind": "trust", "balance": "2400.00", "inflow": "3200.00",
             "outflow": "800.00"}
    assert body["funds"] == [body["fund"], trust]


NO_SHARES = {"cafe": "0.00", "park": "0.00", "canteen": "0.00", "lanyuan": "0.00"}


@pytest.mark.parametrize("month, inflows, other, outflows, other_out", [
    ("2026-01", {"cafe": "30.00", "park": "150.00", "canteen": "40.00"}, "1000.00", {}, "0.00"),
    ("2026-02", {"cafe": "-20.00", "park": "25.00"}, "0.00", {}, "300.00"),
    ("2026-03", {"cafe": "5.00", "canteen": "120.00"}, "0.00", {}, "0.00"),
    ("2026-04", {}, "0.00", {"lights": "600.00"}, "0.00"),
    ("2026-05", {}, "0.00", {}, "0.00"),
])
def test_months_of_the_fund(published, month, inflows, other, outflows, other_out):
    months = {m["month"]: m for m in published.get(URL).json["months"]}
    row = months[month]
    assert {i["operator"]: i["amount"] for i in row["inflows"]} == {**NO_SHARES, **inflows}
    assert {o["project"]: o["amount"] for o in row["outflows"]} == {"garden": "0.00", "lights": "0.00", **outflows}
    assert (row["other_inflow"], row["other_outflow"]) == (other, other_out)
    total_in = sum(Decimal(v) for v in inflows.values()) + Decimal(other)
    total_out = sum(Decimal(v) for v in outflows.values()) + Decimal(other_out)
    assert (Decimal(row["inflow"]), Decimal(row["outflow"])) == (total_in, total_out)


def test_the_months_add_up_to_the_year(published):
    body = published.get(URL).json
    assert sum(Decimal(m["inflow"]) for m in body["months"]) == Decimal(body["fund"]["inflow"])
    assert sum(Decimal(m["outflow"]) for m in body["months"]) == Decimal(body["fund"]["outflow"])


def test_projects_and_compounds(published):
    body = published.get(URL).json
    assert body["projects"] == [
        {"code": "garden", "name": "共享花园", "fund": "public_benefit", "budget": "500.00", "spent": "0.00",
         "spent_in_year": "0.00"},  # 150.00 approved, not paid
        {"code": "lights", "name": "楼道灯改造", "fund": "public_benefit", "budget": "1000.00", "spent": "600.00",
         "spent_in_year": "600.00"}]
    assert body["compounds"] == [{"code": "lanyuan", "name": "兰园", "fund": "lanyuan"}]
    before = published.get("/api/v1/communities/fenghe/public?year=2025").json
    assert [(p["code"], p["spent"], p["spent_in_year"]) for p in before["projects"]] == [
        ("garden", "0.00", "0.00"), ("lights", "0.00", "0.00")]


def test_a_past_year_lists_every_month_and_nothing_else(published):
    body = published.get("/api/v1/communities/fenghe/public?year=2025").json
    assert [m["month"] for m in body["months"]] == [f"2025-{n:02d}" for n in range(1, 13)]
    assert body["as_of"] == "2025-12-31"
    assert body["fund"]["balance"] == "0.00" and body["fund"]["inflow"] == "0.00"


@pytest.mark.parametrize("code, gross, to_fund", [
    ("cafe", "150.00", "15.00"),  # 100 + 200 - 200 (reversed) + 50
    ("park", "2500.00", "175.00"),
    ("canteen", "1500.00", "160.00"),
])
def test_operators_year(published, code, gross, to_fund):
    operators = {o["code"]: o for o in published.get(URL).json["operators"]}
    assert (operators[code]["gross"], operators[code]["to_fund"], operators[code]["shared"]) == (gross, to_fund, to_fund)


def test_a_compound_is_a_business_whose_shares_go_to_its_own_accounts(published):
    lanyuan = next(o for o in published.get(URL).json["operators"] if o["code"] == "lanyuan")
    # 3000 + 500 gross; shares: 10 % of 物业费 to the remuneration, 100 % of 停车 to the trust fund
    assert (lanyuan["gross"], lanyuan["to_fund"], lanyuan["shared"]) == ("3500.00", "0.00", "800.00")


def test_chain_head_is_the_journal_api_head(published):
    body = published.get(URL).json
    chain = published.get("/api/v1/communities/fenghe/chain").json
    assert body["chain"] == chain and chain["head_seq"] == 15


@pytest.mark.parametrize("query, field", [("year=1999", "year"), ("year=9999", "year"), ("year=abc", "year")])
def test_a_bad_year_is_refused_with_the_field_named(published, query, field):
    response = published.get(f"/api/v1/communities/fenghe/public?{query}")
    assert response.status_code == 422 and field in response.json["errors"]


def test_unknown_community_is_404(published):
    assert published.get("/api/v1/communities/nowhere/public").status_code == 404
    assert published.get("/c/nowhere").status_code == 404


def test_the_public_summary_needs_no_sign_in_and_says_so(published):
    spec = published.get("/api/v1/openapi.json").json
    assert spec["paths"]["/api/v1/communities/{c}/public"]["get"]["security"] == []
