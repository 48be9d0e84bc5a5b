"""Posting to the journal and reversing. Every journal write in the system goes through
:func:`post_entry`, which checks the entry, locks the community's chain head, numbers
the transaction, hashes it and inserts it with its postings, all in the caller's
database transaction.

The chain head is the one lock every writer of a community shares. It is taken last,
after the caller has done its own work (split accumulators, fund checks), and held
only until the request commits, so writers of different operators queue for
milliseconds, not for each other's whole requests.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from ledger import db
from ledger.communities.models import Community
from ledger.core.chain import GENESIS, ChainRecord, chain_hash
from ledger.core.errors import AlreadyReversed, ClosedPeriod, NotFound, ValidationFailed
from ledger.core.journal import Entry, Line, check_entry, negated
from ledger.core.periods import ensure_not_future, format_month, month_start
from ledger.core.masking import reversal_title
from ledger.journal import account_keys
from ledger.journal.fund_guard import guard_funds
from ledger.journal.models import (Account, ChainHead, ClosedPeriod as ClosedPeriodRow, JournalTransaction, Posting,
                                   ReversalReason)
from ledger.timeutil import local_today, utcnow


# The hot path of post_entry runs these prebuilt Core statements: building and coercing a
# statement costs more than executing it (see BENCHMARKS.md, posting).
_head = ChainHead.__table__
_HEAD_FOR_UPDATE = select(_head.c.seq, _head.c.hash).where(
    _head.c.community_id == bindparam("community_id")).with_for_update()
_MOVE_HEAD = update(_head).where(_head.c.community_id == bindparam("head_community")).values(
    seq=bindparam("head_seq"), hash=bindparam("head_hash"))
_CLOSED_THROUGH = (select(ClosedPeriodRow.month).where(ClosedPeriodRow.community_id == bindparam("community_id"))
                   .order_by(ClosedPeriodRow.month.desc()).limit(1))
_INSERT_TRANSACTION = insert(JournalTransaction.__table__).returning(JournalTransaction.__table__.c.id)
_INSERT_POSTINGS = insert(Posting.__table__)
_ACCOUNT_IDS = select(Account.code, Account.id).where(
    Account.community_id == bindparam("community_id"), Account.code.in_(bindparam("codes", expanding=True)))


def start_chain(session: Session, community: Community) -> None:
    session.add(ChainHead(community_id=community.id, seq=0, hash=GENESIS))
    session.flush()


def lock_head(session: Session, community: Community) -> ChainHead:
    """Lock the community's chain head row (FOR UPDATE on PostgreSQL; SQLite writers
    already hold the database write lock from BEGIN IMMEDIATE)."""
    return session.execute(
        select(ChainHead).where(ChainHead.community_id == community.id)
        .with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def closed_through(session: Session, community: Community) -> date | None:
    """The last closed month (first day), or None if no month is closed. While the chain
    head is held (:func:`holding_head`) no month can close, so it is read once; so is a
    month read under the lock that closing takes (see :func:`_settled_closes`)."""
    held = session.info.get(_HELD_HEADS, {}).get(community.id)
    if held is not None and held.closed is not _UNREAD:
        return held.closed
    settled = _settled_closes(session)
    if settled is not None and community.id in settled:
        return settled[community.id]
    found = session.execute(_CLOSED_THROUGH, {"community_id": community.id}).scalar_one_or_none()
    if held is not None:
        held.closed = found
    if settled is not None and db.holds_write_lock(session):
        settled[community.id] = found
    return found


_SETTLED = "ledger.settled_closes"


def _settled_closes(session: Session) -> dict[int, date | None] | None:
    """The last closed month of each community, as read by this database transaction under
    a lock no month close can pass: on SQLite any read of a write transaction (it holds the
    database's write lock from its start), on PostgreSQL a read after the chain head is
    locked. Nothing else in the transaction needs to read it again. None outside a
    transaction."""
    transaction = session.get_transaction()
    if transaction is None:
        return None
    kept = session.info.get(_SETTLED)
    if kept is None or kept[0] is not transaction:
        kept = session.info[_SETTLED] = (transaction, {})
    return kept[1]


def forget_closes(session: Session) -> None:
    """After this transaction closes a month: the months read before are out of date."""
    session.info.pop(_SETTLED, None)


def ensure_open(session: Session, community: Community, day: date, field: str = "occurred_on") -> None:
    last = closed_through(session, community)
    if last is not None and month_start(day) <= last:
        raise ClosedPeriod(
            f"{format_month(month_start(day))} is closed (months up to {format_month(last)} are closed)",
            {field: [f"the month {format_month(month_start(day))} is closed"]},
        )


def resolve_lines(session: Session, community: Community, lines: tuple[Line, ...]) -> dict[str, int]:
    """The id of each line's account by code (remembered across requests: see account_keys)."""
    found = {code: account_keys.recall(session, account_keys.id_key(community.id, code))
             for code in {line.account for line in lines}}
    # An unprintable code (NUL, a lone surrogate) names no account and could not even be queried.
    missing = [code for code, account_id in found.items() if account_id is None and code.isprintable()]
    if missing:
        for code, account_id in session.execute(_ACCOUNT_IDS, {"community_id": community.id, "codes": missing}):
            found[code] = account_id
            account_keys.remember(session, account_keys.id_key(community.id, code), account_id)
    unknown = sorted(code for code, account_id in found.items() if account_id is None)
    if unknown:
        raise ValidationFailed(
            f"unknown account {', '.join(unknown)}",
            {f"postings.{i}.account": [f"no account {line.account!r}"]
             for i, line in enumerate(lines) if line.account in unknown},
        )
    return found


@dataclass(frozen=True, slots=True)
class Posted:
    id: int
    seq: int
    hash: str
    account_ids: dict[str, int]  # code -> id of every account the entry touched


def post_entry(session: Session, community: Community, entry: Entry, *, created_by: str,
               agreed_charge: bool = False) -> Posted:
    """Append one balanced transaction to the community's journal.

    Every entry passes the fund rule (:mod:`ledger.journal.fund_guard`); ``agreed_charge``
    marks a charge fixed by agreement that may take money out of a fund although its
    source is a transfer (a trust's fixed remuneration)."""
    check_entry(entry)
    ensure_not_future(entry.occurred_on, local_today())
    if len(entry.description) > 500:
        raise ValidationFailed.on("description", "at most 500 characters")
    accounts = resolve_lines(session, community, entry.lines)
    reverses_seq = _reversed_seq(session, entry.reverses_id)
    held = session.info.get(_HELD_HEADS, {}).get(community.id)
    previous_seq, previous_hash = ((held.seq, held.hash) if held is not None else
                                   session.execute(_HEAD_FOR_UPDATE, {"community_id": community.id}).one())
    # Checked under the lock, so a concurrent close or reversal cannot slip in between.
    settled = _settled_closes(session)
    if held is None and settled is not None and community.id not in settled:
        settled[community.id] = session.execute(_CLOSED_THROUGH, {"community_id": community.id}).scalar_one_or_none()
    ensure_open(session, community, entry.occurred_on)
    if entry.reverses_id is not None:
        ensure_reversible(session, session.get(JournalTransaction, entry.reverses_id))
    guard_funds(session, community, entry, accounts, agreed_charge=agreed_charge)
    created_at = utcnow()
    seq = previous_seq + 1
    record = ChainRecord(seq, community.code, entry.occurred_on, entry.description, entry.source,
                         reverses_seq, created_at, created_by,
                         tuple((line.account, line.amount) for line in entry.lines))
    digest = chain_hash(previous_hash, record)
    tx_id = session.execute(_INSERT_TRANSACTION, {
        "community_id": community.id, "seq": seq, "occurred_on": entry.occurred_on,
        "description": entry.description, "source": entry.source, "reverses_id": entry.reverses_id,
        "created_at": created_at, "created_by": created_by, "hash": digest,
    }).scalar_one()
    session.execute(_INSERT_POSTINGS, [
        {"community_id": community.id, "transaction_id": tx_id, "line_no": i,
         "account_id": accounts[line.account], "amount": line.amount,
         "occurred_on": entry.occurred_on}
        for i, line in enumerate(entry.lines, start=1)
    ])
    if held is None:
        _move_head(session, community, seq, digest)
        session.flush()
    else:
        held.seq, held.hash = seq, digest
    return Posted(tx_id, seq, digest, accounts)


_HELD_HEADS = "ledger.held_heads"
_UNREAD = object()


@dataclass(slots=True)
class _HeldHead:
    seq: int
    hash: str
    closed: object = _UNREAD  # the last closed month, once read


@contextmanager
def holding_head(session: Session, community: Community) -> Iterator[None]:
    """Post many entries under one lock of the chain head: it is locked and read once,
    moved in memory by each :func:`post_entry`, and stored once when the block ends.

    For a bulk write (an import) in one database transaction. On PostgreSQL every UPDATE
    of the head leaves a row version that the same transaction must step over on its
    next read, so a head moved per entry makes N entries cost O(N^2).
    """
    heads = session.info.setdefault(_HELD_HEADS, {})
    if community.id in heads:
        raise RuntimeError("the chain head is already held")
    heads[community.id] = _HeldHead(*session.execute(_HEAD_FOR_UPDATE, {"community_id": community.id}).one())
    try:
        yield
        held = heads[community.id]
        _move_head(session, community, held.seq, held.hash)
        session.flush()
    finally:
        del heads[community.id]


def _move_head(session: Session, community: Community, seq: int, digest: str) -> None:
    """Store the new head; a ChainHead the session already holds is kept in step."""
    session.execute(_MOVE_HEAD, {"head_community": community.id, "head_seq": seq, "head_hash": digest})
    held = session.identity_map.get(OrmSession.identity_key(ChainHead, community.id))
    if held is not None:
        set_committed_value(held, "seq", seq)
        set_committed_value(held, "hash", digest)


def _reversed_seq(session: Session, reverses_id: int | None) -> int | None:
    if reverses_id is None:
        return None
    return session.execute(
        select(JournalTransaction.seq).where(JournalTransaction.id == reverses_id)
    ).scalar_one()


def get_transaction(session: Session, community: Community, seq: int) -> JournalTransaction:
    tx = session.execute(select(JournalTransaction).where(
        JournalTransaction.community_id == community.id, JournalTransaction.seq == seq)).scalar_one_or_none()
    if tx is None:
        raise NotFound(f"no transaction {seq}")
    return tx


def transaction_lines(session: Session, tx: JournalTransaction) -> tuple[Line, ...]:
    rows = session.execute(
        select(Account.code, Posting.amount).join(Account, Account.id == Posting.account_id)
        .where(Posting.transaction_id == tx.id).order_by(Posting.line_no)
    )
    return tuple(Line(code, amount) for code, amount in rows)


def reversal_of(session: Session, tx: JournalTransaction) -> int | None:
    """The seq of the transaction that reversed ``tx``, if any."""
    return session.execute(
        select(JournalTransaction.seq).where(JournalTransaction.reverses_id == tx.id)
    ).scalar_one_or_none()


def ensure_reversible(session: Session, tx: JournalTransaction) -> None:
    if tx.source == "reversal":
        raise AlreadyReversed(f"transaction {tx.seq} is itself a reversal; post a new entry instead")
    if (seq := reversal_of(session, tx)) is not None:
        raise AlreadyReversed(f"transaction {tx.seq} was already reversed by {seq}")


def reverse_transaction(session: Session, community: Community, seq: int, reason: str, *,
                        occurred_on: date, created_by: str) -> Posted:
    """Post the exact opposite of a general journal entry, referencing it."""
    original = get_transaction(session, community, seq)
    ensure_reversible(session, original)  # a reversal, or an entry reversed before: 409 first
    if original.source not in ("transfer", "opening", "remittance"):
        raise ValidationFailed.on(
            "seq", f"transaction {seq} comes from a {original.source}; reverse the {original.source} itself")
    entry = Entry(occurred_on, reversal_description(original, reason), "reversal",
                  negated(transaction_lines(session, original)), reverses_id=original.id)
    posted = post_entry(session, community, entry, created_by=created_by)
    keep_reason(session, community, posted, reason)
    return posted


def reversal_description(original: JournalTransaction, reason: str) -> str:
    """A reversal's hashed and public description, "冲销 #N": the reason, typed by an
    officer and possibly naming people, is kept apart for staff (:func:`keep_reason`)."""
    checked_reason(reason)
    return reversal_title(original.seq)


def checked_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.on("reason", "a reason is required")
    return reason[:400]


def keep_reason(session: Session, community: Community, posted: Posted, reason: str) -> None:
    session.add(ReversalReason(transaction_id=posted.id, community_id=community.id, reason=checked_reason(reason)))
    session.flush()


def reasons_of(session: Session, transaction_ids: list[int]) -> dict[int, str]:
    """The reasons of those of the transactions that are reversals with a reason kept apart
    (reversals posted before reasons were kept apart hold theirs in the description)."""
    if not transaction_ids:
        return {}
    return dict(session.execute(select(ReversalReason.transaction_id, ReversalReason.reason)
                                .where(ReversalReason.transaction_id.in_(transaction_ids))).all())
