from __future__ import annotations

from flask import current_app, jsonify
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from ledger import db
from ledger.auth.access import READ, WRITE, actor, guarded
from ledger.imports import schemas, services
from ledger.imports.errors import InvalidMapping, RowRefused, UnreadableFile
from ledger.imports.parsing import parse_pairs



class _MultipartParser(FlaskParser):
    """The "files" location reads the form fields too: flask-smorest documents one request
    body per route, so the file and the form fields of a multipart body are one schema."""

    def load_files(self, req, schema):
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class _Blueprint(Blueprint):
    ARGUMENTS_PARSER = _MultipartParser()


blp = _Blueprint("imports", __name__, url_prefix="/api/v1/communities",
                 description="Bulk import of incomes from CSV or XLSX files (批量导入)")


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


def _refused(body: dict, row_errors: list[dict], message: str):
    body = with_errors({"code": "import_rejected", "message": message, **body}, row_errors)
    response = jsonify(schemas.ImportResult().dump(body))
    response.status_code = 422
    return response


@blp.post("/<string:c>/imports")
@guarded(WRITE)
@blp.arguments(schemas.ImportUpload, location="files")
@blp.response(200, schemas.ImportResult, description="checked: no errors, nothing written")
@blp.alt_response(201, schema=schemas.ImportResult, description="committed: every row posted")
@blp.alt_response(422, schema=schemas.ImportResult, description="refused: every error listed, nothing written")
def create_import(form, community):
    """Check a file of incomes; with commit=true post every row or none (officer).

    The same file (by SHA-256) is refused the second time (409)."""
    upload = form["file"]
    options = services.Options(parse_pairs(form["map"]), parse_pairs(form["default"], "default"),
                               form["skip_posted"])
    report = services.Collected()
    empty = {"batch": None, "rows": 0, "total": 0, "committed": False, "skipped": []}
    try:
        outcome = services.run_import(db.session(), community, upload.stream, file_name=upload.filename,
                                      commit=form["commit"], created_by=actor(), options=options, report=report)
    except (UnreadableFile, InvalidMapping) as exc:
        field = next(iter(exc.errors), "file")
        return _refused(empty, [{"row": None, "column": field, "code": exc.code, "message": exc.message}],
                        exc.message)
    except RowRefused as exc:
        return _refused(empty, [exc.row_error._asdict()], exc.message)
    body = present(outcome, report)
    row_errors = [error._asdict() for error in report.errors]
    if outcome.errors:
        return _refused(body, row_errors, f"{outcome.errors} error(s); nothing was written")
    response = jsonify(schemas.ImportResult().dump(with_errors(body, row_errors)))
    response.status_code = 201 if outcome.committed else 200
    return response


@blp.get("/<string:c>/imports")
@guarded(READ)
@blp.arguments(schemas.BatchListArgs, location="query")
@blp.response(200, schemas.BatchPage)
def list_imports(args, community):
    """Committed import batches, newest first (officer, auditor)."""
    limit = args["limit"] or current_app.config["LEDGER"]["PAGE_SIZE"]
    batches = services.list_batches(db.session(), community, before=args["cursor"], limit=limit)
    return {"items": batches, "next_cursor": batches[-1].id if len(batches) == limit else None}
