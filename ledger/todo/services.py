"""The to-do list of one user in one community: each role sees its own kinds of item.

Every kind answers how many things wait and lists the first ``LISTED`` of them, oldest
first, each with the workspace page that resolves it (``link``: an endpoint of the
workspace blueprint and its arguments besides the community). The lists are built from
the queries of the domains that own the data; nothing here writes.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from ledger.auth.models import User
from ledger.communities.models import Community

LISTED = 20


@dataclass(frozen=True, slots=True)
class Listed:
    count: int
    items: list[dict[str, Any]]  # each with "link": (endpoint, {argument: value})


def listed(items: list[dict[str, Any]], count: int | None = None) -> Listed:
    """The first LISTED items, and how many there are in all (``count``, or all of ``items``)."""
    return Listed(len(items) if count is None else count, items[:LISTED])


@dataclass(frozen=True, slots=True)
class Asking:
    """Who asks, where and when, and the settings that decide what is late."""
    session: Session
    community: Community
    user: User
    today: date
    settings: dict[str, Any]


Kind = Callable[[Asking], Listed]


def kinds_of(role: str) -> dict[str, Kind]:
    """The kinds of item a role sees, in the order the page shows them."""
    from ledger.todo import officer, staff
    return {"officer": officer.KINDS, "approver": staff.APPROVER_KINDS, "auditor": staff.AUDITOR_KINDS}.get(role, {})


def todo(session: Session, community: Community, user: User, *, today: date,
         settings: dict[str, Any]) -> dict[str, Listed]:
    """Every kind of item waiting for ``user`` (by role) in ``community``."""
    asking = Asking(session, community, user, today, settings)
    return {name: kind(asking) for name, kind in kinds_of(user.role).items()}
