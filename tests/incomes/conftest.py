"""Helpers for reading what the split engine posted."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ledger import db
from ledger.communities.models import Community
from ledger.incomes.models import SplitLine
from ledger.journal.models import Account, Posting


def account_total(app, community: str, code: str) -> int:
    """Sum of the signed postings (debit > 0) of one account, read straight from the table."""
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        return session.execute(
            select(func.coalesce(func.sum(Posting.amount), 0))
            .join(Account, Account.id == Posting.account_id)
            .join(Community, Community.id == Account.community_id)
            .where(Community.code == community, Account.code == code)).scalar_one()


def split_totals(app) -> dict[tuple[int, str, int], int]:
    """Posted fen per (agreement, settlement period, share position)."""
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        rows = session.execute(select(SplitLine.agreement_id, SplitLine.period_key, SplitLine.position,
                                      func.sum(SplitLine.amount))
                               .group_by(SplitLine.agreement_id, SplitLine.period_key, SplitLine.position)).all()
    return {(a, p, pos): int(total) for a, p, pos, total in rows}


@pytest.fixture
def balance_of(app):
    return lambda code, community="fenghe": account_total(app, community, code)
