"""``ledger import FILE --community CODE [--commit]``."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from ledger import db
from ledger.auth.access import find_community
from ledger.auth.services import SYSTEM_USER, community_ids, get_user
from ledger.communities.models import Community
from ledger.core.errors import Forbidden, LedgerError
from ledger.core.money import format_fen
from ledger.imports import services
from ledger.imports.errors import RowError
from ledger.imports.parsing import parse_pairs

STAGES = {"checking": "checking rows", "posting": "posting rows"}


class TerminalReport:
    """Errors on stdout as they are found (memory stays flat); a progress bar on stderr."""

    def __init__(self) -> None:
        self.stage, self.bar = None, None

    def error(self, error: RowError) -> None:
        click.echo(error.line())

    def skipped(self, row: int, message: str) -> None:
        click.echo(f"row {row}, reference: skipped: {message}")

    def progress(self, stage: str, rows: int, expected: int | None) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = click.progressbar(length=max(expected or 0, 1), label=STAGES[stage], file=sys.stderr,
                                         show_pos=True)
            self.bar.__enter__()
        self.bar.update(rows)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--community", "code", required=True, help="community code")
@click.option("--commit", is_flag=True, help="post every row, or none if any row is refused")
@click.option("--map", "mapping", multiple=True, metavar="HEADER=FIELD,...",
              help="name the columns of another layout, e.g. 交易金额=amount,收款时间=occurred_on; "
                   "FIELD 'ignore' drops a column")
@click.option("--default", "defaults", multiple=True, metavar="FIELD=VALUE,...",
              help="a value for rows that lack one, e.g. operator=cafe,channel=wechat")
@click.option("--skip-posted", is_flag=True, help="skip rows whose reference was posted before instead of refusing")
@click.option("--as", "username", default=None, help="the officer recorded as the author (default: system)")
@with_appcontext
def import_command(path: Path, code: str, commit: bool, mapping: tuple[str, ...], defaults: tuple[str, ...],
                   skip_posted: bool, username: str | None) -> None:
    """Check a CSV or XLSX file of incomes; with --commit, post them all or none."""
    options = services.Options(parse_pairs(mapping), parse_pairs(defaults, "default"), skip_posted)
    with path.open("rb") as stream, db.unit_of_work(write=commit) as session:
        community = find_community(code)
        author = _author(session, community, username)
        report = TerminalReport()
        try:
            outcome = services.run_import(session, community, stream, file_name=path.name, commit=commit,
                                          created_by=author, options=options, report=report)
        except LedgerError as error:  # the file as a whole: its message says it all
            raise click.ClickException(error.message) from None
        finally:
            report.close()
        if outcome.errors:
            click.echo(f"{outcome.errors} error(s) in {path.name}; nothing was written.")
            raise SystemExit(1)
    click.echo(_summary(outcome, commit))


def _author(session, community: Community, username: str | None) -> str:
    if username is None:
        return SYSTEM_USER
    user = get_user(session, username)
    if not user.is_active or user.role != "officer" or community.id not in community_ids(session, user):
        raise Forbidden(f"user {username!r} is not an officer of community {community.code!r}")
    return user.username


def _summary(outcome: services.Outcome, commit: bool) -> str:
    layout = outcome.layout
    lines = [f"{outcome.file_name}: header on row {layout.header_row}"
             + (f"; columns not read: {', '.join(layout.ignored)}" if layout.ignored else "")]
    skipped = f"; {outcome.skipped} row(s) skipped as posted before" if outcome.skipped else ""
    if outcome.committed:
        lines.append(f"posted {outcome.rows} income(s), total {format_fen(outcome.total)}, "
                     f"as import batch {outcome.batch.id}{skipped}.")
    elif commit:
        lines.append(f"nothing to post: every row was posted before{skipped}.")
    else:
        lines.append(f"{outcome.rows} row(s) ready to post, total {format_fen(outcome.total)}{skipped}; "
                     "no errors. Nothing was written: run again with --commit to post them.")
    return "\n".join(lines)


commands = [import_command]
