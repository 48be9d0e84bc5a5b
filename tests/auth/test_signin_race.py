"""Sign-in throttling under real concurrency: many wrong passwords for one user sent at
the same moment, each from its own browser session, to a live multi-threaded server.
Every attempt is counted before its password is checked, so at most the allowed number
of them are checked (401) and the rest wait (429), on both databases."""
from __future__ import annotations

import http.client
import re
import threading
from urllib.parse import urlencode

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from werkzeug.serving import make_server

from ledger import db
from ledger.auth import services as auth
from ledger.auth.models import LoginAttempt

ATTEMPTS = 40
PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def live(app, monkeypatch):
    """The app on a free port, one thread per request; a user with a password. Hashes cost
    a few tens of milliseconds each: long enough for checks to overlap, light enough for
    forty at once."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=2, memory_cost=8192, parallelism=1))
    with app.app_context(), db.unit_of_work(app) as session:
        auth.create_user(session, "clerk", "officer", created_by="system", password=PASSWORD)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(timeout=10)


class Browser:
    """One session: a cookie and the CSRF token of its sign-in page."""

    def __init__(self, port: int):
        self.port = port
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", "/login")
        response = connection.getresponse()
        self.cookie = response.getheader("Set-Cookie").split(";")[0]
        self.token = _TOKEN.search(response.read().decode()).group(1)
        connection.close()

    def sign_in(self, password: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        body = urlencode({"username": "clerk", "password": password, "csrf_token": self.token})
        connection.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie})
        status = connection.getresponse().status
        connection.close()
        return status


def test_simultaneous_wrong_passwords_get_at_most_the_allowed_checks(app, live):
    browsers = [Browser(live) for _ in range(ATTEMPTS)]
    start = threading.Barrier(ATTEMPTS)
    statuses: list[int] = []

    def guess(browser: Browser, n: int) -> None:
        start.wait()
        statuses.append(browser.sign_in(f"wrong guess {n}"))

    threads = [threading.Thread(target=guess, args=(b, n)) for n, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    allowed = app.config["LEDGER"]["LOGIN_FAILURES_ALLOWED"]
    assert len(statuses) == ATTEMPTS and set(statuses) <= {401, 429}, statuses
    assert statuses.count(401) <= allowed, statuses
    assert statuses.count(429) >= ATTEMPTS - allowed
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        counted = session.execute(select(func.count()).select_from(LoginAttempt)).scalar_one()
    assert counted == statuses.count(401)  # every checked attempt was counted, no refused one
    assert Browser(live).sign_in(PASSWORD) == 429  # even the right password waits now


def test_the_right_password_alone_signs_in_and_is_recorded_as_such(app, live):
    assert Browser(live).sign_in(PASSWORD) == 303
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        attempts = session.execute(select(LoginAttempt.username, LoginAttempt.succeeded)).all()
    assert [tuple(a) for a in attempts] == [("clerk", True)]
