"""Checking a username and password, throttled (see throttle.py).

The attempt is counted first, in its own short unit of work that holds the throttle's
locks; the slow password hash is then computed outside any database transaction; a
right password marks the attempt succeeded in another. So a wrong password stays
counted although the page that says so is an error answer (which rolls the request
back), and simultaneous guesses cannot all pass the check before any is counted.
"""
from __future__ import annotations

import math

from flask import current_app
from sqlmodel import select

from ledger import db
from ledger.auth import throttle
from ledger.auth.models import User
from ledger.auth.services import hash_password, password_matches
from ledger.core.errors import LedgerError, NotAuthenticated
from ledger.timeutil import utcnow


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
    username, address, now = throttle.normalise_username(username), throttle.storable(address), utcnow()
    policy = throttle.Policy.from_settings(current_app.config["LEDGER"])
    with db.unit_of_work() as session:
        admitted = throttle.admit(session, policy, username, address, now)
        user = None if admitted.wait_until else session.exec(select(User).where(User.username == username)).first()
    if admitted.wait_until is not None:
        raise Throttled(max(1, math.ceil((admitted.wait_until - now).total_seconds())))
    if user is None:
        hash_password(password)  # as slow as a real check: no hint whether the user exists
        ok = False
    else:
        ok = password_matches(user, password) and user.is_active
    if not ok:
        raise WrongCredentials()
    with db.unit_of_work() as session:
        throttle.succeeded(session, admitted.attempt_id)
    return user
