"""A submitted (or blank) form: what was typed, and what is wrong with it.

Forms are parsed by the same marshmallow schemas as the API, so a page and the API
accept exactly the same input. A refusal keeps every typed value, puts each message
next to its field (error keys are field names, nested ones dotted: "shares.0.to") and
sets the answer's status (422, 409 ...), so that the commit point writes nothing.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from flask import request
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError

from ledger import db, idempotency
from ledger.core.errors import LedgerError
from ledger.fields import Month
from ledger.errors import status_of

# Domain errors that a form answers by showing itself again; anything else (403, 404)
# gets the error page.
CORRECTABLE = (400, 409, 413, 422)


@dataclass
class Form:
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str | None = None
    status: int = 200

    @classmethod
    def posted(cls) -> "Form":
        return cls({name: value for name, value in request.form.items() if name != "csrf_token"})

    @property
    def ok(self) -> bool:
        return self.status < 400

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def load(self, schema: Schema, data: dict | None = None) -> dict | None:
        """The schema's reading of the form (empty fields left out, so defaults apply),
        or None with the problems noted."""
        if data is None:
            keys = {f.data_key or name for name, f in schema.fields.items()}
            data = {k: v for k, v in self.values.items() if k in keys and v.strip()}
        try:
            return schema.load(data)
        except ValidationError as error:
            self.note(_flatten(error.messages), status=422)
            return None

    def note(self, errors: dict[str, list[str]], *, status: int = 422, message: str | None = None) -> None:
        for key, messages in errors.items():
            self.errors.setdefault(key, []).extend(messages)
        self.status = max(self.status, status)
        self.message = message or self.message or _("Please correct the fields marked below.")

    def refuse(self, error: LedgerError) -> None:
        """Record a service's refusal. Its partial work is rolled back now, so the page can
        still read the database; the answer's status rolls back the rest."""
        status = status_of(error)
        if status not in CORRECTABLE:
            raise error
        db.session().rollback()
        self.note(error.errors, status=status, message=error.message)

    def errors_for(self, name: str, *, nested: bool = False) -> list[str]:
        found = list(self.errors.get(name, ()))
        if nested:
            for key, messages in self.errors.items():
                if key.startswith(name + "."):
                    found.extend(messages)
        return found

    def unplaced(self, names: tuple[str, ...]) -> list[str]:
        """Messages of keys that no field of the page shows (dotted keys count as placed
        when their first part is a field)."""
        return [m for key, messages in self.errors.items()
                if key not in names and key.split(".")[0] not in names for m in messages]


def _flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            for k, v in _flatten(value, f"{prefix}.{key}" if prefix else str(key)).items():
                flat.setdefault(k, []).extend(v)
        return flat
    items = messages if isinstance(messages, list) else [messages]
    if any(isinstance(item, dict) for item in items):
        flat = {}
        for item in items:
            for k, v in _flatten(item, prefix).items():
                flat.setdefault(k, []).extend(v)
        return flat
    return {prefix or "_schema": [str(item) for item in items]}


def new_entry_key() -> str:
    """A page's one-time key, sent back with its form as the hidden field ``entry_key``."""
    return secrets.token_urlsafe(18)


def entry_key(form: Form, fields: tuple[str, ...], kind: str = "web") -> str | None:
    """The page's one-time key with what was typed: the same page sent twice (a double
    click, a reload) shows the first result; the page sent again with other values (after
    going back to correct it) is a new entry."""
    key = form.get("entry_key")
    if not key or len(key) > 64:
        return None
    return f"{kind}:{key}:{idempotency.request_hash({k: form.get(k) for k in fields})}"


def month_field(form: Form, name: str = "month") -> date | None:
    """The month typed as YYYY-MM, or None with the reason noted next to the field."""
    try:
        return Month().deserialize(form.get(name).strip())
    except ValidationError as error:
        form.note({name: error.messages})
        return None
