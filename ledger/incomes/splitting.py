"""Applying an agreement's split to the journal: accumulators, lines, split records.

Shared by incomes, their reversals and declarations. Lock order everywhere: the
accumulator row first, the chain head (inside ``post_entry``) last.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from ledger.agreements.models import Agreement, SplitAccumulator
from ledger.communities.models import Community
from ledger.core.journal import Line, drop_zero_lines
from ledger.incomes.models import SplitLine
from ledger.journal.accounts import accounts_by_code
from ledger.journal.services import Posted

REMAINDER = -1


_accumulator = SplitAccumulator.__table__
# Parameter names differ from the column names: an UPDATE reserves those for its SET clause.
_ACCUMULATOR_ROW = (_accumulator.c.agreement_id == bindparam("row_agreement"),
                    _accumulator.c.period_key == bindparam("row_period"))
_READ_LOCKED = select(_accumulator.c.total).where(*_ACCUMULATOR_ROW).with_for_update()
_SET_TOTAL = update(_accumulator).where(*_ACCUMULATOR_ROW).values(total=bindparam("new_total"))
_INSERT_SPLIT_LINES = insert(SplitLine.__table__)


def _upsert(session: Session):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _row_values(agreement: Agreement, period_key: str, total: int) -> dict:
    return {"agreement_id": agreement.id, "period_key": period_key, "community_id": agreement.community_id,
            "total": total}


def lock_accumulator(session: Session, agreement: Agreement, period_key: str) -> int:
    """Lock the (agreement, period) accumulator row, creating it at 0; return its total."""
    session.execute(_upsert(session)(_accumulator).values(_row_values(agreement, period_key, 0))
                    .on_conflict_do_nothing())
    return session.execute(_READ_LOCKED, {"row_agreement": agreement.id, "row_period": period_key}).scalar_one()


def set_accumulator(session: Session, agreement: Agreement, period_key: str, total: int) -> None:
    session.execute(_SET_TOTAL, {"row_agreement": agreement.id, "row_period": period_key, "new_total": total})


def _adding(dialect_insert):
    statement = dialect_insert(_accumulator).values(
        agreement_id=bindparam("agreement_id"), period_key=bindparam("period_key"),
        community_id=bindparam("community_id"), total=bindparam("amount"))
    return statement.on_conflict_do_update(
        index_elements=[_accumulator.c.agreement_id, _accumulator.c.period_key],
        set_={"total": _accumulator.c.total + statement.excluded.total},
    ).returning(_accumulator.c.total)


_ADD = {"postgresql": _adding(pg_insert), "sqlite": _adding(sqlite_insert)}


def add_to_accumulator(session: Session, agreement: Agreement, period_key: str, amount: int) -> int:
    """Add ``amount`` to the (agreement, period) accumulator, creating it, in one statement
    that takes the row's lock (as :func:`lock_accumulator` does); return the total before.
    Inside :func:`holding_totals` the row is locked once and its total kept in memory."""
    held = session.info.get(_HELD_TOTALS)
    if held is not None:
        key = (agreement.id, period_key)
        if key not in held:
            held[key] = (agreement, lock_accumulator(session, agreement, period_key))
        before = held[key][1]
        held[key] = (agreement, before + amount)
        return before
    after = session.execute(_ADD[session.get_bind().dialect.name], {
        "agreement_id": agreement.id, "period_key": period_key, "community_id": agreement.community_id,
        "amount": amount}).scalar_one()
    return after - amount


_HELD_TOTALS = "ledger.held_totals"


@contextmanager
def holding_totals(session: Session, first: dict[tuple[int, str], Agreement] | None = None) -> Iterator[None]:
    """Add many incomes to the accumulators with one lock and one write per row touched:
    each (agreement, period) row is locked and read on first use, added to in memory, and
    stored when the block ends (for a bulk write in one database transaction; on
    PostgreSQL an UPDATE per income would leave row versions that make N incomes O(N^2)).

    ``first``: the rows the block will touch, {(agreement id, period key): agreement},
    locked at once in key order. A single income locks its accumulator before the chain
    head; a bulk write that then holds the head must not wait for an accumulator after it,
    or the two would wait for each other."""
    if _HELD_TOTALS in session.info:
        raise RuntimeError("the accumulators are already held")
    held = session.info[_HELD_TOTALS] = {}
    for key in sorted(first or {}):
        held[key] = (first[key], lock_accumulator(session, first[key], key[1]))
    try:
        yield
        for (_, period_key), (agreement, total) in held.items():
            set_accumulator(session, agreement, period_key, total)
    finally:
        del session.info[_HELD_TOTALS]


@dataclass(frozen=True, slots=True)
class Allocation:
    """Who gets what from one split: per share (target as named, account code, fen)."""
    shares: tuple[tuple[str, str, int], ...]
    remainder_account: str
    remainder: int


def split_lines(debit_account: str, debit: int, allocation: Allocation, *, book_remainder: bool) -> tuple[Line, ...]:
    """The journal lines of a split: one debit, a credit per share, the remainder credit.

    A remainder that is not booked (the operator keeps it) still gets a zero line so a
    split of nothing remains a complete two-line record; zero lines are dropped otherwise.
    """
    lines = [Line(debit_account, debit)]
    lines += [Line(account, -amount) for _, account, amount in allocation.shares]
    lines.append(Line(allocation.remainder_account, -allocation.remainder if book_remainder else 0))
    return drop_zero_lines(tuple(lines))


def record_split(session: Session, community: Community, posted: Posted, *, agreement: Agreement | None,
                 period_key: str | None, allocation: Allocation, income_id: int | None = None,
                 declaration_id: int | None = None, book_remainder: bool = True) -> None:
    """Keep how each line of the posted split was computed (agreement, period, share)."""
    account_ids = _account_ids(session, community, posted, allocation)
    rows = [{"position": i, "account_id": account_ids[account], "amount": amount}
            for i, (_, account, amount) in enumerate(allocation.shares)]
    if book_remainder:
        rows.append({"position": REMAINDER, "account_id": account_ids[allocation.remainder_account],
                     "amount": allocation.remainder})
    if rows:
        session.execute(_INSERT_SPLIT_LINES, [
            {**row, "community_id": community.id, "transaction_id": posted.id, "income_id": income_id,
             "declaration_id": declaration_id, "agreement_id": agreement.id if agreement else None,
             "period_key": period_key} for row in rows])


def _account_ids(session: Session, community: Community, posted: Posted, allocation: Allocation) -> dict[str, int]:
    """Account ids of the allocation (zero lines may have been left out of the posting)."""
    wanted = {account for _, account, _ in allocation.shares} | {allocation.remainder_account}
    missing = wanted - posted.account_ids.keys()
    ids = dict(posted.account_ids)
    if missing:
        ids.update({code: a.id for code, a in accounts_by_code(session, community, missing).items()})
    return ids
