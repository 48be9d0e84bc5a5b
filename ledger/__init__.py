"""The community enterprise ledger: a Flask service.

``create_app(config=None)`` builds an application: settings from defaults, then
``LEDGER_*`` environment variables, then ``config``. Nothing is built at import time.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

from ledger import config as ledger_config

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    settings = ledger_config.resolve(config)
    app = Flask(__name__, instance_path=settings["INSTANCE_DIR"], instance_relative_config=False)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["LEDGER"] = settings
    app.config["SECRET_KEY"] = settings["SECRET_KEY"] or _instance_secret(app.instance_path)
    app.config.update(TESTING=bool(settings.get("TESTING")), JSON_SORT_KEYS=False,
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      MAX_CONTENT_LENGTH=settings["VOUCHER_MAX_BYTES"] + 1024 * 1024,
                      WTF_CSRF_TIME_LIMIT=None)
    if "WTF_CSRF_ENABLED" in settings:
        app.config["WTF_CSRF_ENABLED"] = settings["WTF_CSRF_ENABLED"]

    from ledger import api, db, errors, https, i18n, proofs, public, web
    from ledger.auth.access import csrf, protect_api_csrf
    from ledger.cli import register_commands

    db.init_app(app)
    https.init_app(app)
    csrf.init_app(app)
    i18n.init_app(app)
    for blueprint in api.init_app(app):
        csrf.exempt(blueprint)  # API calls carry a token; cookie calls are checked below
    app.before_request(protect_api_csrf)
    public.init_app(app)  # the residents' pages
    proofs.init_app(app)  # receipts and the verifier
    errors.init_app(app)  # after the API, so our handler answers instead of flask-smorest's
    web.init_app(app)
    register_commands(app)
    app.after_request(_security_headers)
    if settings["PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings["PROXY_HOPS"], x_proto=settings["PROXY_HOPS"])
    return app


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _instance_secret(instance_path: str) -> str:
    """A secret key kept in the instance folder, made on first start (development)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()
