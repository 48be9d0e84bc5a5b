"""Every path that writes through the split accumulator, the chain head and the
idempotency record, as worked ledgers: an income and its reversal, a declaration with a
loss under a minimum and its correction, a remittance, and a replayed request."""
from __future__ import annotations

FENGHE = "/api/v1/communities/fenghe"


def balance(user, account: str, as_of: str = "2026-12-31") -> str:
    r = user.get(f"{FENGHE}/accounts/{account}/balance?as_of={as_of}")
    assert r.status_code == 200, r.json
    return r.json["balance"]


def test_a_reversal_gives_the_period_back_so_later_incomes_stay_exact(officer, make_operator, post_income):
    make_operator("cafe", percent="10")
    # 0.05 at 10 % is 0.005: the first income rounds up to 0.01, the second adds nothing.
    first = post_income("cafe", "0.05", "2026-03-02")
    assert first["shares"] == [{"to": "public_benefit", "amount": "0.01"}]
    r = officer.post(f"{FENGHE}/incomes/{first['id']}/reversal", json={"reason": "entered twice",
                                                                     "occurred_on": "2026-03-03"})
    assert r.status_code == 201, r.json
    assert r.json["amount"] == "-0.05" and r.json["shares"] == [{"to": "public_benefit", "amount": "-0.01"}]
    # The period is back at 0.00, so 0.05 + 0.05 = 0.10 gives exactly 0.01 in all.
    second = post_income("cafe", "0.05", "2026-03-04")
    third = post_income("cafe", "0.05", "2026-03-05")
    assert [second["shares"][0]["amount"], third["shares"][0]["amount"]] == ["0.01", "0.00"]
    assert balance(officer, "311.public_benefit") == "0.01"
    assert officer.post(f"{FENGHE}/incomes/{first['id']}/reversal", json={"reason": "again"}).status_code == 409


def test_a_loss_declares_the_minimum_and_a_correction_posts_only_the_difference(officer, make_operator):
    make_operator("canteen", settlement="operator_collects", kind="canteen", percent="10", basis="net_profit",
                  minimum="500.00")
    r = officer.post(f"{FENGHE}/declarations", json={
        "operator": "canteen", "period": "2026-03", "revenue": "8000.00",
        "costs": [{"category": "rent", "amount": "9000.00"}], "occurred_on": "2026-04-02"})
    assert r.status_code == 201, r.json
    assert r.json["profit"] == "-1000.00" and r.json["correction"] is False
    assert r.json["posted"] == [{"to": "public_benefit", "amount": "500.00"}]
    r = officer.post(f"{FENGHE}/declarations", json={
        "operator": "canteen", "period": "2026-03", "revenue": "20000.00",
        "costs": [{"category": "rent", "amount": "10000.00"}], "occurred_on": "2026-04-09"})
    assert r.status_code == 201, r.json
    # 10 % of 10,000.00 is 1,000.00 due; 500.00 was posted already.
    assert r.json["correction"] is True and r.json["due"] == [{"to": "public_benefit", "amount": "1000.00"}]
    assert r.json["posted"] == [{"to": "public_benefit", "amount": "500.00"}]
    assert balance(officer, "112.canteen") == "1000.00"
    r = officer.post(f"{FENGHE}/remittances", json={"operator": "canteen", "amount": "600.00", "channel": "bank",
                                                    "occurred_on": "2026-04-10"})
    assert r.status_code == 201, r.json
    assert balance(officer, "112.canteen") == "400.00"
    assert balance(officer, "102.basic") == "600.00"


def test_a_replayed_income_writes_nothing_and_another_body_under_its_key_conflicts(officer, make_operator, client):
    make_operator("cafe", percent="8")
    body = {"operator": "cafe", "occurred_on": "2026-02-01", "amount": "100.05", "channel": "wechat"}
    first = officer.post(f"{FENGHE}/incomes", json=body, headers={"Idempotency-Key": "till-0001"})
    assert first.status_code == 201, first.json
    head = client.get(f"{FENGHE}/chain").json
    again = officer.post(f"{FENGHE}/incomes", json=body, headers={"Idempotency-Key": "till-0001"})
    assert again.status_code == 201 and again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    other = officer.post(f"{FENGHE}/incomes", json={**body, "amount": "100.06"},
                         headers={"Idempotency-Key": "till-0001"})
    assert other.status_code == 409 and "Idempotency-Key" in other.json["errors"]
    assert client.get(f"{FENGHE}/chain").json == head
    # 8 % of 100.05 is 8.004: 8.00 to the fund, 92.05 to the café.
    assert first.json["shares"] == [{"to": "public_benefit", "amount": "8.00"}]
    assert first.json["remainder"] == {"to": "501.cafe", "amount": "92.05"}
