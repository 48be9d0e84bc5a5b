"""Concurrent incomes on PostgreSQL: one operator's incomes serialise on its accumulator,
other operators' incomes do not wait for it. (SQLite has a single writer: nothing to show.)"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import text

from ledger import db
from ledger.auth.access import find_community
from ledger.incomes.services import record_income
from ledger.journal.chain import verify

from tests.incomes.conftest import account_total

TIERS = [{"to": "public_benefit", "tiers": [{"up_to": "100.00", "percent": "5"}, {"up_to": None, "percent": "12.5"}]}]


@pytest.fixture
def postgres_only(backend):
    if backend != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises all writers")


def post(app, community: str, operator: str, amount: int, day: date = date(2026, 3, 9)) -> None:
    with app.app_context(), db.unit_of_work(app) as session:
        record_income(session, find_community(community), {"operator": operator, "occurred_on": day,
                                                           "amount": amount, "channel": "cash"}, created_by="t")


def amounts_for(worker: int) -> list[int]:
    return [1 + (worker * 37 + i * 11) % 997 for i in range(25)]


def test_eight_threads_end_with_the_shares_of_one_by_one(app, postgres_only, admin, make_user, make_operator):
    admin.post("/api/v1/communities", json={"code": "serial", "name": "对照"})
    officer = make_user("officer", "fenghe", "serial")
    make_operator("parking", kind="parking", shares=TIERS, user=officer)
    make_operator("parking", kind="parking", shares=TIERS, user=officer, community="serial")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda w: [post(app, "fenghe", "parking", a) for a in amounts_for(w)], range(8)))
    for worker in range(8):
        for amount in amounts_for(worker):
            post(app, "serial", "parking", amount)
    for code in ("311.public_benefit", "501.parking", "101"):
        assert account_total(app, "fenghe", code) == account_total(app, "serial", code)
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        assert verify(session, find_community("fenghe")) is None
        assert session.execute(text("select count(*), max(seq) from journal_transaction j join community c "
                                    "on c.id = j.community_id where c.code = 'fenghe'")).one() == (200, 200)


def test_other_operators_do_not_wait_for_a_locked_accumulator(app, postgres_only, make_operator, post_income):
    make_operator("cafe", percent="8")
    make_operator("canteen", kind="canteen", percent="5")
    post_income("cafe", "1.00", occurred_on="2026-03-09")  # creates cafe's accumulator row for 2026-03
    holder = db.engine(app).connect()
    holder.begin()
    holder.execute(text("select total from split_accumulator where period_key = '2026-03' for update"))
    try:
        canteen = threading.Thread(target=post, args=(app, "fenghe", "canteen", 500))
        cafe = threading.Thread(target=post, args=(app, "fenghe", "cafe", 500))
        canteen.start()
        canteen.join(timeout=10)
        assert not canteen.is_alive(), "an income of another operator waited for cafe's accumulator"
        cafe.start()
        cafe.join(timeout=1)
        assert cafe.is_alive(), "cafe's income did not wait for its own locked accumulator"
    finally:
        holder.rollback()
        holder.close()
    cafe.join(timeout=10)
    assert not cafe.is_alive()
    assert account_total(app, "fenghe", "501.cafe") == -(92 + 460)
