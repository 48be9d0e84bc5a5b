from __future__ import annotations

import pytest

C = "/api/v1/communities/fenghe"


def test_an_operator_gets_its_own_accounts(officer, client):
    r = officer.post(f"{C}/operators", json={"code": "cafe", "name": "邻里咖啡吧", "kind": "cafe",
                                             "settlement": "community_collects"})
    assert r.status_code == 201, r.json
    assert r.json["accounts"] == {"revenue": "501.cafe", "receivable": "112.cafe", "payable": "211.cafe"}
    chart = {a["code"]: a for a in officer.get(f"{C}/accounts").json}
    assert chart["501.cafe"]["parent"] == "501" and chart["501.cafe"]["type"] == "revenue"
    assert chart["112.cafe"]["name"] == "应收款-邻里咖啡吧"
    assert client.get(f"{C}/operators").json == [r.json]  # public list, no login


@pytest.mark.parametrize("change, field", [
    ({"kind": "casino"}, "kind"), ({"settlement": "whoever"}, "settlement"), ({"code": "Café!"}, "code"),
    ({"name": "  "}, "name"), ({"code": ""}, "code"),
])
def test_invalid_operator_is_422(officer, change, field):
    body = {"code": "cafe", "name": "咖啡", "kind": "cafe", "settlement": "community_collects", **change}
    r = officer.post(f"{C}/operators", json=body)
    assert r.status_code == 422 and field in r.json["errors"], r.json
    assert officer.get(f"{C}/operators").json == []


def test_duplicate_operator_is_409(officer):
    body = {"code": "cafe", "name": "咖啡", "kind": "cafe", "settlement": "community_collects"}
    assert officer.post(f"{C}/operators", json=body).status_code == 201
    r = officer.post(f"{C}/operators", json=body)
    assert r.status_code == 409 and r.json["code"] == "already_exists"


def test_only_officers_of_the_community_add_operators(make_user, community, admin):
    admin.post("/api/v1/communities", json={"code": "east", "name": "东"})
    body = {"code": "cafe", "name": "咖啡", "kind": "cafe", "settlement": "community_collects"}
    for user, status in ((make_user("auditor", community), 403), (make_user("approver", community), 403),
                         (make_user("officer", "east"), 403), (admin, 403)):
        assert user.post(f"{C}/operators", json=body).status_code == status
