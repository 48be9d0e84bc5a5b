"""Importing a file of incomes: check every row, then post all of them or none.

A dry run (the default) reads the file once, checks each row against the ledger and
reports every problem; it writes nothing. A commit does the same check inside the
caller's write transaction and, only if no row has a problem, reads the file again and
posts each row through :func:`ledger.incomes.services.record_income` (so the split
engine applies exactly as for an income entered by hand), recording an import batch.
Everything happens in that one transaction: a crash, ``kill -9`` or a refused row
leaves nothing behind, and running the import again posts every row. The batch carries
the file's SHA-256 (unique per community), so the same file is refused the second time.

Memory stays flat: rows stream in chunks, errors go to the caller's report as they are
found, and each posted income leaves the session once it is written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import BinaryIO, Iterator, Protocol

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import LedgerError
from ledger.imports.checking import Keyed, RowChecker
from ledger.imports.errors import AlreadyImported, ImportedMeanwhile, RowError, RowRefused, UnreadableFile
from ledger.imports.models import ImportBatch
from ledger.imports.parsing import FIELDS, ImportRow, Layout, Parsed, parse_file
from ledger.imports.reading import FileFacts, scan
from ledger.incomes.services import record_income
from ledger.incomes.splitting import holding_totals
from ledger.journal.services import holding_head

CHUNK_ROWS = 500
_LOCK_CLASS = 0x1D_B0  # pg_advisory_xact_lock(class, community id): imports of a community queue


@dataclass(frozen=True)
class Options:
    mapping: dict[str, str] = field(default_factory=dict)  # header text -> field
    defaults: dict[str, str] = field(default_factory=dict)  # field -> value for rows without one
    skip_posted: bool = False  # a row whose reference was posted before is skipped, not refused


class Report(Protocol):
    def error(self, error: RowError) -> None: ...
    def skipped(self, row: int, message: str) -> None: ...
    def progress(self, stage: str, rows: int, expected: int | None) -> None: ...


class Collected:
    """A report that keeps everything: for a web request or a test."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.skips: list[tuple[int, str]] = []

    def error(self, error: RowError) -> None:
        self.errors.append(error)

    def skipped(self, row: int, message: str) -> None:
        self.skips.append((row, message))

    def progress(self, stage: str, rows: int, expected: int | None) -> None:
        pass


@dataclass
class Outcome:
    file_name: str
    facts: FileFacts
    layout: Layout
    rows: int = 0  # rows that post (or were posted)
    total: int = 0  # their sum, fen
    skipped: int = 0
    errors: int = 0
    batch: ImportBatch | None = None

    @property
    def committed(self) -> bool:
        return self.batch is not None


def run_import(session: Session, community: Community, stream: BinaryIO, *, file_name: str, commit: bool,
               created_by: str, options: Options = Options(), report: Report | None = None) -> Outcome:
    """Check the file and, with ``commit`` and no errors, post it. Flushes, never commits."""
    report = report or Collected()
    facts = scan(stream)
    if commit:
        _queue_behind_other_imports(session, community)
    _refuse_known_file(session, community, facts.sha256)
    layout, rows = parse_file(stream, facts, mapping=options.mapping, defaults=options.defaults)
    outcome = Outcome(clean_file_name(file_name), facts, layout)
    checker = RowChecker(session, community)
    try:
        report.progress("checking", 0, facts.estimated_rows)
        for chunk in chunked(rows):
            _tally(outcome, chunk, checker.check(chunk), options, report)
            report.progress("checking", len(chunk), facts.estimated_rows)
        if not (outcome.rows or outcome.skipped or outcome.errors):
            raise UnreadableFile(f"the file has no rows below its header (row {layout.header_row})")
        if commit and not outcome.errors and outcome.rows:
            outcome.batch = _new_batch(session, community, outcome, created_by)
            _post(session, community, stream, outcome, checker, options, created_by, report)
    finally:
        checker.close()
    return outcome


def _tally(outcome: Outcome, chunk: list[Parsed], verdict, options: Options, report: Report) -> None:
    for parsed in chunk:
        posted = verdict.posted.get(parsed.row)
        if posted is not None and options.skip_posted and parsed.value is not None:  # a readable row only
            outcome.skipped += 1
            report.skipped(parsed.row, posted)
            continue
        errors = verdict.errors.get(parsed.row, [])
        if posted is not None:
            errors.append(RowError(parsed.row, "reference", "already_posted", posted))
        for error in sorted(errors, key=lambda e: FIELDS.index(e.column)):
            report.error(error)
        outcome.errors += len(errors)
        if not errors:
            outcome.rows += 1
            outcome.total += parsed.value.amount


