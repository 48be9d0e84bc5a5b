"""Nothing private on any public page, public JSON or public download: crawl everything
the home page links to (in both languages, every journal page and filter, the project
and compound pages and the disclosure workbooks), call every public GET of the API,
and look for the private values entered with the demo ledger's incomes, payments and
compound (payers, notes, references, payees' names and phone numbers)."""
from __future__ import annotations

import io
import json
import re
from collections import deque
from html import unescape
from urllib.parse import urljoin, urlsplit

from openpyxl import load_workbook

from tests.public import demo_projects
from tests.public.demo_ledger import PRIVATE as PRIVATE_INCOMES, YEAR

PRIVATE = PRIVATE_INCOMES + demo_projects.PRIVATE
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The home pages, and what the journal's filter form would ask for (a crawler sends no forms).
START = [f"/c/fenghe?year={YEAR}", f"/c/fenghe?year={YEAR}&lang=en", "/c/fenghe", "/c/fenghe/journal?limit=3",
         "/c/fenghe/journal?operator=cafe&limit=2", "/c/fenghe/journal?month=2026-01&limit=2&lang=en",
         "/c/fenghe/journal?month=2026-02&operator=park", "/c/fenghe/compounds/lanyuan?month=2026-04",
         "/c/fenghe/compounds/lanyuan?month=2026-04&lang=en"]
FILL = {"c": ["fenghe"], "seq": [str(n) for n in range(1, 16)],
        "code": ["cafe", "park", "canteen", "lanyuan", "lights", "garden", "public_benefit"], "k": ["lanyuan"]}
QUERY = {"statement": "?month=2026-04", "consistency": "?from=1"}  # what a path ending so requires


def readable(response) -> str:
    """The response as a person or a program reads it: JSON decoded (\\u escapes undone),
    a workbook's every cell, on every sheet."""
    if response.is_json:
        return json.dumps(response.get_json(), ensure_ascii=False)
    if response.mimetype == XLSX:
        workbook = load_workbook(io.BytesIO(response.data))
        return "\n".join(str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                         for value in row if value is not None)
    return unescape(response.get_data(as_text=True))


def links(base: str, html: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        url = urljoin(base, unescape(href))
        parts = urlsplit(url)
        years = [int(y) for y in re.findall(r"year=(\d+)", parts.query)]
        if any(y < int(YEAR) - 1 for y in years):  # earlier years are empty: the year links go back to 2000
            continue
        if any(m < f"{YEAR}-01" for m in re.findall(r"month=(\d{4}-\d{2})", parts.query)):  # so are earlier months
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
        paths.extend(p + QUERY.get(p.rsplit("/", 1)[-1], "") for p in expanded)
    return paths


def test_the_crawl_reaches_every_kind_of_public_page(published):
    pages = crawl(published)
    paths = {urlsplit(url).path for url in pages}
    assert {"/c/fenghe", "/c/fenghe/journal", "/c/fenghe/operators/cafe", "/c/fenghe/operators/park",
            "/c/fenghe/operators/canteen", "/api/v1/communities/fenghe/public",
            "/api/v1/communities/fenghe/journal", "/api/v1/communities/fenghe/chain"} <= paths
    assert {"/c/fenghe/projects/lights", "/c/fenghe/projects/garden", "/c/fenghe/compounds/lanyuan",
            "/api/v1/communities/fenghe/compounds/lanyuan/disclosure.xlsx"} <= paths
    assert any("disclosure.xlsx?month=2026-04" in url for url in pages)
    assert "137****1111" in pages["/c/fenghe/compounds/lanyuan?month=2026-04"]  # a payee, masked
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
    from ledger.disbursements.models import Disbursement
    from ledger.incomes.models import Income
    from ledger.journal.models import ReversalReason
    from sqlalchemy import select
    app = published.application
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        stored = " ".join(" ".join(filter(None, row)) for query in (
            select(Income.payer, Income.note, Income.reference), select(Disbursement.payee, Disbursement.note),
            select(ReversalReason.reason))
            for row in session.execute(query))
    assert all(value in stored for value in PRIVATE)
