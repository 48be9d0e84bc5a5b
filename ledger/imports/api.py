from __future__ import annotations

from flask import current_app, jsonify
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from ledger import db
from ledger.auth.access import READ, WRITE, actor, guarded
from ledger.imports import answers, schemas, services
from ledger.imports.errors import UnreadableFile
from ledger.imports.parsing import parse_pairs
from ledger.imports.reading import scan
from ledger.jobs import api as jobs_api, importing as import_jobs
from ledger.jobs.schemas import JobAccepted


class _MultipartParser(FlaskParser):
    """The "files" location reads the form fields too: flask-smorest documents one request
    body per route, so the file and the form fields of a multipart body are one schema."""

    def load_files(self, req, schema):
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class _Blueprint(Blueprint):
    ARGUMENTS_PARSER = _MultipartParser()


blp = _Blueprint("imports", __name__, url_prefix="/api/v1/communities",
                 description="Bulk import of incomes from CSV or XLSX files (批量导入)")


@blp.post("/<string:c>/imports")
@guarded(WRITE)
@blp.arguments(schemas.ImportUpload, location="files")
@blp.response(200, schemas.ImportResult, description="checked: no errors, nothing written")
@blp.alt_response(201, schema=schemas.ImportResult, description="committed: every row posted")
@blp.alt_response(422, schema=schemas.ImportResult, description="refused: every error listed, nothing written")
@blp.alt_response(202, schema=JobAccepted, description="a large file (or background=true): the import runs as a job")
def create_import(form, community):
    """Check a file of incomes; with commit=true post every row or none (officer).

    The same file (by SHA-256) is refused the second time (409). A file of more rows than
    LEDGER_IMPORT_JOB_ROWS (estimated from its lines), or any file with background=true,
    runs as a job instead: 202 with the job, whose result is this same answer."""
    upload = form["file"]
    if form["background"] or _estimated_rows(upload.stream) > current_app.config["LEDGER"]["IMPORT_JOB_ROWS"]:
        return _as_job(form, community)
    options = services.Options(parse_pairs(form["map"]), parse_pairs(form["default"], "default"),
                               form["skip_posted"])
    status, body = answers.answer(db.session(), community, upload.stream, file_name=upload.filename,
                                  commit=form["commit"], created_by=actor(), options=options)
    response = jsonify(body)
    response.status_code = status
    return response


def _estimated_rows(stream) -> int:
    try:
        return scan(stream).estimated_rows or 0
    except UnreadableFile:
        return 0  # answered at once, like any unreadable file


def _as_job(form, community):
    parse_pairs(form["map"]), parse_pairs(form["default"], "default")  # a bad mapping is a 422 now, not later
    upload = form["file"]
    job = import_jobs.start(db.session(), community, upload.stream, file_name=upload.filename,
                            commit=form["commit"], mapping=form["map"], defaults=form["default"],
                            skip_posted=form["skip_posted"], created_by=actor())
    return jobs_api.accepted(community, job)


@blp.get("/<string:c>/imports")
@guarded(READ)
@blp.arguments(schemas.BatchListArgs, location="query")
@blp.response(200, schemas.BatchPage)
def list_imports(args, community):
    """Committed import batches, newest first (officer, auditor)."""
    limit = args["limit"] or current_app.config["LEDGER"]["PAGE_SIZE"]
    batches = services.list_batches(db.session(), community, before=args["cursor"], limit=limit)
    return {"items": batches, "next_cursor": batches[-1].id if len(batches) == limit else None}
