"""The audit workbook: its rows computed from the ledger, laid out by ``reports``.

Everything an export reads comes from one database snapshot (REPEATABLE READ on
PostgreSQL; SQLite readers see one snapshot per transaction in WAL mode), so the
cover, the journal and the balances agree even while incomes keep arriving.

The journal sheet holds an unbroken run of the chain: from the first to the last
transaction dated in the period, by seq. Transactions are numbered in the order they
were entered, not by date, so a run can include a few dated outside the period (an
entry backdated into the previous month); they are listed, marked, and left out of
every total, so the chain can be recomputed from the workbook alone.
"""
from __future__ import annotations

import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Iterator

from flask import Flask
from sqlalchemy import func, select
from sqlmodel import Session

from ledger import db
from ledger.communities.models import Community
from ledger.core.chain import GENESIS
from ledger.core.errors import NotFound, ValidationFailed
from ledger.exports.contributions import contributions
from ledger.exports.errors import InconsistentExport
from ledger.exports.funds import fund_statements
from ledger.exports.voice import decision_rows, question_rows
from ledger.journal import balances, chain
from ledger.journal.chain import TransactionView
from ledger.journal.models import JournalTransaction, Posting
from ledger.proofs.keys import public_key_hex
from ledger.timeutil import utcnow
from reports import MAX_DATA_ROWS, audit_workbook, journal_csv
from reports.model import Cover, JournalSummary, TrialLine


@contextmanager
def read_snapshot(app: Flask | None = None) -> Iterator[Session]:
    """A read-only session on one consistent snapshot of the database; never commits."""
    bind = db.engine(app)
    if bind.dialect.name == "postgresql":
        bind = bind.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    session = Session(bind=bind, expire_on_commit=False, autoflush=False)
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def community_by_code(session: Session, code: str) -> Community:
    community = session.execute(select(Community).where(Community.code == code)).scalar_one_or_none()
    if community is None:
        raise NotFound(f"no community {code!r}")
    return community


