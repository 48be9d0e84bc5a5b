"""Fetching files from the API, and reading them back, for the export tests."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import load_workbook

BASE = "/api/v1/communities/fenghe"
INJECTION = '=HYPERLINK("http://example.com","click")'


@dataclass
class Download:
    status: int
    headers: dict
    data: bytes
    streamed: bool

    @property
    def json(self):
        import json
        return json.loads(self.data)


def download(user, path: str) -> Download:
    """GET a file and close the response (it holds a temporary file or a stream)."""
    response = user.get(path)
    try:
        streamed = response.is_streamed  # before reading: reading buffers it
        return Download(response.status_code, dict(response.headers), response.get_data(), streamed)
    finally:
        response.close()


def workbook(data: bytes, **kwargs):
    return load_workbook(io.BytesIO(data), **kwargs)


def yuan(value) -> Decimal:
    """A money cell (or API decimal string) as exact yuan; empty is zero."""
    return Decimal("0.00") if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.01"))


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def journal_items(user, query: str = "") -> list[dict]:
    """Every transaction the journal API lists, following next_cursor."""
    items, cursor = [], None
    while True:
        sep = "&" if query else ""
        r = user.get(f"{BASE}/journal?{query}{sep}limit=5" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status_code == 200, r.json
        items += r.json["items"]
        cursor = r.json["next_cursor"]
        if cursor is None:
            return items


def posting_lines(items: list[dict]) -> list[tuple]:
    """(seq, line, account, debit, credit, hash) of every posting the journal API gave."""
    return sorted((tx["seq"], p["line_no"], p["account"], yuan(p.get("debit")), yuan(p.get("credit")), tx["hash"])
                  for tx in items for p in tx["postings"])
