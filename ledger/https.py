"""HTTPS behind a reverse proxy: the cookies are Secure and Strict-Transport-Security is
sent when the request came over HTTPS (as the proxy says, trusted with
``LEDGER_PROXY_HOPS``), or always when ``LEDGER_SESSION_COOKIE_SECURE=true`` says the
deployment is served over HTTPS only (a proxy that does not say so).

``LEDGER_SESSION_COOKIE_SECURE``: ``auto`` (default: as the request came), ``true`` or
``false`` (never: a plain-HTTP test deployment). ``LEDGER_HSTS_SECONDS``: the max-age of
Strict-Transport-Security (default one year; 0 sends none).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface

_CHOICES = {"auto": None, "true": True, "1": True, "yes": True, "on": True,
            "false": False, "0": False, "no": False, "off": False}


@dataclass(frozen=True, slots=True)
class Policy:
    secure: bool | None  # None: as the request came
    hsts_seconds: int

    @classmethod
    def from_settings(cls, settings: dict) -> "Policy":
        value = settings["SESSION_COOKIE_SECURE"]
        if not isinstance(value, bool) and str(value).strip().lower() not in _CHOICES:
            raise ValueError(f"LEDGER_SESSION_COOKIE_SECURE is auto, true or false, not {value!r}")
        secure = value if isinstance(value, bool) else _CHOICES[str(value).strip().lower()]
        if int(settings["HSTS_SECONDS"]) < 0:
            raise ValueError("LEDGER_HSTS_SECONDS must not be negative")
        return cls(secure, int(settings["HSTS_SECONDS"]))


def _policy() -> Policy:
    return current_app.extensions["ledger.https"]


def cookies_secure() -> bool:
    """Whether the cookies of this answer get the Secure flag."""
    secure = _policy().secure
    return request.is_secure if secure is None else secure


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, Secure per request rather than per deployment."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookies_secure()


def _strict_transport(response: Response) -> Response:
    policy = _policy()
    if policy.hsts_seconds and (request.is_secure or policy.secure):
        response.headers.setdefault("Strict-Transport-Security", f"max-age={policy.hsts_seconds}")
    return response


def init_app(app: Flask) -> None:
    app.extensions["ledger.https"] = Policy.from_settings(app.config["LEDGER"])
    app.session_interface = SessionInterface()
    app.after_request(_strict_transport)
