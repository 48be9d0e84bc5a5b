"""Month-end figures: closing a month stores them and changes no figure; the migration's
backfill stores the same rows; a random month of incomes and reversals adds up."""
from __future__ import annotations

import importlib.util
import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from ledger import db
from ledger.operators.models import Operator
from ledger.public.models import OperatorMonth, ShareMonth
from tests.public.demo_ledger import YEAR

URL = f"/api/v1/communities/fenghe/public?year={YEAR}"
MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "2026_11_23_0007_public_month_figures.py"


def _rows(app):
    with app.app_context(), db.unit_of_work(app) as session:
        gross = sorted(tuple(r) for r in session.execute(select(
            OperatorMonth.community_id, OperatorMonth.month, OperatorMonth.operator_id, OperatorMonth.gross)))
        shares = sorted(tuple(r) for r in session.execute(select(
            ShareMonth.community_id, ShareMonth.month, ShareMonth.operator_id, ShareMonth.account_id,
            ShareMonth.credit, ShareMonth.debit)))
    return gross, shares


def _operator_pages(client) -> list[str]:
    """The operator pages without the question form (its tokens are new on every visit)."""
    return [re.sub(r'<form class="question-form".*?</form>', "", client.get(
        f"/c/fenghe/operators/{code}?year={YEAR}&lang=en").get_data(as_text=True), flags=re.S)
        for code in ("cafe", "park")]


def test_closing_a_month_changes_no_figure(client, officer, demo):
    before = client.get(URL).json
    pages = _operator_pages(client)
    assert officer.post("/api/v1/communities/fenghe/periods/2026-03/close").status_code == 201
    assert client.get(URL).json == before
    assert _operator_pages(client) == pages


def test_closed_months_hold_the_months_figures(app, demo):
    gross, shares = _rows(app)
    with app.app_context(), db.unit_of_work(app) as session:
        codes = dict(session.execute(select(Operator.id, Operator.code)).all())
    # January and February are closed; March is open and has no rows.
    assert {(m.isoformat()[:7], codes[op]): fen for _, m, op, fen in gross} == {
        ("2026-01", "cafe"): 30000, ("2026-01", "park"): 200000, ("2026-01", "canteen"): 50000,
        ("2026-02", "cafe"): -20000, ("2026-02", "park"): 50000}
    assert {(m.isoformat()[:7], codes[op]): (c, d) for _, m, op, _, c, d in shares} == {
        ("2026-01", "cafe"): (3000, 0), ("2026-01", "park"): (15000, 0), ("2026-01", "canteen"): (4000, 0),
        ("2026-02", "cafe"): (0, 2000), ("2026-02", "park"): (2500, 0)}


def test_the_migration_backfills_the_same_rows(app, demo):
    stored = _rows(app)
    assert stored[0] and stored[1]
    spec = importlib.util.spec_from_file_location("public_month_figures", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with app.app_context(), db.unit_of_work(app) as session:
        session.execute(delete(ShareMonth))
        session.execute(delete(OperatorMonth))
        migration.backfill(session.connection())
    assert _rows(app) == stored


def _share(total_fen: int, percent: str) -> int:
    return int((Decimal(total_fen) * Decimal(percent) / 100).to_integral_value(ROUND_HALF_UP))


@pytest.mark.parametrize("seed", [7])
def test_a_random_quarter_adds_up(client, officer, make_operator, post_income, seed):
    rates = {"cafe": "10", "park": "7.5"}
    make_operator("cafe", percent=rates["cafe"])
    make_operator("park", settlement="operator_collects", kind="parking", percent=rates["park"])
    rng = random.Random(seed)
    gross = {}  # (month, operator) -> fen, net of reversals dated in the same month
    for _ in range(24):
        operator, month, day = rng.choice(list(rates)), rng.randint(1, 3), rng.randint(1, 20)
        fen = rng.randint(1, 99999)
        posted = post_income(operator, f"{fen // 100}.{fen % 100:02d}", f"2026-{month:02d}-{day:02d}")
        gross[month, operator] = gross.get((month, operator), 0) + fen
        if rng.random() < 0.25:  # reversed later in the same month
            r = officer.post(f"/api/v1/communities/fenghe/incomes/{posted['id']}/reversal",
                             json={"reason": "wrong", "occurred_on": f"2026-{month:02d}-{day + 5:02d}"})
            assert r.status_code == 201, r.json
            gross[month, operator] -= fen
    before = client.get(URL).json
    months = {m["month"]: {i["operator"]: i["amount"] for i in m["inflows"]} for m in before["months"]}
    for (month, operator), fen in gross.items():
        expected = _share(fen, rates[operator])  # the period-exact rule: one rounding per month
        assert months[f"2026-{month:02d}"][operator] == f"{expected // 100}.{expected % 100:02d}"
    total = sum(_share(fen, rates[op]) for (_, op), fen in gross.items())
    balance = officer.get("/api/v1/communities/fenghe/accounts/311.public_benefit/balance").json["balance"]
    assert before["fund"]["balance"] == balance == f"{total // 100}.{total % 100:02d}"
    assert before["fund"]["inflow"] == balance and before["fund"]["outflow"] == "0.00"
    for month in ("2026-01", "2026-02", "2026-03"):
        assert officer.post(f"/api/v1/communities/fenghe/periods/{month}/close").status_code == 201
    assert client.get(URL).json == before


def test_a_second_fund_has_its_own_figures_and_column(app, client, officer, make_operator, post_income):
    from ledger.communities.models import Community
    from ledger.funds.models import Fund
    from ledger.journal.models import Account
    r = officer.post("/api/v1/communities/fenghe/accounts",
                     json={"code": "311.library", "name": "公积公益金-图书角", "type": "equity", "parent": "311"})
    assert r.status_code == 201, r.json
    with app.app_context(), db.unit_of_work(app) as session:
        community = session.execute(select(Community)).scalar_one()
        account = session.execute(select(Account).where(Account.code == "311.library")).scalar_one()
        session.add(Fund(community_id=community.id, code="library", name="图书角基金", kind="earmarked",
                         account_id=account.id, created_by="system"))
    make_operator("cafe", shares=[{"to": "public_benefit", "percent": "10"}, {"to": "library", "percent": "2.5"}])
    post_income("cafe", "200.00", "2026-04-01")  # 20.00 and 5.00
    body = client.get(URL).json
    assert [(f["code"], f["balance"], f["inflow"]) for f in body["funds"]] == [
        ("public_benefit", "20.00", "20.00"), ("library", "5.00", "5.00")]
    assert body["operators"][0]["to_fund"] == "20.00" and body["operators"][0]["shared"] == "25.00"
    html = client.get(f"/c/fenghe/operators/cafe?year={YEAR}&lang=en").get_data(as_text=True)
    assert "To 公益金" in html and "To 图书角基金" in html
    assert "All funds" in client.get(f"/c/fenghe?year={YEAR}&lang=en").get_data(as_text=True)
