"""Journal invariants over random sequences of postings, reversals and month closes.

Each example builds a fresh community, drives it through the API, and compares what the
ledger answers with a book kept here in plain Python (sums of the postings made).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings, strategies as st
from sqlalchemy import delete, select, update

from ledger import db
from ledger.cli import main
from ledger.communities.models import Community
from ledger.journal import balances
from ledger.journal.models import Account, JournalTransaction, Posting
from tests.entries import fen, signed, yuan

START, END = date(2024, 1, 1), date(2024, 4, 30)
MONTHS = [date(2024, month, 1) for month in range(1, 5)]
ACCOUNTS = ("101", "102.basic", "112", "211", "301", "501", "514")
# Each example is a community built through the API: a dozen per test keeps the suite fast, and
# failures are reported as generated, since shrinking examples this costly would take minutes.
DB_SETTINGS = settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
days = st.dates(min_value=START, max_value=END)
_codes = itertools.count(1)


@st.composite
def balanced_lines(draw) -> list[tuple[str, int]]:
    """1-3 debits, and their total split into 1-3 credits, on random accounts (repeats allowed)."""
    debits = draw(st.lists(st.integers(1, 10**9), min_size=1, max_size=3))
    total = sum(debits)
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), max_size=2, unique=True))) if total > 1 else []
    credits = [high - low for low, high in zip([0, *cuts], [*cuts, total])]
    amounts = [*debits, *(-credit for credit in credits)]
    accounts = draw(st.lists(st.sampled_from(ACCOUNTS), min_size=len(amounts), max_size=len(amounts)))
    return list(zip(accounts, amounts))


posting = st.tuples(st.just("post"), days, balanced_lines())
operations = st.lists(st.one_of(
    posting, posting,  # twice as many postings as reversals or closes
    st.tuples(st.just("reverse"), st.integers(0, 100), days),
    st.tuples(st.just("close"), st.sampled_from(MONTHS)),
), min_size=1, max_size=14)


@dataclass
class Book:
    """What the journal must hold, kept without the ledger's code."""
    transactions: dict[int, tuple[date, list[tuple[str, int]]]] = field(default_factory=dict)
    originals: list[int] = field(default_factory=list)  # seqs that are not reversals
    reversed: set[int] = field(default_factory=set)
    closed: date | None = None

    def add(self, day: date, lines: list[tuple[str, int]], *, reverses: int | None = None) -> int:
        seq = len(self.transactions) + 1
        self.transactions[seq] = (day, lines)
        if reverses is None:
            self.originals.append(seq)
        else:
            self.reversed.add(reverses)
        return seq

    def is_closed(self, day: date) -> bool:
        return self.closed is not None and day.replace(day=1) <= self.closed

    def balance(self, account: str, day: date) -> int:
        return sum(amount for when, lines in self.transactions.values() if when <= day
                   for code, amount in lines if code == account)

    def movements(self, account: str, start: date, end: date) -> tuple[int, int]:
        amounts = [amount for when, lines in self.transactions.values() if start <= when <= end
                   for code, amount in lines if code == account]
        return sum(a for a in amounts if a > 0), -sum(a for a in amounts if a < 0)


def body(day: date, lines: list[tuple[str, int]]) -> dict:
    return {"occurred_on": day.isoformat(), "description": "random entry",
            "postings": [{"account": code, "debit": yuan(amount)} if amount > 0 else
                         {"account": code, "credit": yuan(-amount)} for code, amount in lines]}


