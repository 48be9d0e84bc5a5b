"""Sign-in throttling, shared by every app process through the login_attempt table.

After ``allowed`` wrong passwords in a row for a username, or from a client address,
the next attempt must wait ``base`` seconds after the last wrong one; every further
wrong password doubles the wait, up to ``cap``. An attempt that comes too early is
refused without checking the password and is not counted, so waiting is the only way
on. A successful sign-in ends the run for that username and that address.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from ledger.web.models import LoginAttempt

_MAX_DOUBLINGS = 32  # far past any sensible cap; keeps the power small


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


def normalise_username(text: str) -> str:
    return (text or "").strip().lower()[:64]


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


def record(session: Session, username: str, address: str, *, succeeded: bool, now: datetime) -> None:
    session.add(LoginAttempt(username=username, address=address[:64], succeeded=succeeded, created_at=now))
    session.flush()
