"""Funds and projects through the API: the public figures, earmarked sub-funds, budgets."""
from __future__ import annotations

from tests.funds.conftest import BASE


def funds_of(client, **query) -> dict[str, dict]:
    r = client.get(f"{BASE}/funds", query_string=query)
    assert r.status_code == 200, r.json
    return {f["code"]: f for f in r.json}


def test_every_community_starts_with_an_empty_public_benefit_fund(community, client):
    assert client.get(f"{BASE}/funds").json == [{
        "code": "public_benefit", "name": "公益金", "kind": "public_benefit", "account": "311.public_benefit",
        "opening": "0.00", "inflow": "0.00", "outflow": "0.00", "balance": "0.00", "committed": "0.00"}]


def test_inflow_and_outflow_within_a_range_and_the_balance_at_its_end(fund_money, make_project, drive, client):
    fund_money("1000.00", on="2026-01-15")
    fund_money("500.00", on="2026-02-10")
    make_project("library", budget="900.00")
    drive({"project": "library", "amount": "300.00"}, "paid", paid_on="2026-02-20")
    drive({"project": "library", "amount": "200.00"}, "paid", paid_on="2026-03-05")
    drive({"project": "library", "amount": "50.00"}, "approved")
    february = funds_of(client, **{"from": "2026-02-01", "to": "2026-02-28"})["public_benefit"]
    assert (february["opening"], february["inflow"], february["outflow"], february["balance"]) == (
        "1000.00", "500.00", "300.00", "1200.00")
    everything = funds_of(client, to="2026-12-31")["public_benefit"]
    assert (everything["inflow"], everything["outflow"], everything["balance"], everything["committed"]) == (
        "1500.00", "500.00", "1000.00", "50.00")
    assert client.get(f"{BASE}/funds", query_string={"from": "2026-03-01", "to": "2026-02-01"}).status_code == 422


def test_officers_add_earmarked_sub_funds_with_their_own_account(officer, client, make_operator, post_income):
    r = officer.post(f"{BASE}/funds", json={"code": "elderly", "name": "敬老专项基金"})
    assert r.status_code == 201, r.json
    assert (r.json["kind"], r.json["account"], r.json["balance"]) == ("earmarked", "311.elderly", "0.00")
    accounts = {a["code"]: a for a in officer.get(f"{BASE}/accounts").json}
    assert accounts["311.elderly"]["parent"] == "311" and accounts["311.elderly"]["name"] == "公积公益金-敬老专项基金"
    # A share may name the new fund by its code.
    make_operator("canteen", kind="canteen", shares=[{"to": "elderly", "percent": "5"}])
    post_income("canteen", "200.00")
    assert funds_of(client)["elderly"]["balance"] == "10.00"


def test_fund_codes_are_checked(officer, auditor, client, written):
    before = written()
    for body, status, field in [({"code": "102", "name": "x"}, 422, "code"),  # would read as an account code
                                ({"code": "Bad", "name": "x"}, 422, "code"),
                                ({"code": "public_benefit", "name": "x"}, 409, "code"),
                                ({"code": "ok", "name": ""}, 422, "name")]:
        r = officer.post(f"{BASE}/funds", json=body)
        assert r.status_code == status and field in r.json["errors"], (body, r.json)
    assert auditor.post(f"{BASE}/funds", json={"code": "x", "name": "x"}).status_code == 403
    assert client.post(f"{BASE}/funds", json={"code": "x", "name": "x"}).status_code == 401
    assert written() == before


def test_a_fund_shows_what_it_paid_by_project(fund_money, make_project, drive, client):
    fund_money("1000.00")
    make_project("library", budget="900.00", name="社区书屋")
    make_project("garden", budget="900.00", name="口袋花园")
    drive({"project": "library", "amount": "100.00"}, "paid", paid_on="2026-03-01")
    drive({"project": "library", "amount": "20.00"}, "paid", paid_on="2026-04-01")
    drive({"project": "garden", "amount": "30.00"}, "paid", paid_on="2026-03-02")
    detail = client.get(f"{BASE}/funds/public_benefit", query_string={"from": "2026-03-01", "to": "2026-03-31"}).json
    assert sorted((o["project"], o["project_name"], o["amount"]) for o in detail["outflows"]) == [
        ("garden", "口袋花园", "30.00"), ("library", "社区书屋", "100.00")]
    assert detail["outflow"] == "130.00"
    assert client.get(f"{BASE}/funds/nope").status_code == 404


def test_projects_list_budget_committed_spent_and_remaining(fund_money, make_project, drive, client):
    fund_money("5000.00")
    make_project("library", budget="1000.00")
    make_project("garden", budget="300.00")
    drive({"project": "library", "amount": "250.00"}, "paid")
    drive({"project": "library", "amount": "100.00"}, "approved")
    drive({"project": "library", "amount": "77.00"}, "submitted")  # neither committed nor spent
    drive({"project": "library", "amount": "66.00"}, "rejected")
    listed = {p["code"]: p for p in client.get(f"{BASE}/projects").json}
    assert {k: listed["library"][k] for k in ("budget", "committed", "spent", "remaining", "fund")} == {
        "budget": "1000.00", "committed": "100.00", "spent": "250.00", "remaining": "650.00",
        "fund": "public_benefit"}
    assert (listed["garden"]["committed"], listed["garden"]["spent"], listed["garden"]["remaining"]) == (
        "0.00", "0.00", "300.00")
    assert "张" not in str(listed)


def test_project_input_is_checked(fund_money, officer, auditor, make_project, written):
    make_project("library")
    before = written()
    for body, status, field in [
            ({"code": "library", "name": "x", "budget": "1.00", "fund": "public_benefit"}, 409, "code"),
            ({"code": "new", "name": "x", "budget": "1.00", "fund": "nope"}, 422, "fund"),
            ({"code": "new", "name": "x", "budget": "-1.00", "fund": "public_benefit"}, 422, "budget"),
            ({"code": "New Project", "name": "x", "budget": "1.00", "fund": "public_benefit"}, 422, "code"),
            ({"code": "new", "budget": "1.00", "fund": "public_benefit"}, 422, "name")]:
        r = officer.post(f"{BASE}/projects", json=body)
        assert r.status_code == status and field in r.json["errors"], (body, r.json)
    assert auditor.post(f"{BASE}/projects", json={"code": "a", "name": "a", "budget": "1.00",
                                                  "fund": "public_benefit"}).status_code == 403
    r = officer.post(f"{BASE}/projects/library/budget", json={"budget": "10.00"})
    assert r.status_code == 422 and "reason" in r.json["errors"]
    assert officer.post(f"{BASE}/projects/nope/budget", json={"budget": "1.00", "reason": "x"}).status_code == 404
    assert written() == before


def test_a_budget_change_records_who_and_why(make_project, officer, client):
    make_project("library", budget="1000.00")
    r = officer.post(f"{BASE}/projects/library/budget", json={"budget": "1500.00", "reason": "居民议事会 3 月决议"})
    assert r.status_code == 201, r.json
    assert (r.json["budget"], r.json["remaining"]) == ("1500.00", "1500.00")
    change = r.json["change"]
    assert (change["budget_before"], change["budget_after"], change["reason"], change["changed_by"]) == (
        "1000.00", "1500.00", "居民议事会 3 月决议", officer.username)
    public = client.get(f"{BASE}/projects/library").json["budget_changes"]
    assert [(c["budget_before"], c["budget_after"], c["reason"]) for c in public] == [
        ("1000.00", "1500.00", "居民议事会 3 月决议")]
    assert "changed_by" not in public[0]