def run(ops, book: Book, officer, path: str, database_state) -> None:
    """Apply the operations through the API, predicting each answer from the book."""
    for op in ops:
        before = database_state()
        if op[0] == "post":
            _, day, lines = op
            response = officer.post(f"{path}/transactions", json=body(day, lines))
            expected = ("period_closed", None) if book.is_closed(day) else (None, lambda: book.add(day, lines))
        elif op[0] == "reverse":
            _, pick, day = op
            if not book.originals:
                continue
            seq = book.originals[pick % len(book.originals)]
            response = officer.post(f"{path}/transactions/{seq}/reversal",
                                    json={"reason": "random reversal", "occurred_on": day.isoformat()})
            negated = [(code, -amount) for code, amount in book.transactions[seq][1]]
            expected = (("already_reversed", None) if seq in book.reversed else
                        ("period_closed", None) if book.is_closed(day) else
                        (None, lambda: book.add(day, negated, reverses=seq)))
        else:
            _, month = op
            response = officer.post(f"{path}/periods/{month:%Y-%m}/close")
            closable = book.closed is None or month == (book.closed + timedelta(days=31)).replace(day=1)
            expected = (None, lambda: setattr(book, "closed", month)) if closable else ("period_not_closable", None)
        error, apply = expected
        event(f"{op[0]}: {error or 'accepted'}")
        if error is None:
            assert response.status_code == 201, (op, response.json)
            apply()
            if "seq" in response.json:
                assert response.json["seq"] == len(book.transactions)
        else:
            assert (response.status_code, response.json["code"]) == (409, error), (op, response.json)
            assert database_state() == before


def read_journal(client, path: str) -> dict[int, dict]:
    found, cursor = {}, None
    while True:
        answer = client.get(f"{path}/journal", query_string={"limit": 7, **({"cursor": cursor} if cursor else {})}).json
        for tx in answer["items"]:
            assert tx["seq"] not in found
            found[tx["seq"]] = tx
        cursor = answer["next_cursor"]
        if cursor is None:
            return found


def check_dates(book: Book) -> list[date]:
    """Every date a balance can change on, the day before it, and every month's first and last day:
    balances are step functions of the date, so these cover every value they take."""
    dates = {START - timedelta(days=1), END + timedelta(days=1)}
    for when, _ in book.transactions.values():
        dates |= {when, when - timedelta(days=1)}
    for first in MONTHS:
        dates |= {first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)}
    return sorted(dates)


@pytest.fixture
def fresh_community(app, make_community, make_user):
    """fresh_community() -> (code, officer): a new community for each example."""
    def make():
        code = f"p{next(_codes)}"
        make_community(code, code)
        return code, make_user("officer", code)
    return make


@DB_SETTINGS
@given(ops=operations, window=st.lists(days, min_size=2, max_size=2).map(sorted))
def test_journal_invariants(app, client, fresh_community, database_state, ops, window):
    code, officer = fresh_community()
    path = f"/api/v1/communities/{code}"
    book = Book()
    run(ops, book, officer, path, database_state)

    # every transaction sums to zero, and the journal holds exactly what was posted
    journal = read_journal(client, path)
    assert sorted(journal) == sorted(book.transactions)
    for seq, tx in journal.items():
        lines = [(p["account"], signed(p)) for p in tx["postings"]]
        assert sum(amount for _, amount in lines) == 0
        assert (date.fromisoformat(tx["occurred_on"]), sorted(lines)) == (book.transactions[seq][0],
                                                                          sorted(book.transactions[seq][1]))

    # the trial balance balances and agrees with the book, over the whole span and a random window
    for start, end in [(START, END), tuple(window)]:
        answer = officer.get(f"{path}/trial-balance", query_string={"from": start.isoformat(), "to": end.isoformat()}).json
        totals = answer["totals"]
        assert (totals["opening_debit"], totals["debit"], totals["closing_debit"]) == (
            totals["opening_credit"], totals["credit"], totals["closing_credit"])
        rows = {row["account"]: (fen(row["opening_debit"]) - fen(row["opening_credit"]), fen(row["debit"]),
                                 fen(row["credit"]), fen(row["closing_debit"]) - fen(row["closing_credit"]))
                for row in answer["rows"]}
        expected = {}
        for account in ACCOUNTS:
            opening = book.balance(account, start - timedelta(days=1))
            debit, credit = book.movements(account, start, end)
            if opening or debit or credit:
                expected[account] = (opening, debit, credit, book.balance(account, end))
        assert rows == expected, (start, end)

    # balance at a date (last snapshot + postings since) equals the full recompute, at every date
    with app.app_context():
        session = db.new_session(app, write=False)
        try:
            community = session.execute(select(Community).where(Community.code == code)).scalar_one()
            accounts = {a.code: a for a in session.execute(
                select(Account).where(Account.community_id == community.id, Account.code.in_(ACCOUNTS))).scalars()}
            for day in check_dates(book):
                everything = balances.balances_at(session, community, day)
                for account in ACCOUNTS:
                    expected = book.balance(account, day)
                    assert balances.balance_at(session, community, accounts[account], day) == expected, (account, day)
                    assert everything.get(accounts[account].id, 0) == expected, (account, day)
        finally:
            session.close()

    # the chain verifies
    verification = officer.get(f"{path}/chain/verification").json
    assert (verification["ok"], verification["head_seq"]) == (True, len(book.transactions))


