"""Communities: created by an administrator, public to read, each with its own chart and chain."""
import pytest

COMMUNITIES = "/api/v1/communities"
# The first-level codes of 村集体经济组织会计制度 (2023) the design names, with their types.
SEEDED = [
    ("101", "库存现金", "asset", None),
    ("102", "银行存款", "asset", None),
    ("112", "应收款", "asset", None),
    ("211", "应付款", "liability", None),
    ("311", "公积公益金", "equity", None),
    ("311.public_benefit", "公积公益金-公益金", "equity", "311"),
    ("501", "经营收入", "revenue", None),
    ("514", "公益支出", "expense", None),
]


def test_admin_creates_a_community(admin, client):
    response = admin.post(COMMUNITIES, json={"code": "fenghe", "name": " 风和社区 "})
    assert response.status_code == 201, response.json
    assert (response.json["code"], response.json["name"], response.json["allow_unsplit_income"]) == (
        "fenghe", "风和社区", False)
    public = client.get(f"{COMMUNITIES}/fenghe")
    assert public.status_code == 200 and public.json == response.json


def test_a_new_community_has_its_chart_of_accounts(admin, make_user):
    admin.post(COMMUNITIES, json={"code": "fenghe", "name": "风和社区"})
    chart = make_user("auditor", "fenghe").get(f"{COMMUNITIES}/fenghe/accounts").json
    accounts = {a["code"]: (a["code"], a["name"], a["type"], a["parent"]) for a in chart}
    assert [accounts.get(code) for code, *_ in SEEDED] == SEEDED


def test_a_new_community_starts_its_chain_at_genesis(admin, client):
    admin.post(COMMUNITIES, json={"code": "fenghe", "name": "风和社区"})
    assert client.get(f"{COMMUNITIES}/fenghe/chain").json == {"head_seq": 0, "head_hash": "0" * 64}


def test_each_community_keeps_its_own_chart(admin, make_user):
    for code in ("fenghe", "hexie"):
        admin.post(COMMUNITIES, json={"code": code, "name": code})
    officer = make_user("officer", "fenghe")
    assert officer.post(f"{COMMUNITIES}/fenghe/accounts",
                        json={"code": "501.cafe", "name": "咖啡吧", "type": "revenue"}).status_code == 201
    other = make_user("auditor", "hexie").get(f"{COMMUNITIES}/hexie/accounts").json
    assert "501.cafe" not in {a["code"] for a in other}


def test_duplicate_community_is_409(admin, database_state):
    admin.post(COMMUNITIES, json={"code": "fenghe", "name": "风和社区"})
    before = database_state()
    response = admin.post(COMMUNITIES, json={"code": "fenghe", "name": "另一个"})
    assert (response.status_code, response.json["code"]) == (409, "already_exists")
    assert database_state() == before


@pytest.mark.parametrize("role, status, code", [
    ("officer", 403, "forbidden"), ("auditor", 403, "forbidden"), ("approver", 403, "forbidden"),
    (None, 401, "not_authenticated"),
])
def test_only_an_admin_creates_communities(make_user, community, client, database_state, role, status, code):
    caller = make_user(role, community) if role else client
    before = database_state()
    response = caller.post(COMMUNITIES, json={"code": "hexie", "name": "和谐社区"})
    assert (response.status_code, response.json["code"]) == (status, code)
    assert database_state() == before


@pytest.mark.parametrize("body, field", [
    ({"code": "Fenghe", "name": "风和"}, "code"),
    ({"code": "", "name": "风和"}, "code"),
    ({"code": "-fenghe", "name": "风和"}, "code"),
    ({"code": "a" * 33, "name": "风和"}, "code"),
    ({"code": "feng he", "name": "风和"}, "code"),
    ({"code": 7, "name": "风和"}, "code"),
    ({"name": "风和"}, "code"),
    ({"code": "fenghe"}, "name"),
    ({"code": "fenghe", "name": "   "}, "name"),
    ({"code": "fenghe", "name": "风和\x00"}, "name"),
    ({"code": "fenghe", "name": "风和\ud800"}, "name"),
    ({"code": "fenghe", "name": "风" * 201}, "name"),
])
def test_invalid_community_is_422(admin, database_state, body, field):
    before = database_state()
    response = admin.post(COMMUNITIES, json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert database_state() == before


@pytest.mark.parametrize("path", ["nowhere", "nowhere/chain", "nowhere/journal", "%00"])
def test_unknown_community_is_404(client, path):
    response = client.get(f"{COMMUNITIES}/{path}")
    assert (response.status_code, response.json["code"]) == (404, "not_found")
