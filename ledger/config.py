"""Configuration: defaults, then ``LEDGER_*`` environment variables, then the dict given
to ``create_app``. Every setting is listed here with its default."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    # SQLAlchemy URL; None means the SQLite file ledger.sqlite3 in the instance folder.
    "DATABASE_URL": None,
    # Folder for the SQLite database and the voucher files; None means ./instance.
    "INSTANCE_DIR": None,
    # Signs session cookies and CSRF tokens. Must be set in production.
    "SECRET_KEY": None,
    # Local time zone of the communities: decides what "today" is.
    "TIMEZONE": "Asia/Shanghai",
    # Largest voucher upload, in bytes.
    "VOUCHER_MAX_BYTES": 10 * 1024 * 1024,
    # Page size of cursor-paginated lists (the largest a client may ask for).
    "PAGE_SIZE": 100,
    "MAX_PAGE_SIZE": 1000,
    # Default interface language: "zh_Hans_CN" or "en".
    "DEFAULT_LOCALE": "zh_Hans_CN",
    # Seconds a SQLite writer waits for the write lock before giving up.
    "SQLITE_BUSY_TIMEOUT": 30,
    # Echo SQL statements to the log (debugging).
    "SQL_ECHO": False,
    # Sign-in throttling: after this many wrong passwords in a row (per username and per
    # client address) each attempt waits LOGIN_DELAY_SECONDS, doubling with every further
    # wrong password, up to LOGIN_MAX_DELAY_SECONDS.
    "LOGIN_FAILURES_ALLOWED": 5,
    "LOGIN_DELAY_SECONDS": 30,
    "LOGIN_MAX_DELAY_SECONDS": 3600,
    # Days an API token works for when it is made without another choice.
    "TOKEN_DAYS": 90,
    # Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: none), so that
    # sign-in throttling sees the client's address rather than the proxy's.
    "PROXY_HOPS": 0,
    # A project budget above this amount (yuan) is set or raised only with a council decision
    # (议事会决议) approving at least that budget; up to it the officer alone may.
    "BUDGET_WITHOUT_DECISION": "5000.00",
    # Residents' questions: published automatically this many days after they were asked
    # unless an officer refused them; overdue when unanswered this many days after.
    "QUESTION_PUBLISH_DAYS": 7,
    "QUESTION_OVERDUE_DAYS": 14,
    # Questions one client address may ask (API and form together) per window of seconds.
    "QUESTION_RATE_LIMIT": 5,
    "QUESTION_RATE_WINDOW_SECONDS": 3600,
    # The form's arithmetic challenge is valid from MIN to MAX seconds after the page was shown.
    "QUESTION_CHALLENGE_MIN_SECONDS": 3,
    "QUESTION_CHALLENGE_MAX_SECONDS": 3600,
    # Secure cookies: "auto" (when the request came over HTTPS, as a trusted proxy says),
    # "true" (always: the deployment is HTTPS only) or "false" (never).
    "SESSION_COOKIE_SECURE": "auto",
    # Strict-Transport-Security max-age sent with every HTTPS answer (0: none).
    "HSTS_SECONDS": 31536000,
    # The task queue of long work (huey). None: a SQLite file queue.sqlite3 in the instance
    # folder, which needs no server; "redis://host:6379/0" in production.
    "QUEUE_URL": None,
    # The queue's name (Redis key prefix): deployments sharing one Redis keep theirs apart.
    "QUEUE_NAME": "ledger",
    # Worker processes that `ledger serve` and `ledger worker` start.
    "QUEUE_WORKERS": 2,
    # Run each job inside the request that asks for it (tests, debugging): no worker needed.
    "QUEUE_IMMEDIATE": False,
    # Finished export files are deleted this many days after they were written.
    "EXPORT_DAYS": 7,
    # A running job whose worker has not been heard of for this many seconds is taken to
    # be dead: it is run again, up to JOB_ATTEMPTS runs in all, then failed with the reason.
    "JOB_LEASE_SECONDS": 60,
    "JOB_ATTEMPTS": 2,
    # The direct audit.xlsx download writes up to this many journal lines in the request;
    # a larger range answers 202 with a job.
    "DIRECT_EXPORT_LINES": 20000,
    # The direct journal.csv streams up to this many journal lines; more answer 202 with a job
    # (a stream that outlasts the server's worker timeout would be cut off).
    "DIRECT_CSV_LINES": 300000,
    # An uploaded import of more rows than this (estimated from the file) runs as a job (202).
    "IMPORT_JOB_ROWS": 2000,
    # The to-do list: an operator's share of a settlement period is overdue once the period
    # ended this many days ago unpaid; a rejected disbursement waits to be reworked for this
    # many days after the rejection (or until a newer one is drafted for its project).
    "RECEIVABLE_OVERDUE_DAYS": 30,
    "TODO_REJECTED_DAYS": 30,
}

_BOOL = {"1": True, "true": True, "yes": True, "on": True,
         "0": False, "false": False, "no": False, "off": False}


def _coerce(default: Any, text: str) -> Any:
    if isinstance(default, bool):
        if text.lower() not in _BOOL:
            raise ValueError(f"not a boolean: {text!r}")
        return _BOOL[text.lower()]
    if isinstance(default, int):
        return int(text)
    return text


def from_environment(environ: os._Environ | dict[str, str] = os.environ) -> dict[str, Any]:
    """The settings given as LEDGER_<NAME> environment variables, typed like the defaults."""
    found = {}
    for name, default in DEFAULTS.items():
        text = environ.get(f"LEDGER_{name}")
        if text is not None and text != "":
            found[name] = _coerce(default, text)
    return found


def resolve(config: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults < environment < explicit dict. Fills derived paths."""
    settings = {**DEFAULTS, **from_environment(), **(config or {})}
    instance = Path(settings["INSTANCE_DIR"] or Path.cwd() / "instance").resolve()
    settings["INSTANCE_DIR"] = str(instance)
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{instance / 'ledger.sqlite3'}"
    return settings
