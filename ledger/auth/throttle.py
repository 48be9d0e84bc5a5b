"""Sign-in throttling, shared by every app process through the login_attempt table.

After ``allowed`` wrong passwords in a row for a username, or from a client address,
the next attempt must wait ``base`` seconds after the last wrong one; every further
wrong password doubles the wait, up to ``cap``. An attempt that comes too early is
refused without checking the password and is not counted, so waiting is the only way
on. A successful sign-in ends the run for that username and that address.

:func:`admit` counts an attempt before its password is checked, in one transaction that
holds the username's and the address's lock (PostgreSQL advisory locks; SQLite's write
lock), so simultaneous guesses are counted one after another: however many arrive at
once, no more than ``allowed`` of them get their password checked.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, text, update
from sqlmodel import Session

from ledger.auth.models import LoginAttempt

_MAX_DOUBLINGS = 32  # far past any sensible cap; keeps the power small
_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


@dataclass(frozen=True, slots=True)
class Policy:
    allowed: int
    base: int  # seconds
    cap: int  # seconds

    @classmethod
    def from_settings(cls, settings: dict) -> "Policy":
        return cls(settings["LOGIN_FAILURES_ALLOWED"], settings["LOGIN_DELAY_SECONDS"],
                   settings["LOGIN_MAX_DELAY_SECONDS"])

    def delay(self, failures: int) -> int:
        """Seconds to wait after the last of ``failures`` wrong passwords in a row."""
        if failures < self.allowed:
            return 0
        return min(self.base * 2 ** min(failures - self.allowed, _MAX_DOUBLINGS), self.cap)


@dataclass(frozen=True, slots=True)
class Admission:
    attempt_id: int | None  # the attempt, counted as wrong until marked succeeded
    wait_until: datetime | None  # when the next attempt may be made, if this one may not


def storable(text: str) -> str:
    """What was typed, as the table can hold it: anything unprintable (NUL ...) replaced."""
    return "".join(c if c.isprintable() else "\ufffd" for c in text or "")[:64]


def normalise_username(text: str) -> str:
    return storable((text or "").strip().lower())


def admit(session: Session, policy: Policy, username: str, address: str, now: datetime) -> Admission:
    """Count this attempt as a wrong password now, unless it must wait."""
    _serialise(session, f"user:{username}", f"address:{address}")
    until = wait_until(session, policy, username, address, now)
    if until is not None:
        return Admission(None, until)
    attempt = LoginAttempt(username=username, address=address, succeeded=False, created_at=now)
    session.add(attempt)
    session.flush()
    return Admission(attempt.id, None)


def succeeded(session: Session, attempt_id: int) -> None:
    """The password was right: the attempt ends the runs of wrong ones."""
    session.execute(update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True))


def _serialise(session: Session, *names: str) -> None:
    """Wait for every other admission of these names. SQLite needs nothing more: a write
    transaction holds the database's write lock from its start."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(_lock_key(name) for name in names):  # one order: no deadlock
        session.execute(_LOCK, {"key": key})


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(f"login:{name}".encode()).digest()[:8], "big", signed=True)


def _streak(session: Session, column, value: str) -> tuple[int, datetime | None]:
    """Wrong passwords since the last success for this username or address, and when the
    last of them was."""
    last_success = (select(func.max(LoginAttempt.id))
                    .where(column == value, LoginAttempt.succeeded.is_(True)).scalar_subquery())
    count, last = session.execute(
        select(func.count(), func.max(LoginAttempt.created_at))
        .where(column == value, LoginAttempt.succeeded.is_(False),
               LoginAttempt.id > func.coalesce(last_success, 0))).one()
    return count, last


def wait_until(session: Session, policy: Policy, username: str, address: str, now: datetime) -> datetime | None:
    """When the next attempt for this username from this address may be made, if not now."""
    latest = None
    for column, value in ((LoginAttempt.username, username), (LoginAttempt.address, address)):
        failures, last = _streak(session, column, value)
        if last is None or failures < policy.allowed:
            continue
        allowed_at = last + timedelta(seconds=policy.delay(failures))
        if allowed_at > now and (latest is None or allowed_at > latest):
            latest = allowed_at
    return latest
