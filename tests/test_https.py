"""HTTPS behind a reverse proxy: Secure cookies and Strict-Transport-Security when the
request came over HTTPS (as a trusted proxy says) or when the settings say the
deployment is HTTPS only; neither over plain HTTP by default."""
from __future__ import annotations

import pytest

from ledger import create_app, db

HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


@pytest.fixture
def make_app(database_url, tmp_path, monkeypatch):
    """make_app(**settings, env={...}) -> an app on the test's database."""
    made = []

    def make(env: dict | None = None, **settings):
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        app = create_app({"DATABASE_URL": database_url, "INSTANCE_DIR": str(tmp_path / f"i{len(made)}"),
                          "SECRET_KEY": "x", **settings})
        made.append(app)
        return app
    yield make
    for app in made:
        db.engine(app).dispose()


def cookies(response) -> dict[str, str]:
    """Each cookie set, by name: its whole Set-Cookie header."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def secure(header: str) -> bool:
    return "secure" in [part.strip().lower() for part in header.split(";")]


def test_plain_http_by_default(make_app):
    response = make_app().test_client().get("/login?lang=en")
    assert set(cookies(response)) == {"session", "lang"}
    assert not any(secure(c) for c in cookies(response).values())
    assert "Strict-Transport-Security" not in response.headers


def test_behind_a_trusted_proxy_an_https_request_gets_secure_cookies_and_hsts(make_app):
    app = make_app(env={"LEDGER_PROXY_HOPS": "1"})
    response = app.test_client().get("/login?lang=en", headers=HTTPS)
    assert set(cookies(response)) == {"session", "lang"} and all(secure(c) for c in cookies(response).values())
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    api = app.test_client().get("/api/v1/communities/nowhere", headers=HTTPS)
    assert api.headers["Strict-Transport-Security"] == "max-age=31536000"  # every answer, errors too
    plain = app.test_client().get("/login", headers={"X-Forwarded-Proto": "http"})
    assert not secure(cookies(plain)["session"]) and "Strict-Transport-Security" not in plain.headers


def test_an_untrusted_proxy_header_changes_nothing(make_app):
    response = make_app().test_client().get("/login", headers=HTTPS)
    assert not secure(cookies(response)["session"])
    assert "Strict-Transport-Security" not in response.headers


def test_the_settings_can_say_https_only(make_app):
    app = make_app(env={"LEDGER_SESSION_COOKIE_SECURE": "true", "LEDGER_HSTS_SECONDS": "600"})
    response = app.test_client().get("/login")
    assert secure(cookies(response)["session"])
    assert response.headers["Strict-Transport-Security"] == "max-age=600"


def test_the_settings_can_turn_both_off(make_app):
    app = make_app(env={"LEDGER_PROXY_HOPS": "1", "LEDGER_SESSION_COOKIE_SECURE": "false",
                        "LEDGER_HSTS_SECONDS": "0"})
    response = app.test_client().get("/login", headers=HTTPS)
    assert not secure(cookies(response)["session"])
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("value", ["sometimes", "ja"])
def test_a_setting_that_means_nothing_is_refused_at_start(make_app, value):
    with pytest.raises(ValueError, match="SESSION_COOKIE_SECURE"):
        make_app(env={"LEDGER_SESSION_COOKIE_SECURE": value})


def test_signing_in_over_https_keeps_the_session_secure(make_app):
    from ledger.auth import services as auth
    app = make_app(PROXY_HOPS=1)
    with app.app_context(), db.unit_of_work(app) as session:
        auth.create_user(session, "clerk", "officer", created_by="system", password="a long password")
    client = app.test_client()
    page = client.get("/login", headers=HTTPS).get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post("/login", data={"username": "clerk", "password": "a long password",
                                           "csrf_token": token},
                           headers={**HTTPS, "Referer": "https://localhost/login"})  # CSRF checks it over HTTPS
    assert response.status_code == 303 and secure(cookies(response)["session"])
