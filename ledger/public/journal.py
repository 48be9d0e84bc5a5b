"""The public journal: every transaction, newest first, one keyset page at a time.

A page is found by walking an index backwards from the cursor and stopping after
``limit`` rows, so the first page and the ten-thousandth cost the same:

- all transactions, or one month: ``journal_transaction`` (community_id, occurred_on, seq);
- one operator's incomes: ``income`` (operator_id, occurred_on, id), each joined to its
  transaction by primary key.

The cursor is ``"<date>:<seq>"`` of the last transaction shown. Postings, and which
transaction reverses which, are then read for the page's transactions only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, tuple_
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import ValidationFailed
from ledger.core.masking import public_description
from ledger.core.periods import month_end
from ledger.fields import Cursor, format_cursor, read_value
from ledger.incomes.models import Income
from ledger.journal.models import Account, JournalTransaction as Tx, Posting
from ledger.operators.models import Operator


@dataclass(frozen=True, slots=True)
class Line:
    account: str
    name: str
    amount: int  # signed fen, debit > 0


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    occurred_on: date
    description: str  # as the public reads it (core.masking.public_description)
    source: str
    hash: str
    lines: tuple[Line, ...]
    reverses: int | None  # seq of the transaction this one reverses
    reversed_by: int | None  # seq of the transaction that reverses this one

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.lines if line.amount > 0)


@dataclass(frozen=True, slots=True)
class Page:
    entries: tuple[Entry, ...]
    next_cursor: str | None


_COLUMNS = (Tx.id, Tx.seq, Tx.occurred_on, Tx.description, Tx.source, Tx.hash, Tx.reverses_id)


def page(session: Session, community: Community, *, month: date | None = None,
         operator: Operator | None = None, cursor: str | None = None, limit: int = 50) -> Page:
    after = read_value(Cursor(dated=True), "cursor", cursor)
    if operator is None:
        rows = _all(session, community, month, after, limit + 1)
    else:
        rows = _of_operator(session, community, operator, month, after, limit + 1)
    more, rows = len(rows) > limit, rows[:limit]
    entries = _entries(session, rows)
    last = entries[-1] if more and entries else None
    return Page(entries, format_cursor((last.occurred_on, last.seq)) if last else None)


def _all(session: Session, community: Community, month: date | None, after: tuple[date, int] | None,
         limit: int) -> list:
    query = select(*_COLUMNS).where(Tx.community_id == community.id)
    if month is not None:
        query = query.where(Tx.occurred_on.between(month, month_end(month)))
    if after is not None:
        query = query.where(Tx.occurred_on <= after[0], tuple_(Tx.occurred_on, Tx.seq) < after)
    return list(session.execute(query.order_by(Tx.occurred_on.desc(), Tx.seq.desc()).limit(limit)))


def _of_operator(session: Session, community: Community, operator: Operator, month: date | None,
                 after: tuple[date, int] | None, limit: int) -> list:
    query = select(*_COLUMNS).select_from(Income).join(Tx, Tx.id == Income.transaction_id).where(
        Income.operator_id == operator.id)
    if month is not None:
        query = query.where(Income.occurred_on.between(month, month_end(month)))
    if after is not None:
        position = _income_position(session, community, operator, after)
        query = query.where(Income.occurred_on <= position[0], tuple_(Income.occurred_on, Income.id) < position)
    return list(session.execute(query.order_by(Income.occurred_on.desc(), Income.id.desc()).limit(limit)))


def _income_position(session: Session, community: Community, operator: Operator,
                     after: tuple[date, int]) -> tuple[date, int]:
    """The (date, income id) of the cursor's transaction, found by its seq."""
    found = session.execute(select(Income.occurred_on, Income.id).join(Tx, Tx.id == Income.transaction_id).where(
        Tx.community_id == community.id, Tx.seq == after[1], Income.operator_id == operator.id)).first()
    if found is None or found[0] != after[0]:
        raise ValidationFailed.on("cursor", "not a cursor of this operator's journal")
    return found[0], found[1]



def _entries(session: Session, rows: list) -> tuple[Entry, ...]:
    ids = [row.id for row in rows]
    if not ids:
        return ()
    lines: dict[int, list[Line]] = {tx_id: [] for tx_id in ids}
    for tx_id, code, name, amount in session.execute(
            select(Posting.transaction_id, Account.code, Account.name, Posting.amount)
            .join(Account, Account.id == Posting.account_id)
            .where(Posting.transaction_id.in_(ids)).order_by(Posting.transaction_id, Posting.line_no)):
        lines[tx_id].append(Line(code, name, amount))
    reversed_by = dict(session.execute(select(Tx.reverses_id, Tx.seq).where(Tx.reverses_id.in_(ids))).all())
    targets = {row.reverses_id for row in rows if row.reverses_id is not None}
    reverses = dict(session.execute(select(Tx.id, Tx.seq).where(Tx.id.in_(targets))).all()) if targets else {}
    return tuple(Entry(row.seq, row.occurred_on,
                       public_description(row.source, row.description, reverses.get(row.reverses_id)),
                       row.source, row.hash, tuple(lines[row.id]),
                       reverses.get(row.reverses_id), reversed_by.get(row.id)) for row in rows)


def entry(session: Session, community: Community, seq: int) -> Entry | None:
    """One transaction of the journal by its seq, or None."""
    rows = list(session.execute(select(*_COLUMNS).where(Tx.community_id == community.id, Tx.seq == seq)))
    return _entries(session, rows)[0] if rows else None
