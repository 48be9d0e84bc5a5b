"""The to-do list as JSON and as the home page shows it: links become workspace URLs,
money becomes decimal strings, moments become ISO 8601."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from flask import url_for

from ledger.communities.models import Community
from ledger.core.money import format_fen
from ledger.todo.services import Listed

MONEY = ("amount",)


def url_of(community: Community, link: tuple[str, dict]) -> str:
    endpoint, arguments = link
    return url_for(endpoint, c=community.code, **arguments)


def item(community: Community, raw: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "link":
            shown["url"] = url_of(community, value)
        elif key in MONEY and isinstance(value, int):
            shown[key] = format_fen(value)
        elif isinstance(value, datetime):
            shown[key] = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
        elif isinstance(value, date):
            shown[key] = value.isoformat()
        else:
            shown[key] = value
    return shown


def present(community: Community, todo: dict[str, Listed]) -> dict[str, dict]:
    return {name: {"count": found.count, "items": [item(community, raw) for raw in found.items]}
            for name, found in todo.items()}
