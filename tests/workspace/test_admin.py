"""Administrators: users, roles, community scopes, API tokens (shown once, revoked at
once) and communities."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from ledger.auth.models import ApiToken, User, UserCommunity
from ledger.communities.models import Community
from ledger.timeutil import utcnow
from tests.workspace.pages import field_errors, text_of

USERS = "/w/admin/users"


@pytest.fixture
def root(person):
    return person("admin", username="root2")


def user_page(root, username: str) -> str:
    listing = root.get(USERS).get_data(as_text=True)
    return re.search(rf'href="(/w/admin/users/\d+)">{username}<', listing).group(1)


def test_adding_a_user_with_a_role_and_communities(root, community, web):
    response = root.post(USERS, {"username": "li.na", "display_name": "李娜", "role": "officer",
                                 "password": "a long enough secret", "communities": [community]})
    assert response.status_code == 303
    assert "已添加用户 li.na" in text_of(root.get(response.location))
    browser = web()
    assert browser.sign_in("li.na", "a long enough secret").status_code == 303
    assert "当前用户：李娜（财务人员）" in text_of(browser.get("/w/fenghe/"))


@pytest.mark.parametrize("data, status, field, message", [
    ({"username": "Li Na", "role": "officer"}, 422, "username", "2-64 个字符"),
    ({"username": "lina", "role": "officer", "password": "short"}, 422, "password", "密码至少需要 10 个字符"),
    ({"username": "lina", "role": "boss"}, 422, "role", "须为以下之一"),
    ({"username": "root2", "role": "officer"}, 409, "username", "已存在"),
])
def test_a_refused_user_keeps_the_form_and_writes_nothing(root, community, count, data, status, field, message):
    users = count(User)
    response = root.post(USERS, {"display_name": "李娜", "communities": [community], **data})
    assert response.status_code == status
    assert any(message in m for m in field_errors(response, field)), text_of(response)
    page = response.get_data(as_text=True)
    assert 'value="李娜"' in page and f'value="{community}" checked' in page
    assert "short" not in re.findall(r'name="password"[^>]*>', page)[0]
    assert count(User) == users and count(UserCommunity) == 0


def test_changing_a_role_and_the_community_scope_takes_effect_at_once(root, person, make_community, community):
    make_community("yuelu", "悦麓社区")
    clerk = person("officer", community, username="clerk")
    page = user_page(root, "clerk")
    assert root.post(f"{page}/communities", {"community": "yuelu"}).status_code == 303
    assert clerk.get("/w/yuelu/incomes").status_code == 200
    assert root.post(f"{page}/communities/fenghe/removal").status_code == 303
    assert clerk.get("/w/fenghe/incomes").status_code == 403
    assert root.post(f"{page}/role", {"role": "auditor"}).status_code == 303
    assert clerk.get("/w/yuelu/incomes").status_code == 403
    assert clerk.get("/w/yuelu/audit").status_code == 200


def test_an_admin_cannot_lock_themselves_out(root):
    page = user_page(root, "root2")
    demoted = root.post(f"{page}/role", {"role": "officer"})
    assert demoted.status_code == 422 and "不能取消自己的管理员角色" in text_of(demoted)
    deactivated = root.post(f"{page}/active", {"active": "0"})
    assert deactivated.status_code == 422 and "不能停用自己" in text_of(deactivated)
    assert root.get(USERS).status_code == 200


def test_deactivating_a_user_signs_them_out(root, person, community):
    clerk = person("officer", community, username="clerk")
    assert root.post(f"{user_page(root, 'clerk')}/active", {"active": "0"}).status_code == 303
    assert clerk.get("/w/fenghe/incomes").status_code == 303  # back to the sign-in page


def test_a_password_set_by_the_admin_replaces_the_old_one(root, person, community, web):
    clerk = person("officer", community, username="clerk")
    page = user_page(root, "clerk")
    refused = root.post(f"{page}/password", {"password": "short"})
    assert refused.status_code == 422 and field_errors(refused, "password") == ["密码至少需要 10 个字符"]
    assert root.post(f"{page}/password", {"password": "another long secret"}).status_code == 303
    assert clerk.get("/w/fenghe/incomes").status_code == 303  # the old session ended
    assert web().sign_in("clerk", "another long secret").status_code == 303


def test_a_token_is_shown_once_works_and_stops_at_once_when_revoked(root, person, community, client, count):
    person("officer", community, username="clerk")
    page = user_page(root, "clerk")
    created = root.post(f"{page}/tokens", {"label": "收银机"})
    assert created.status_code == 201
    assert created.headers["Cache-Control"] == "no-store"
    token = re.search(r'data-testid="token-value">([^<]+)<', created.get_data(as_text=True)).group(1)
    api = "/api/v1/communities/fenghe/incomes"
    assert client.get(api, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    later = root.get(page).get_data(as_text=True)
    assert token not in later and token[:12] in later and "收银机" in later
    revoke = re.search(rf'action="({page}/tokens/\d+/revocation)"', later).group(1)
    assert root.post(revoke).status_code == 303
    assert client.get(api, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert count(ApiToken) == 1


def test_a_token_of_another_user_cannot_be_revoked_through_this_user(root, person, community, admin, count):
    person("officer", community, username="clerk")
    own = user_page(root, "clerk")
    root.post(f"{own}/tokens", {"label": "x"})
    other = user_page(root, "root")  # the API admin of the shared fixtures has a token too
    listing = root.get(own).get_data(as_text=True)
    token_id = re.search(rf'action="{own}/tokens/(\d+)/revocation"', listing).group(1)
    assert root.post(f"{other}/tokens/{token_id}/revocation").status_code == 404


def test_communities_are_created_with_their_chart_and_fund(root, count):
    response = root.post("/w/admin/communities", {"code": "yuelu", "name": "悦麓社区"})
    assert response.status_code == 303
    assert "已创建社区 悦麓社区" in text_of(root.get(response.location))
    refused = root.post("/w/admin/communities", {"code": "yuelu", "name": "重复"})
    assert refused.status_code == 409 and field_errors(refused, "code") == ["已存在"]
    assert count(Community) == 1


def test_an_admin_lands_on_the_user_list(root):
    assert root.get("/w/").location == USERS


def test_a_token_shows_when_it_expires_and_can_be_made_for_fewer_days(root, person, community):
    person("officer", community, username="clerk")
    page = user_page(root, "clerk")
    created = root.post(f"{page}/tokens", {"label": "收银机", "expires_in": "30"})
    assert created.status_code == 201
    expiry = (utcnow() + timedelta(days=30)).strftime("%Y-%m-%d")
    assert f"有效期至 {expiry}" in text_of(created)
    refused = root.post(f"{page}/tokens", {"label": "x", "expires_in": "0"})
    assert refused.status_code == 422 and field_errors(refused, "expires_in")


def test_every_token_is_listed_and_revoked_in_one_place(root, person, community, client, admin):
    person("officer", community, username="clerk")
    page = user_page(root, "clerk")
    created = root.post(f"{page}/tokens", {"label": "收银机"}).get_data(as_text=True)
    token = re.search(r'data-testid="token-value">([^<]+)<', created).group(1)
    listing = root.get("/w/admin/tokens")
    assert listing.status_code == 200
    shown = text_of(listing)
    assert "clerk" in shown and "收银机" in shown and "root" in shown and "有效" in shown
    assert token not in listing.get_data(as_text=True)
    token_id = re.search(r'data-testid="token-(\d+)"><td>clerk<', listing.get_data(as_text=True)).group(1)
    assert root.post(f"/w/admin/tokens/{token_id}/revocation").status_code == 303
    assert client.get("/api/v1/communities/fenghe/incomes",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 401
    after = root.get("/w/admin/tokens").get_data(as_text=True)
    row = re.search(rf'data-testid="token-{token_id}">(.*?)</tr>', after, re.S).group(1)
    assert "由 root2 吊销" in row and "revocation" not in row  # no button for a revoked token


def test_only_an_admin_sees_the_tokens(person, community, web):
    clerk = person("officer", community, username="clerk")
    assert clerk.get("/w/admin/tokens").status_code == 403
    assert clerk.post("/w/admin/tokens/1/revocation").status_code == 403
    assert web().get("/w/admin/tokens").status_code == 303
