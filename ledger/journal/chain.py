"""Reading the journal back: pages of transactions, the chain head, verification.

Reads stream in seq order with a bounded buffer, so verifying or exporting ten million
transactions takes constant memory.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from typing import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import NotFound
from ledger.core.chain import GENESIS, Break, ChainRecord, find_break
from ledger.journal.models import Account, ChainHead, JournalTransaction, Posting

STREAM_BATCH = 5000


@dataclass(frozen=True, slots=True)
class PostingView:
    line_no: int
    account: str
    account_name: str
    amount: int  # signed fen


@dataclass(frozen=True, slots=True)
class TransactionView:
    id: int
    seq: int
    occurred_on: date
    description: str
    source: str
    reverses: int | None
    created_at: datetime
    created_by: str
    hash: str
    postings: tuple[PostingView, ...]

    def record(self, community_code: str) -> ChainRecord:
        return ChainRecord(self.seq, community_code, self.occurred_on, self.description, self.source,
                           self.reverses, self.created_at, self.created_by,
                           tuple((p.account, p.amount) for p in self.postings))


def head(session: Session, community: Community) -> ChainHead:
    return session.get(ChainHead, community.id)


_Reversed = aliased(JournalTransaction)
_COLUMNS = (JournalTransaction.id, JournalTransaction.seq, JournalTransaction.occurred_on,
            JournalTransaction.description, JournalTransaction.source, _Reversed.seq,
            JournalTransaction.created_at, JournalTransaction.created_by, JournalTransaction.hash,
            Posting.line_no, Account.code, Account.name, Posting.amount)


def _posting_rows(*conditions, order) -> "select":
    return (select(*_COLUMNS)
            .join(Posting, Posting.transaction_id == JournalTransaction.id)
            .join(Account, Account.id == Posting.account_id)
            .outerjoin(_Reversed, _Reversed.id == JournalTransaction.reverses_id)
            .where(*conditions).order_by(*order, Posting.line_no))


def _assemble(rows) -> Iterator[TransactionView]:
    for _, group in groupby(rows, key=lambda row: row[0]):
        group = list(group)
        first = group[0]
        yield TransactionView(first[0], first[1], first[2], first[3], first[4], first[5], first[6],
                              first[7], first[8],
                              tuple(PostingView(r[9], r[10], r[11], r[12]) for r in group))


def stream_transactions(session: Session, community: Community, *, start: date | None = None,
                        end: date | None = None, from_seq: int = 1,
                        through_seq: int | None = None) -> Iterator[TransactionView]:
    """Every transaction (with postings) in seq order, streamed."""
    conditions = [JournalTransaction.community_id == community.id, JournalTransaction.seq >= from_seq]
    if through_seq is not None:
        conditions.append(JournalTransaction.seq <= through_seq)
    if start is not None:
        conditions.append(JournalTransaction.occurred_on >= start)
    if end is not None:
        conditions.append(JournalTransaction.occurred_on <= end)
    # Core rows on the session's connection: no ORM loading step per row, same transaction.
    result = session.connection().execute(_posting_rows(*conditions, order=(JournalTransaction.seq,)),
                                          execution_options={"yield_per": STREAM_BATCH})
    with result:  # a reader that stops early (a broken link) must still free the server cursor
        yield from _assemble(result)


def one(session: Session, community: Community, seq: int) -> TransactionView:
    rows = session.execute(_posting_rows(JournalTransaction.community_id == community.id,
                                         JournalTransaction.seq == seq, order=()))
    found = next(_assemble(rows), None)
    if found is None:
        raise NotFound(f"no transaction {seq}")
    return found


def page(session: Session, community: Community, *, start: date | None, end: date | None,
         after: tuple[date, int] | None, limit: int) -> list[TransactionView]:
    """One page of the journal in (date, seq) order after a keyset cursor: the cost of a
    page does not depend on how deep it is."""
    conditions = [JournalTransaction.community_id == community.id]
    if start is not None:
        conditions.append(JournalTransaction.occurred_on >= start)
    if end is not None:
        conditions.append(JournalTransaction.occurred_on <= end)
    if after is not None:
        day, seq = after
        conditions.append((JournalTransaction.occurred_on > day)
                          | ((JournalTransaction.occurred_on == day) & (JournalTransaction.seq > seq)))
    ids = select(JournalTransaction.id).where(*conditions).order_by(
        JournalTransaction.occurred_on, JournalTransaction.seq).limit(limit)
    rows = session.execute(_posting_rows(JournalTransaction.id.in_(ids),
                                         order=(JournalTransaction.occurred_on, JournalTransaction.seq)))
    return list(_assemble(rows))


def verify(session: Session, community: Community, seen: Callable[[], None] | None = None) -> Break | None:
    """Recompute every hash of the community's chain; the first broken link, or None.
    ``seen`` is told of each transaction read (a job's progress)."""
    stored_head = head(session, community)
    last = [0, GENESIS]

    def records():
        for tx in stream_transactions(session, community):
            last[:] = [tx.seq, tx.hash]
            if seen is not None:
                seen()
            yield tx.record(community.code), tx.hash

    found = find_break(records())
    if found is not None:
        return found
    if (stored_head.seq, stored_head.hash) != tuple(last):
        return Break(last[0] + 1, f"the chain head (seq {stored_head.seq}) does not match the "
                                  f"last transaction (seq {last[0]})")
    return _copies_differ(session, community)


def _copies_differ(session: Session, community: Community) -> Break | None:
    """Postings keep copies of their transaction's date and community for fast balance
    queries; the hash covers the transaction's, so check that every copy agrees."""
    seq = session.execute(
        select(JournalTransaction.seq).join(Posting, Posting.transaction_id == JournalTransaction.id)
        .where(JournalTransaction.community_id == community.id,
               (Posting.occurred_on != JournalTransaction.occurred_on)
               | (Posting.community_id != JournalTransaction.community_id))
        .order_by(JournalTransaction.seq).limit(1)).scalar_one_or_none()
    if seq is None:
        return None
    return Break(seq, f"a posting of seq {seq} carries another date or community than its transaction")