def _post(session: Session, community: Community, stream: BinaryIO, outcome: Outcome, checker: RowChecker,
          options: Options, created_by: str, report: Report) -> None:
    """The second pass: post every row (the check found none refused)."""
    _, rows = parse_file(stream, outcome.facts, mapping=options.mapping, defaults=options.defaults)
    count = total = 0
    report.progress("posting", 0, outcome.rows + outcome.skipped)
    # One lock and one write of the chain head and of each accumulator row for the whole file.
    with holding_totals(session, checker.periods), holding_head(session, community):
        for chunk in chunked(rows):
            skip = checker.posted_before(_keyed(chunk, checker)) if options.skip_posted else {}
            for parsed in chunk:
                row = parsed.value
                if row is None:
                    raise RowRefused(parsed.errors[0])
                if row.row in skip:
                    continue
                _post_row(session, community, row, checker, outcome.batch.id, created_by)
                count, total = count + 1, total + row.amount
            report.progress("posting", len(chunk), outcome.rows + outcome.skipped)
    if (count, total) != (outcome.rows, outcome.total):
        raise UnreadableFile("the file changed while it was being imported; nothing was posted")


def _keyed(chunk: list[Parsed], checker: RowChecker) -> list[Keyed]:
    return [Keyed(p.row, p.value.reference, operator) for p in chunk
            if p.value is not None and p.value.reference is not None
            and (operator := checker.operator(p.value.operator)) is not None]


def _post_row(session: Session, community: Community, row: ImportRow, checker: RowChecker, batch_id: int,
              created_by: str) -> None:
    operator = checker.operator(row.operator)
    if operator is None:  # only if the file changed since it was checked
        raise RowRefused(RowError(row.row, "operator", "unknown_operator", f"operator {row.operator!r} is unknown"))
    body = {"operator": operator.code, "occurred_on": row.occurred_on, "amount": row.amount,
            "channel": row.channel, "category": row.category, "reference": row.reference,
            "payer": row.payer, "note": row.note}
    try:  # record_income writes with Core inserts: no ORM object per row stays in the session
        record_income(session, community, body, created_by=created_by, import_batch_id=batch_id)
    except LedgerError as exc:
        column = next((f for f in exc.errors if f in FIELDS), "row")
        raise RowRefused(RowError(row.row, column, exc.code, exc.message)) from exc


def chunked(rows: Iterator[Parsed], size: int = CHUNK_ROWS) -> Iterator[list[Parsed]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def clean_file_name(name: str | None) -> str:
    """The last part of a path, printable, at most 255 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:255] or "upload"


# -- batches ------------------------------------------------------------------------------

def _queue_behind_other_imports(session: Session, community: Community) -> None:
    """PostgreSQL: one import of a community at a time (SQLite writers already queue)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k, :c)"), {"k": _LOCK_CLASS, "c": community.id})


def find_batch(session: Session, community: Community, sha256: str) -> ImportBatch | None:
    return session.execute(select(ImportBatch).where(
        ImportBatch.community_id == community.id, ImportBatch.sha256 == sha256)).scalar_one_or_none()


def _refuse_known_file(session: Session, community: Community, sha256: str) -> None:
    known = find_batch(session, community, sha256)
    if known is not None:
        raise AlreadyImported(known.id, known.created_at.date().isoformat(), known.created_by)


def _new_batch(session: Session, community: Community, outcome: Outcome, created_by: str) -> ImportBatch:
    batch = ImportBatch(community_id=community.id, file_name=outcome.file_name, sha256=outcome.facts.sha256,
                        file_format=outcome.facts.kind, row_count=outcome.rows, skipped=outcome.skipped,
                        total=outcome.total, created_by=created_by)
    session.add(batch)
    try:
        session.flush()
    except IntegrityError:
        raise ImportedMeanwhile() from None
    return batch


def list_batches(session: Session, community: Community, *, before: int | None, limit: int) -> list[ImportBatch]:
    """Newest first, after a keyset cursor (the last id of the previous page)."""
    query = select(ImportBatch).where(ImportBatch.community_id == community.id)
    if before is not None:
        query = query.where(ImportBatch.id < before)
    return list(session.execute(query.order_by(ImportBatch.id.desc()).limit(limit)).scalars())
