"""Signing in and out: session login with CSRF, wrong passwords throttled through the
database (so every app process sees the same count), and a way back to the page asked for."""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import update

from ledger import create_app, db
from ledger.auth import services as auth
from ledger.timeutil import utcnow
from ledger.auth.models import LoginAttempt
from ledger.auth.throttle import Policy
from tests.workspace.pages import PASSWORD, Web, text_of


@pytest.fixture
def clerk_account(app, community):
    with app.app_context(), db.unit_of_work(app) as session:
        auth.create_user(session, "clerk", "officer", created_by="system", password=PASSWORD, communities=[community])
    return "clerk"


def test_signing_in_lands_in_the_community_and_says_who_and_where(web, clerk_account):
    browser = web()
    assert browser.sign_in("clerk").location == "/w/"
    landing = browser.get("/w/", follow_redirects=True)
    shown = text_of(landing)
    assert "当前用户：clerk（财务人员）" in shown and "社区：风和社区" in shown


def test_the_page_asked_for_is_opened_after_signing_in_but_never_another_site(web, clerk_account):
    asked = web().get("/w/fenghe/periods?month=2026-01")
    assert asked.location == "/login?next=/w/fenghe/periods?month%3D2026-01"
    assert web().post("/login", {"username": "clerk", "password": PASSWORD,
                                 "next": "/w/fenghe/periods?month=2026-01"}).location == "/w/fenghe/periods?month=2026-01"
    for target in ("https://evil.example/w/", "//evil.example/w/", "/login", "/w\\..\\x"):
        assert web().post("/login", {"username": "clerk", "password": PASSWORD, "next": target}).location == "/w/"


def test_a_wrong_password_is_refused_and_the_username_kept_but_not_the_password(web, clerk_account):
    response = web().sign_in("clerk", "wrong password!")
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "用户名或密码错误" in text_of(response)
    assert 'value="clerk"' in page and "wrong password!" not in page


def test_an_unknown_user_or_a_deactivated_one_gets_the_same_answer(app, web, clerk_account):
    assert web().sign_in("nobody").status_code == 401
    with app.app_context(), db.unit_of_work(app) as session:
        auth.set_active(session, auth.get_user(session, "clerk"), False, changed_by="system")
    response = web().sign_in("clerk")
    assert response.status_code == 401 and "用户名或密码错误" in text_of(response)


def test_signing_in_without_the_csrf_token_is_refused(web, clerk_account, count):
    response = web().post("/login", {"username": "clerk", "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert count(LoginAttempt) == 0


def test_signing_out_needs_the_form_and_ends_the_session(web, clerk_account):
    browser = web()
    browser.sign_in("clerk")
    assert browser.post("/logout", csrf=False).status_code == 400
    assert browser.get("/w/fenghe/").status_code == 200
    assert browser.post("/logout").status_code == 303
    assert browser.get("/w/fenghe/").status_code == 303


def test_five_wrong_passwords_in_a_row_make_the_next_attempt_wait(web, clerk_account, count):
    browser = web()
    for _ in range(5):
        assert browser.sign_in("clerk", "not the password").status_code == 401
    refused = browser.sign_in("clerk")  # even the right password must wait now
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 25 < wait <= 30  # 30 seconds after the fifth wrong password
    assert f"连续输错密码次数过多，请 {wait} 秒后再试" in text_of(refused)
    assert count(LoginAttempt) == 5  # the refused attempt was not even checked


def test_the_count_is_shared_by_every_app_process(app, database_url, web, clerk_account, tmp_path):
    for _ in range(5):
        web().sign_in("clerk", "wrong")
    other = create_app({"DATABASE_URL": database_url, "INSTANCE_DIR": str(tmp_path / "other"),
                        "SECRET_KEY": "test-secret", "TESTING": True})
    try:
        assert Web(other).sign_in("clerk").status_code == 429
    finally:
        db.engine(other).dispose()


def test_wrong_passwords_from_one_address_slow_down_every_username_from_it(web, clerk_account):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        web().sign_in(name, "guess")
    assert web().sign_in("clerk").status_code == 429
    # The same user from another address is not held up by someone else's guesses.
    assert web().sign_in("clerk", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 303


def age_attempts(app, seconds: int) -> None:
    """Pretend the recorded attempts were made ``seconds`` earlier."""
    with app.app_context(), db.unit_of_work(app) as session:
        session.execute(update(LoginAttempt).values(created_at=utcnow() - timedelta(seconds=seconds)))


def test_after_the_wait_one_more_try_and_the_next_wait_is_twice_as_long(app, web, clerk_account):
    for _ in range(5):
        web().sign_in("clerk", "wrong")
    age_attempts(app, 31)
    assert web().sign_in("clerk", "still wrong").status_code == 401
    refused = web().sign_in("clerk")
    assert refused.status_code == 429 and 55 < int(refused.headers["Retry-After"]) <= 60
    age_attempts(app, 61)
    assert web().sign_in("clerk").status_code == 303  # the right password, once allowed


def test_a_successful_sign_in_ends_the_run(app, web, clerk_account):
    for _ in range(4):
        web().sign_in("clerk", "wrong")
    assert web().sign_in("clerk").status_code == 303
    for _ in range(4):
        web().sign_in("clerk", "wrong")
    assert web().sign_in("clerk").status_code == 303


@given(allowed=st.integers(1, 10), base=st.integers(1, 120), cap=st.integers(1, 7200),
       failures=st.integers(0, 200))
def test_the_delay_is_zero_before_the_limit_then_doubles_up_to_the_cap(allowed, base, cap, failures):
    policy = Policy(allowed, base, cap)
    delay = policy.delay(failures)
    if failures < allowed:
        assert delay == 0
    else:
        assert delay == min(cap, base * 2 ** (failures - allowed))
        assert policy.delay(failures + 1) >= delay


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(database_url, clerk_account, tmp_path):
    proxied = create_app({"DATABASE_URL": database_url, "INSTANCE_DIR": str(tmp_path / "proxied"),
                          "SECRET_KEY": "test-secret", "TESTING": True, "PROXY_HOPS": 1})
    try:
        def attempt(username: str, client: str, password: str = "guess"):
            return Web(proxied).sign_in(username, password, headers={"X-Forwarded-For": client})
        for name in ("b1", "b2", "b3", "b4", "b5"):
            assert attempt(name, "203.0.113.7").status_code == 401
        assert attempt("b6", "203.0.113.7").status_code == 429
        assert attempt("clerk", "198.51.100.2", PASSWORD).status_code == 303  # another client behind the same proxy
    finally:
        db.engine(proxied).dispose()