# -- tampering with any stored field breaks the chain at that seq ---------------------------
TX = JournalTransaction.__table__
POSTING = Posting.__table__


def _first_posting(connection, tx_id: int):
    return connection.execute(select(POSTING).where(POSTING.c.transaction_id == tx_id)
                              .order_by(POSTING.c.line_no).limit(1)).one()


def tamper(connection, community_id: int, seq: int, what: str) -> None:
    """Change one stored field of transaction ``seq`` directly in the database."""
    tx = connection.execute(select(TX).where(TX.c.community_id == community_id, TX.c.seq == seq)).one()
    row = update(TX).where(TX.c.id == tx.id)
    if what == "description":
        connection.execute(row.values(description=tx.description + "."))
    elif what == "occurred_on":
        connection.execute(row.values(occurred_on=tx.occurred_on + timedelta(days=1)))
    elif what == "created_by":
        connection.execute(row.values(created_by="mallory"))
    elif what == "created_at":
        connection.execute(row.values(created_at=tx.created_at + timedelta(microseconds=1)))
    elif what == "source":
        connection.execute(row.values(source="opening" if tx.source != "opening" else "transfer"))
    elif what == "hash":
        connection.execute(row.values(hash=("0" if tx.hash[0] != "0" else "1") + tx.hash[1:]))
    else:
        posting = _first_posting(connection, tx.id)
        target = update(POSTING).where(POSTING.c.id == posting.id)
        if what == "posting amount":
            connection.execute(target.values(amount=posting.amount + 1))
        elif what == "posting account":
            other = connection.execute(select(Account.id).where(
                Account.community_id == community_id, Account.id != posting.account_id).limit(1)).scalar_one()
            connection.execute(target.values(account_id=other))
        elif what == "deleted posting":
            connection.execute(delete(POSTING).where(POSTING.c.id == posting.id))
        elif what == "posting date copy":
            connection.execute(target.values(occurred_on=posting.occurred_on - timedelta(days=40)))
        else:
            raise AssertionError(what)


FIELDS = ["description", "occurred_on", "created_by", "created_at", "source", "posting amount",
          "posting account", "deleted posting", "posting date copy", "hash"]


@DB_SETTINGS
@given(entries=st.lists(st.tuples(days, balanced_lines()), min_size=1, max_size=6),
       reversals=st.lists(st.integers(0, 5), max_size=3),
       pick=st.integers(0, 100), what=st.sampled_from(FIELDS))
def test_changing_any_stored_field_breaks_the_chain_there(app, client, runner, fresh_community, database_state,
                                                         entries, reversals, pick, what):
    code, officer = fresh_community()
    path = f"/api/v1/communities/{code}"
    ops = [("post", day, lines) for day, lines in entries] + [("reverse", i, END) for i in reversals]
    book = Book()
    run(ops, book, officer, path, database_state)
    good = runner.invoke(main, ["verify", "--community", code])
    assert good.exit_code == 0, good.output

    seq = pick % len(book.transactions) + 1
    with db.engine(app).begin() as connection:
        community_id = connection.execute(select(Community.id).where(Community.code == code)).scalar_one()
        tamper(connection, community_id, seq, what)

    broken = runner.invoke(main, ["verify", "--community", code])
    assert broken.exit_code == 1, broken.output
    assert f"BROKEN at seq {seq}:" in broken.output
    assert officer.get(f"{path}/chain/verification").json["broken_seq"] == seq
