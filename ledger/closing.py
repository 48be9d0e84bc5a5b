"""Closing a month: the one operation the CLI, the API and the workspace call.

A close is the journal's (the balance snapshot under the chain head) followed by the
figures other packages keep per closed month (the public pages' monthly rollup), then
the month's signed head (the Merkle tree and chain head, signed with the community's
key), all in the caller's database transaction. It lives above both so that the journal never
reaches into the packages that read it.
"""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from ledger.communities.models import Community
from ledger.journal.closing import close_books, closing_problems
from ledger.journal.models import ChainHead, ClosedPeriod
from ledger.proofs.heads import sign_month
from ledger.proofs.tree import extend
from ledger.public.rollup import store_month

__all__ = ["close_month", "closing_problems"]


def close_month(session: Session, community: Community, month: date, *, closed_by: str,
                today: date) -> tuple[ClosedPeriod, list[dict]]:
    """Close ``month``: refuse (409) if it cannot close, else store the snapshot, the month's
    figures and its signed head."""
    extend(session, community.id, session.get(ChainHead, community.id).seq)  # most of it before the head is held
    closed, snapshot = close_books(session, community, month, closed_by=closed_by, today=today)
    store_month(session, community, month)
    sign_month(session, community, month, signed_by=closed_by)
    session.flush()
    return closed, snapshot
