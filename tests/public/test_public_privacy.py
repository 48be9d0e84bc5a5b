"""Nothing private on any public page or public JSON: crawl everything the home page
links to (in both languages, every journal page and filter), call every public GET of
the API, and look for the private values entered with the demo ledger's incomes."""
from __future__ import annotations

import json
import re
from collections import deque
from html import unescape
from urllib.parse import urljoin, urlsplit

from tests.public.demo_ledger import PRIVATE, YEAR

# The home pages, and what the journal's filter form would ask for (a crawler sends no forms).
START = [f"/c/fenghe?year={YEAR}", f"/c/fenghe?year={YEAR}&lang=en", "/c/fenghe", "/c/fenghe/journal?limit=3",
         "/c/fenghe/journal?operator=cafe&limit=2", "/c/fenghe/journal?month=2026-01&limit=2&lang=en",
         "/c/fenghe/journal?month=2026-02&operator=park"]
FILL = {"c": ["fenghe"], "seq": [str(n) for n in range(1, 11)], "code": ["cafe", "park", "canteen"]}


def readable(response) -> str:
    """The response as a person or a program reads it: JSON decoded (\\u escapes undone)."""
    if response.is_json:
        return json.dumps(response.get_json(), ensure_ascii=False)
    return unescape(response.get_data(as_text=True))


def links(base: str, html: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        url = urljoin(base, unescape(href))
        parts = urlsplit(url)
        years = [int(y) for y in re.findall(r"year=(\d+)", parts.query)]
        if any(y < int(YEAR) - 1 for y in years):  # earlier years are empty: the year links go back to 2000
            continue
        if not parts.netloc and parts.path.startswith(("/c/", "/api/")) and "/static/" not in parts.path:
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client, limit: int = 400) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(START)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = readable(response)
        if response.mimetype == "text/html":
            queue.extend(links(url, response.get_data(as_text=True)))
    assert not queue, "the crawl stopped early"
    return seen


def public_api_paths(client) -> list[str]:
    """Every public GET of the OpenAPI document, its path parameters filled in."""
    spec = client.get("/api/v1/openapi.json").json
    paths = []
    for template, operations in spec["paths"].items():
        get = operations.get("get")
        if get is None or get.get("security") != [] or template.endswith(".xlsx"):
            continue
        expanded = [template]
        for name in re.findall(r"{(\w+)}", template):
            expanded = [p.replace("{" + name + "}", value) for p in expanded for value in FILL.get(name, [])]
        paths.extend(expanded)
    return paths


def test_the_crawl_reaches_every_kind_of_public_page(published):
    pages = crawl(published)
    paths = {urlsplit(url).path for url in pages}
    assert {"/c/fenghe", "/c/fenghe/journal", "/c/fenghe/operators/cafe", "/c/fenghe/operators/park",
            "/c/fenghe/operators/canteen", "/api/v1/communities/fenghe/public",
            "/api/v1/communities/fenghe/journal", "/api/v1/communities/fenghe/chain"} <= paths
    assert any("cursor=" in url for url in pages) and any("operator=" in url for url in pages)
    assert any("lang=en" in url for url in pages) and any("lang=zh" in url for url in pages)


def test_no_private_value_on_any_public_page(published):
    for url, text in crawl(published).items():
        leaked = [value for value in PRIVATE if value in text]
        assert not leaked, f"{url} shows {leaked}"


def test_no_private_value_in_any_public_json(published):
    paths = public_api_paths(published)
    assert "/api/v1/communities/fenghe/public" in paths and "/api/v1/communities/fenghe/transactions/3" in paths
    for path in paths + [f"/api/v1/communities/fenghe/public?year={YEAR}"]:
        response = published.get(path)
        if response.status_code == 404:  # a filled-in code this endpoint does not know
            continue
        assert response.status_code == 200, path
        text = readable(response)
        leaked = [value for value in PRIVATE if value in text]
        assert not leaked, f"{path} shows {leaked}"


def test_the_private_values_were_really_entered(published):
    """The search above can fail: an officer reading the incomes sees every value."""
    # the officer of the demo app is the only user with a token: read through the app directly
    from ledger import db
    from ledger.incomes.models import Income
    from sqlalchemy import select
    app = published.application
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        stored = " ".join(" ".join(filter(None, row)) for row in session.execute(
            select(Income.payer, Income.note, Income.reference)))
    assert all(value in stored for value in PRIVATE if value != "138-1234-5678") and "138-1234-5678" in stored
