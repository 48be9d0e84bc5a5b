"""Checking a username and password, throttled (see throttle.py).

Each step runs in its own short unit of work, so that a wrong password is recorded even
though the page that says so is an error answer (which rolls the request back), and so
that the slow password hash is computed outside any database transaction.
"""
from __future__ import annotations

import math

from flask import current_app
from sqlmodel import select

from ledger import db
from ledger.auth.models import User
from ledger.auth.services import hash_password, password_matches
from ledger.core.errors import LedgerError, NotAuthenticated
from ledger.timeutil import utcnow
from ledger.web import throttle


class WrongCredentials(NotAuthenticated):
    """Wrong username or password."""
    code = "wrong_credentials"


class Throttled(LedgerError):
    """Too many wrong passwords in a row: the next attempt must wait."""
    code = "too_many_attempts"

    def __init__(self, seconds: int):
        super().__init__(f"too many wrong passwords in a row; try again in {seconds} seconds")
        self.seconds = seconds


def authenticate(username: str, password: str, address: str) -> User:
    """The active user with this username and password; raises Throttled or WrongCredentials."""
    username, now = throttle.normalise_username(username), utcnow()
    policy = throttle.Policy.from_settings(current_app.config["LEDGER"])
    with db.unit_of_work(write=False) as session:
        until = throttle.wait_until(session, policy, username, address, now)
        user = None if until else session.exec(select(User).where(User.username == username)).first()
    if until is not None:
        raise Throttled(max(1, math.ceil((until - now).total_seconds())))
    if user is None:
        hash_password(password)  # as slow as a real check: no hint whether the user exists
        ok = False
    else:
        ok = password_matches(user, password) and user.is_active
    with db.unit_of_work() as session:
        throttle.record(session, username, address, succeeded=ok, now=utcnow())
    if not ok:
        raise WrongCredentials()
    return user
