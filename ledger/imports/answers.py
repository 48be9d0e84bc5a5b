"""The answer to an import, the same whether the request waits for it or a job gives it
later: an HTTP status and the body the API has always answered with, every row error
listed (``row_errors``) and in the standard error map (``errors``)."""
from __future__ import annotations

from typing import BinaryIO

from sqlmodel import Session

from ledger.communities.models import Community
from ledger.imports import schemas, services
from ledger.imports.errors import InvalidMapping, RowRefused, UnreadableFile


def error_map(row_errors: list[dict]) -> dict[str, list[str]]:
    """The row errors in the API's standard shape: {"row 3.amount": [message, ...]}."""
    mapped: dict[str, list[str]] = {}
    for error in row_errors:
        key = error["column"] if error["row"] is None else f"row {error['row']}.{error['column']}"
        mapped.setdefault(key, []).append(error["message"])
    return mapped


def with_errors(body: dict, row_errors: list[dict]) -> dict:
    return {**body, "row_errors": row_errors, "errors": error_map(row_errors)}


def present(outcome: services.Outcome, report: services.Collected) -> dict:
    return {"batch": outcome.batch, "rows": outcome.rows, "total": outcome.total, "committed": outcome.committed,
            "skipped": [{"row": row, "message": message} for row, message in report.skips],
            "header_row": outcome.layout.header_row, "ignored_columns": list(outcome.layout.ignored)}


def refused(body: dict, row_errors: list[dict], message: str) -> dict:
    return schemas.ImportResult().dump(
        with_errors({"code": "import_rejected", "message": message, **body}, row_errors))


def answer(session: Session, community: Community, stream: BinaryIO, *, file_name: str, commit: bool,
           created_by: str, options: services.Options,
           report: services.Collected | None = None) -> tuple[int, dict]:
    """Run the import; (200 checked | 201 committed | 422 refused, body). Errors of the
    ledger's state (the same file again: 409) are raised, as every service raises them."""
    report = report or services.Collected()
    empty = {"batch": None, "rows": 0, "total": 0, "committed": False, "skipped": []}
    try:
        outcome = services.run_import(session, community, stream, file_name=file_name, commit=commit,
                                      created_by=created_by, options=options, report=report)
    except (UnreadableFile, InvalidMapping) as exc:
        field = next(iter(exc.errors), "file")
        return 422, refused(empty, [{"row": None, "column": field, "code": exc.code, "message": exc.message}],
                            exc.message)
    except RowRefused as exc:
        return 422, refused(empty, [exc.row_error._asdict()], exc.message)
    body = present(outcome, report)
    row_errors = [error._asdict() for error in report.errors]
    if outcome.errors:
        return 422, refused(body, row_errors, f"{outcome.errors} error(s); nothing was written")
    return (201 if outcome.committed else 200), schemas.ImportResult().dump(with_errors(body, row_errors))
