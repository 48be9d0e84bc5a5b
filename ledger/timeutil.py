"""Clock helpers: timestamps are timezone-aware UTC; "today" is the community's local date."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def local_zone() -> ZoneInfo:
    """The communities' time zone (TIMEZONE)."""
    return ZoneInfo(current_app.config["LEDGER"]["TIMEZONE"] if has_app_context() else "Asia/Shanghai")


def local_today() -> date:
    return datetime.now(local_zone()).date()
