"""``ledger export`` and ``ledger verify-workbook``."""
from __future__ import annotations

import os
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterator

import click
from flask import current_app
from flask.cli import with_appcontext

from ledger.auth.services import SYSTEM_USER
from ledger.core.errors import LedgerError
from ledger.exports import services
from ledger.timeutil import local_today
from ledger.zipbounds import AUDIT_WORKBOOK, check_zip


def _day(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("a date such as 2026-03-31") from None


@click.command("export")
@click.option("--community", "code", required=True, help="community code")
@click.option("--from", "start", callback=_day, help="first day (default: 1 January of the end's year; "
                                                     "for CSV: the start of the journal)")
@click.option("--to", "end", callback=_day, help="last day (default: today; for CSV: the end of the journal)")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None,
              help="default: from the output file's extension, else xlsx")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(code: str, start: date | None, end: date | None, lang: str, fmt: str | None, output: Path) -> None:
    """Write the audit workbook (xlsx) or the journal (csv) of a community to a file."""
    fmt = fmt or ("csv" if output.suffix.lower() == ".csv" else "xlsx")
    with _replacing(output) as handle:
        if fmt == "csv":
            for chunk in services.journal_csv_chunks(current_app, code, start=start, end=end, lang=lang):
                handle.write(chunk)
            click.echo(f"{code}: journal written to {output}")
            return
        start, end = services.period_of(start, end, today=local_today())
        with services.read_snapshot(current_app) as session:
            community = services.community_by_code(session, code)
            summary = services.write_audit_workbook(session, community, handle, start=start, end=end, lang=lang,
                                                    generated_by=SYSTEM_USER)
    click.echo(f"{code}: {start}..{end}: {summary.transactions} transactions, {summary.postings} postings "
               f"written to {output}")


@contextmanager
def _replacing(path: Path) -> Iterator:
    """A temporary file beside ``path`` that replaces it only when the block succeeds."""
    fd, temp = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


@click.command("verify-workbook")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def verify_workbook_command(path: str) -> None:
    """Recompute the hash chain of an audit workbook from its journal sheets; exit 1 at
    the first broken seq. Needs no database."""
    from openpyxl.utils.exceptions import InvalidFileException

    from reports import verify_workbook

    try:
        with open(path, "rb") as workbook:
            check_zip(workbook, AUDIT_WORKBOOK)  # before openpyxl opens it: a small file may unpack to gigabytes
        result = verify_workbook(path)
    except LedgerError as exc:
        raise click.ClickException(f"{path}: cannot read the workbook: {exc.message}") from None
    except (ValueError, OSError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise click.ClickException(f"{path}: cannot read the workbook: {exc}") from None
    if not result.ok:
        click.echo(f"BROKEN at seq {result.broken_seq}: {result.reason}")
        raise SystemExit(1)
    click.echo(f"OK: {result.transactions} transactions, seq {result.first_seq}..{result.last_seq}, "
               f"last hash {result.last_hash}")


commands = [export_command, verify_workbook_command]
