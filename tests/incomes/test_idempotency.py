"""Idempotency-Key on income creation."""
from __future__ import annotations

C = "/api/v1/communities/fenghe"
BODY = {"operator": "cafe", "amount": "18.00", "channel": "wechat", "occurred_on": "2026-03-03", "payer": "李四"}


def post(user, body, key, community="fenghe"):
    return user.post(f"/api/v1/communities/{community}/incomes", json=body, headers={"Idempotency-Key": key})


def test_same_key_and_body_returns_the_first_answer_and_writes_nothing(officer, client, make_operator):
    make_operator("cafe", percent="8")
    first = post(officer, BODY, "pos-7f3a-0001")
    again = post(officer, BODY, "pos-7f3a-0001")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert len(officer.get(f"{C}/incomes").json["items"]) == 1
    assert client.get(f"{C}/chain").json["head_seq"] == 1


def test_same_key_with_another_body_is_a_conflict(officer, client, make_operator):
    make_operator("cafe", percent="8")
    post(officer, BODY, "k-1")
    r = post(officer, {**BODY, "amount": "18.01"}, "k-1")
    assert r.status_code == 409 and r.json["code"] == "idempotency_conflict"
    assert client.get(f"{C}/chain").json["head_seq"] == 1


def test_keys_are_scoped_to_the_community(admin, make_user, make_operator, client):
    admin.post("/api/v1/communities", json={"code": "east", "name": "东社区"})
    make_operator("cafe", percent="8")
    officer = make_user("officer", "fenghe", "east")
    officer.post("/api/v1/communities/east/operators",
                 json={"code": "cafe", "name": "cafe", "kind": "cafe", "settlement": "community_collects"})
    officer.post("/api/v1/communities/east/agreements", json={
        "operator": "cafe", "effective_from": "2020-01-01", "shares": [{"to": "public_benefit", "percent": "8"}]})
    assert post(officer, BODY, "shared-key").status_code == 201
    assert post(officer, BODY, "shared-key", community="east").headers.get("Idempotent-Replayed") is None
    assert client.get("/api/v1/communities/east/chain").json["head_seq"] == 1


def test_a_refused_request_does_not_use_up_its_key(officer, make_operator):
    make_operator("cafe", percent="8")
    assert post(officer, {**BODY, "operator": "nobody"}, "k-2").status_code == 422
    assert post(officer, BODY, "k-2").status_code == 201


def test_a_malformed_key_is_refused(officer, make_operator):
    make_operator("cafe", percent="8")
    r = post(officer, BODY, "x" * 201)
    assert r.status_code == 422 and "Idempotency-Key" in r.json["errors"]
