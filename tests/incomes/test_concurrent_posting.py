"""Incomes posted by concurrent writers end exactly as if posted one by one.

Eight threads each record incomes of the same operator, each income in its own unit of
work, as eight web workers would. The split accumulator row serialises them, so the
period's public-benefit share is still 10 % of the period's total rounded half up, every
transaction is numbered without a gap and the chain verifies.
"""
from __future__ import annotations

import threading
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from ledger import db
from ledger.communities.models import Community
from ledger.incomes.models import SplitLine
from ledger.incomes.services import record_income
from ledger.journal.chain import head, verify

THREADS = 8
EACH = 6
# Amounts in fen, chosen so that per-income rounding would drift: 0.05 at 10 % is 0.005.
AMOUNTS = [5, 5, 5, 1999, 12345, 7]


def test_eight_writers_of_one_operator_post_the_same_shares_as_one(app, make_operator):
    make_operator("cafe", percent="10")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with app.app_context():
                for amount in AMOUNTS:
                    with db.unit_of_work(app) as session:
                        community = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
                        record_income(session, community, {
                            "operator": "cafe", "occurred_on": date(2026, 3, 1 + n), "amount": amount,
                            "channel": "wechat", "category": None, "reference": None, "payer": None, "note": None,
                        }, created_by="officer1")
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    total = THREADS * sum(AMOUNTS)  # 1,149.28 in March
    expected_share = int((Decimal(total) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert expected_share == 11493  # 114.928 rounds up to 114.93
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        community = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
        by_position = dict(session.execute(select(SplitLine.position, func.sum(SplitLine.amount))
                                           .group_by(SplitLine.position)).all())
        assert by_position == {0: expected_share, -1: total - expected_share}
        assert head(session, community).seq == THREADS * len(AMOUNTS)
        assert verify(session, community) is None
