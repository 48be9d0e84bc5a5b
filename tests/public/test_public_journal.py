"""The public journal: keyset pages newest first, filters by month and operator, each
page read through indexes (the demo ledger of tests/public/demo_ledger.py)."""
from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, select

from ledger import db
from ledger.communities.models import Community
from ledger.core.errors import ValidationFailed
from ledger.operators.services import get_operator
from ledger.public import journal


@pytest.fixture(scope="module")
def reader(published):
    """A read-only session on the published demo ledger, with its community."""
    app = published.application
    with app.app_context():
        session = db.new_session(app, write=False)
        community = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
        yield app, session, community
        session.rollback()
        session.close()


def walk(session, community, limit, **filters) -> list[list[int]]:
    """Every page, following next_cursor, as lists of seqs."""
    pages, cursor = [], None
    while True:
        page = journal.page(session, community, cursor=cursor, limit=limit, **filters)
        pages.append([e.seq for e in page.entries])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


@pytest.mark.parametrize("limit, pages", [
    (3, [[15, 14, 13], [12, 11, 10], [9, 8, 7], [6, 5, 4], [3, 2, 1]]),
    (5, [[15, 14, 13, 12, 11], [10, 9, 8, 7, 6], [5, 4, 3, 2, 1]]),
    (50, [list(range(15, 0, -1))]),
])
def test_pages_newest_first_without_gaps_or_repeats(reader, limit, pages):
    _, session, community = reader
    assert walk(session, community, limit) == pages


@pytest.mark.parametrize("operator, month, limit, pages", [
    (None, "2026-02", 2, [[8, 7], [6]]),
    (None, "2026-04", 4, [[15, 14, 13, 12], [11]]),
    ("lanyuan", None, 5, [[14, 12]]),
    ("cafe", None, 2, [[10, 4], [2]]),  # its incomes; the reversal (7) is not an income
    ("cafe", "2026-01", 5, [[4, 2]]),
    ("park", None, 5, [[6, 3]]),
    ("canteen", "2026-02", 5, [[]]),
])
def test_filters(reader, operator, month, limit, pages):
    _, session, community = reader
    chosen = get_operator(session, community, operator) if operator else None
    first = date.fromisoformat(month + "-01") if month else None
    assert walk(session, community, limit, operator=chosen, month=first) == pages


def test_an_entry_shows_its_postings_and_reversal_links(reader):
    _, session, community = reader
    entries = {e.seq: e for e in journal.page(session, community, limit=50).entries}
    assert entries[4].reversed_by == 7 and entries[7].reverses == 4
    assert entries[3].amount == 15000  # the operator keeps the till: Dr its receivable 150.00
    assert [(line.account, line.amount) for line in entries[3].lines] == [("112.park", 15000),
                                                                          ("311.public_benefit", -15000)]
    assert all(sum(line.amount for line in e.lines) == 0 for e in entries.values())


@pytest.mark.parametrize("cursor, operator", [("yesterday:3", None), ("2026-01-06", None),
                                              ("2026-01-06:3", "cafe"), ("2026-01-07:3", "park")])
def test_a_foreign_cursor_is_refused(reader, cursor, operator):
    _, session, community = reader
    chosen = get_operator(session, community, operator) if operator else None
    with pytest.raises(ValidationFailed) as caught:
        journal.page(session, community, cursor=cursor, operator=chosen)
    assert "cursor" in caught.value.errors


@pytest.mark.parametrize("query, status", [("month=2026-13", 422), ("month=March", 422), ("operator=nobody", 404),
                                           ("cursor=x", 422), ("month=2026-01&operator=cafe", 200)])
def test_journal_page_answers_bad_queries_with_an_error_page(published, query, status):
    response = published.get(f"/c/fenghe/journal?{query}")
    assert response.status_code == status
    assert response.mimetype == "text/html"


def test_journal_page_lists_seq_date_amount_and_hash(published):
    html = published.get("/c/fenghe/journal?lang=en").get_data(as_text=True)
    assert re.findall(r'data-seq="(\d+)"', html) == [str(n) for n in range(15, 0, -1)]
    head = published.get("/api/v1/communities/fenghe/chain").json
    assert head["head_hash"] in html
    assert '<data class="amount" value="150.00">¥150.00</data>' in html
    older = published.get("/c/fenghe/journal?operator=cafe&month=2026-01").get_data(as_text=True)
    assert re.findall(r'data-seq="(\d+)"', older) == ["4", "2"]


@contextmanager
def statements(app):
    seen = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))
    engine = db.engine(app)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def plan(session, statement, parameters) -> str:
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return "\n".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # the tables are tiny: ask what indexes allow
    return "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))


@pytest.mark.parametrize("operator, month, cursor", [
    (None, None, None), (None, None, "2026-01-25:5"), (None, "2026-01", "2026-01-20:4"),
    ("cafe", None, None), ("cafe", None, "2026-03-08:10"), ("park", "2026-02", None),
])
def test_every_page_query_reads_through_an_index(reader, operator, month, cursor):
    app, session, community = reader
    chosen = get_operator(session, community, operator) if operator else None
    first = date.fromisoformat(month + "-01") if month else None
    with statements(app) as seen:
        journal.page(session, community, operator=chosen, month=first, cursor=cursor, limit=3)
    plans = [plan(session, s, p) for s, p in seen]
    assert plans
    for text in plans:
        assert not re.search(r"^SCAN (journal_transaction|income|posting)\b", text, re.M), text  # SQLite
        assert "TEMP B-TREE" not in text, text  # SQLite: no sort of the whole filtered set
        assert not re.search(r"Seq Scan on (journal_transaction|income|posting)", text), text  # PostgreSQL
    session.rollback()
