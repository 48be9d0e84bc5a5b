"""The one error handler: domain errors and HTTP errors to the JSON error format
``{"code", "message", "errors": {field: [messages]}}`` (or an HTML page outside the API).
A response of 400 or more makes the commit point roll back, so nothing is written."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ledger.core import errors as e

log = logging.getLogger(__name__)

STATUS: tuple[tuple[type[e.LedgerError], int], ...] = (
    (e.Malformed, 400),
    (e.ValidationFailed, 422),
    (e.NotAuthenticated, 401),
    (e.Forbidden, 403),
    (e.NotFound, 404),
    (e.Conflict, 409),
    (e.RateLimited, 429),
    (e.UploadTooLarge, 413),
    (e.Gone, 410),
)

_HTTP_CODES = {400: "malformed", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 410: "gone", 413: "too_large", 415: "unsupported_media_type",
               422: "validation_error", 429: "too_many_requests"}


def status_of(error: e.LedgerError) -> int:
    for family, status in STATUS:
        if isinstance(error, family):
            return status
    return 500


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


# What a page says for an HTTP error of the router (Werkzeug's descriptions are English
# prose for developers); translated like every other message (ledger/web/messages.py).
PAGE_MESSAGES = {
    404: "There is no such page. Check the address, or start again from the home page.",
    405: "This page cannot be used that way.",
    500: "Something went wrong on our side; nothing was written. Please try again later.",
}


def home_link() -> tuple[str, bool]:
    """Where an error page sends a reader back to: the community's public home page when the
    address is inside a community that exists, else the sign-in page. (url, is public home)"""
    parts = request.path.split("/")
    if len(parts) > 2 and parts[1] == "c" and parts[2]:
        try:
            from ledger import db
            from ledger.communities.models import Community
            from sqlalchemy import select
            if db.session().execute(select(Community.id).where(Community.code == parts[2])).first():
                return f"/c/{parts[2]}", True
        except Exception:  # an error page never fails: the sign-in page is always there
            log.debug("no community for the error page's home link", exc_info=True)
    return "/login", False


def respond(status: int, code: str, message: str, errors: dict | None = None):
    if wants_json():
        response = jsonify({"code": code, "message": message, "errors": errors or {}})
    else:
        home, public_home = home_link()
        response = make_response(render_template("error.html", status=status, code=code, message=message,
                                                 errors=errors or {}, home=home, public_home=public_home))
    response.status_code = status
    if status == 401 and wants_json():
        response.headers["WWW-Authenticate"] = 'Bearer realm="ledger"'
    return response


def _flatten(messages) -> dict[str, list[str]]:
    """webargs nests errors by location ({"json": {"field": [...]}}); keep only the fields."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        else:
            flat.setdefault(prefix or "_schema", []).extend(
                [str(m) for m in node] if isinstance(node, list) else [str(node)])

    for location in (messages or {}).values() if _by_location(messages) else [messages or {}]:
        walk("", location)
    return flat


def _by_location(messages) -> bool:
    return isinstance(messages, dict) and bool(messages) and set(messages) <= {
        "json", "query", "form", "files", "headers", "view_args", "path", "cookies", "querystring"}


def handle_ledger_error(error: e.LedgerError):
    response = respond(status_of(error), error.code, error.message, error.errors)
    if isinstance(error, e.RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def handle_http_error(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    if status == 422 or (status == 400 and data.get("messages")):
        fields = _flatten(data.get("messages"))
        first = next(iter(fields.items()), ("", ["invalid"]))
        message = f"{first[0]}: {first[1][0]}" if first[0] else first[1][0]
        return respond(status, _HTTP_CODES.get(status, "error"), message, fields)
    message = error.description if status != 500 else "internal error"
    if not wants_json():
        message = PAGE_MESSAGES.get(status, message)
    return respond(status, _HTTP_CODES.get(status, "error"), message)


def handle_csrf_error(error: CSRFError):
    return respond(400, "csrf_failed", "the form has expired or was not sent from this site; reload the page")


def handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    if isinstance(error, RecursionError) and request.is_json:
        # The json module gives up on bodies nested deeper than the recursion limit.
        return respond(400, "malformed", "the JSON body is nested too deeply")
    log.exception("unexpected error on %s %s", request.method, request.path)
    return respond(500, "internal_error", "internal error: nothing was written")


def init_app(app: Flask) -> None:
    app.register_error_handler(e.LedgerError, handle_ledger_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