@lru_cache(maxsize=1)
def software_version() -> str:
    try:
        return metadata.version("community-ledger")
    except metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text())["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


@dataclass(frozen=True, slots=True)
class ChainRun:
    first_seq: int | None
    last_seq: int | None
    previous_hash: str  # of the transaction before first_seq
    last_hash: str


def chain_run(session: Session, community: Community, start: date, end: date) -> ChainRun:
    """The run of seqs from the first to the last transaction dated start..end."""
    first, last = session.execute(select(func.min(JournalTransaction.seq), func.max(JournalTransaction.seq)).where(
        JournalTransaction.community_id == community.id, JournalTransaction.occurred_on.between(start, end))).one()
    if first is None:
        head = chain.head(session, community)
        return ChainRun(None, None, head.hash, head.hash)
    return ChainRun(first, last, _hash_of(session, community, first - 1), _hash_of(session, community, last))


def _hash_of(session: Session, community: Community, seq: int) -> str:
    if seq == 0:
        return GENESIS
    return session.execute(select(JournalTransaction.hash).where(
        JournalTransaction.community_id == community.id, JournalTransaction.seq == seq)).scalar_one()


def trial_lines(session: Session, community: Community, start: date, end: date) -> list[TrialLine]:
    return [TrialLine(r.code, r.name, r.type, r.opening, r.debit, r.credit, r.closing)
            for r in balances.trial_balance(session, community, start, end)]


def parent_lines(session: Session, community: Community, start: date, end: date) -> list[TrialLine]:
    """The accounts with sub-accounts, each holding its own and its sub-accounts' figures."""
    return [TrialLine(r.row.code, r.row.name, r.row.type, r.row.opening, r.row.debit, r.row.credit, r.row.closing)
            for r in balances.trial_balance_levels(session, community, start, end) if r.sub_accounts]


Counter = Callable[[int], None]  # told the journal lines written so far, a transaction at a time


def counted(transactions: Iterable[TransactionView], progress: Counter | None) -> Iterable[TransactionView]:
    """The transactions, telling ``progress`` how many journal lines each one was."""
    if progress is None:
        return transactions
    return (_told(tx, progress) for tx in transactions)


def _told(tx: TransactionView, progress: Counter) -> TransactionView:
    progress(len(tx.postings))
    return tx


def journal_lines(session: Session, community: Community, *, from_seq: int | None = None,
                  through_seq: int | None = None, start: date | None = None, end: date | None = None) -> int:
    """How many journal lines (postings) a seq run or a date range holds: a file's size."""
    seq, day = JournalTransaction.seq, JournalTransaction.occurred_on
    bounds = [(seq.__ge__, from_seq), (seq.__le__, through_seq), (day.__ge__, start), (day.__le__, end)]
    return session.execute(
        select(func.count()).select_from(Posting).join(JournalTransaction, JournalTransaction.id == Posting.transaction_id)
        .where(JournalTransaction.community_id == community.id, *(test(bound) for test, bound in bounds if bound is not None))
    ).scalar_one()


def audit_lines(session: Session, community: Community, start: date, end: date) -> int:
    """The journal lines of the audit workbook of start..end (its chain run)."""
    run = chain_run(session, community, start, end)
    if run.first_seq is None:
        return 0
    return journal_lines(session, community, from_seq=run.first_seq, through_seq=run.last_seq)


def write_audit_workbook(session: Session, community: Community, target, *, start: date, end: date, lang: str,
                         generated_by: str, max_rows: int = MAX_DATA_ROWS,
                         progress: Counter | None = None) -> JournalSummary:
    """Compute every sheet's rows for the period and write the workbook to ``target``;
    ``progress`` hears of the journal lines as they are written."""
    head = chain.head(session, community)
    run = chain_run(session, community, start, end)
    trial = trial_lines(session, community, start, end)
    funds = fund_statements(session, community, start, end, lang)
    cover = Cover(community.code, community.name, start, end, utcnow(), generated_by, software_version(),
                  run.first_seq, run.last_seq, run.previous_hash, run.last_hash, head.seq, head.hash,
                  sum(line.debit for line in trial), sum(line.credit for line in trial),
                  sum(fund.closing for fund in funds), public_key_hex(community.code))
    transactions = (chain.stream_transactions(session, community, from_seq=run.first_seq, through_seq=run.last_seq)
                    if run.first_seq is not None else ())
    summary = audit_workbook(target, cover=cover, transactions=counted(transactions, progress), trial=trial,
                             trial_parents=parent_lines(session, community, start, end), funds=funds,
                             contributions=contributions(session, community, start, end), lang=lang,
                             max_rows=max_rows, decisions=decision_rows(session, community, start, end),
                             questions=question_rows(session, community, start, end))
    if (summary.debit, summary.credit) != (cover.debit_total, cover.credit_total):
        raise InconsistentExport(f"the journal of {community.code} {start}..{end} totals {summary.debit} / "
                                 f"{summary.credit} fen but the trial balance {cover.debit_total} / "
                                 f"{cover.credit_total}")
    return summary


def period_of(start: date | None, end: date | None, *, today: date) -> tuple[date, date]:
    """The workbook's period: up to ``end`` (default today) from ``start`` (default
    1 January of the end's year), as the trial balance has it."""
    end = end or today
    start = start or date(end.year, 1, 1)
    if start > end:
        raise ValidationFailed.on("from", "must not be after 'to'")
    return start, end


def journal_csv_chunks(app: Flask, code: str, *, start: date | None, end: date | None,
                       lang: str, progress: Counter | None = None) -> Iterator[bytes]:
    """The journal of community ``code`` (dated start..end, in seq order) as CSV chunks,
    read on one snapshot. Takes the code, not a row: a streamed response outlives the
    request's own session."""
    with read_snapshot(app) as session:
        community = community_by_code(session, code)
        transactions = chain.stream_transactions(session, community, start=start, end=end)
        yield from journal_csv(counted(transactions, progress), code, lang)
