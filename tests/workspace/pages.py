"""Driving the workspace pages from tests: a browser-like client and what a reader sees."""
from __future__ import annotations

import re
from html import unescape

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Web:
    """One person's browser, driven through Flask's test client."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self._token: str | None = None

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def token(self) -> str:
        if self._token is None:
            self._token = csrf_token(self.client.get("/login"))
        return self._token

    def post(self, path: str, data: dict | None = None, *, csrf: bool = True, **kwargs):
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf_token", self.token())
        return self.client.post(path, data=form, **kwargs)

    def sign_in(self, username: str, password: str = PASSWORD, **kwargs):
        response = self.post("/login", {"username": username, "password": password}, **kwargs)
        self._token = None  # signing in starts a new session, with a new CSRF secret
        return response


def csrf_token(response) -> str:
    found = _TOKEN.search(response.get_data(as_text=True))
    assert found, "the page has no CSRF token"
    return found.group(1)


def text_of(response) -> str:
    """The page's text without tags, whitespace collapsed: what a reader sees."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def field_errors(response, key: str) -> list[str]:
    """The messages shown next to a field (error keys like "shares.0.to" name the field)."""
    anchor = f'id="f-{key.replace(".", "-")}-error">'
    html = response.get_data(as_text=True)
    if anchor not in html:
        return []
    block = html.split(anchor, 1)[1].split("</ul>", 1)[0]
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", block, flags=re.S)]
