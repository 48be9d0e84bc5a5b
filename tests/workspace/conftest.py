"""Fixtures of the web workspace: signed-in browsers-in-a-test-client, and a live server
with Chromium for the browser tests.

``web`` clients keep their own cookies (session, language), fetch a CSRF token from a
page the way a browser would, and send it with every form unless told not to.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from werkzeug.serving import make_server

from ledger import create_app, db
from ledger.auth import services as auth
from ledger.communities.services import create_community
from tests.workspace.pages import PASSWORD, Web, text_of

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch):
    """Argon2 with its production cost takes most of a second per hash on a small machine,
    and these tests sign in hundreds of times: use the same algorithm at its lowest cost."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def web(app):
    """web() -> a fresh, signed-out browser."""
    return lambda: Web(app)


@pytest.fixture
def person(app, web):
    """person(role, *communities, username=...) -> a browser signed in as a new user."""
    def make(role: str, *communities: str, username: str | None = None) -> Web:
        name = username or f"{role}-web"
        with app.app_context(), db.unit_of_work(app) as session:
            auth.create_user(session, name, role, created_by="system", password=PASSWORD,
                             communities=list(communities))
        browser = web()
        response = browser.sign_in(name)
        assert response.status_code == 303, text_of(response)
        return browser
    return make


@pytest.fixture
def clerk(person, community):
    """A finance officer of fenghe, signed in."""
    return person("officer", community, username="clerk")


@pytest.fixture
def cafe(make_operator):
    """The café of fenghe: the community collects; 10 % of gross goes to the public-benefit fund."""
    return make_operator("cafe", name="邻里咖啡吧", percent="10")


@pytest.fixture
def count(app):
    """count(Model) -> rows in its table now (to show that a refused form wrote nothing)."""
    def rows(model) -> int:
        with app.app_context(), db.unit_of_work(app, write=False) as session:
            return session.execute(select(func.count()).select_from(model)).scalar_one()
    return rows


# -- the live server and Chromium --------------------------------------------------------
@pytest.fixture
def live_server(sqlite_template, tmp_path):
    """The app served on a free localhost port over a SQLite file, with fenghe, an officer,
    an admin and the café (10 % to the public-benefit fund) in it."""
    path = tmp_path / "live.sqlite3"
    shutil.copyfile(sqlite_template, path)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "INSTANCE_DIR": str(tmp_path / "instance"),
                      "SECRET_KEY": "live-secret"})
    with app.app_context(), db.unit_of_work(app) as session:
        auth.ensure_system_user(session)
        create_community(session, "fenghe", "风和社区", created_by="system")
        auth.create_user(session, "clerk", "officer", created_by="system", password=PASSWORD, communities=["fenghe"])
        auth.create_user(session, "root", "admin", created_by="system", password=PASSWORD)
    _seed_cafe(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    db.engine(app).dispose()


def _seed_cafe(app) -> None:
    from ledger.agreements.services import create_agreement
    from ledger.communities.models import Community
    from ledger.operators.services import create_operator
    from datetime import date
    with app.app_context(), db.unit_of_work(app) as session:
        fenghe = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
        create_operator(session, fenghe, "cafe", "邻里咖啡吧", "cafe", "community_collects", created_by="system")
        create_agreement(session, fenghe, {"operator": "cafe", "effective_from": date(2020, 1, 1),
                                           "shares": [{"to": "public_benefit", "percent": "10"}]},
                         created_by="system")


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        if os.environ.get("LEDGER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing (LEDGER_REQUIRE_BROWSER=1)")
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context (no cookies) on a phone-sized screen, opened on the live server."""
    context = chromium.new_context(base_url=live_server, viewport={"width": 375, "height": 740}, locale="zh-CN")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
