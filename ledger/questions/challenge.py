"""The question form's challenge: a small sum to work out, needing no outside service.

The page carries the two numbers in a token signed with the app's secret key and
stamped with the time it was made. The answer is accepted only with a token this app
signed, at least ``min_seconds`` old (a person reads and types; a script posting the
moment the page arrives does not) and at most ``max_seconds`` old.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ledger.core.errors import ValidationFailed

_SALT = "ledger.question-challenge"
FIELD = "answer"


@dataclass(frozen=True, slots=True)
class Challenge:
    first: int
    second: int
    token: str


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def issue(secret_key: str) -> Challenge:
    first, second = 2 + secrets.randbelow(18), 1 + secrets.randbelow(9)
    return Challenge(first, second, _serializer(secret_key).dumps([first, second]))


def check(secret_key: str, token: str, answer: str, *, min_seconds: int, max_seconds: int) -> None:
    """Raise ValidationFailed (field ``answer``) unless ``answer`` solves the challenge of ``token``."""
    try:
        (first, second), signed_at = _serializer(secret_key).loads(token or "", max_age=max_seconds,
                                                                   return_timestamp=True)
    except SignatureExpired:
        raise ValidationFailed.on(FIELD, "the form has expired; answer the new question") from None
    except (BadSignature, ValueError, TypeError):
        raise ValidationFailed.on(FIELD, "answer the question below the form") from None
    if time.time() - signed_at.timestamp() < min_seconds:
        raise ValidationFailed.on(FIELD, "the form was sent too quickly; check it and send it again")
    if (answer or "").strip() != str(first + second):
        raise ValidationFailed.on(FIELD, "that is not the right answer")
