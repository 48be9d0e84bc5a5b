"""Import fixtures: a community with two operators, files written as a till would, and a
way to run an import through the service the CLI and the API share."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from ledger import db
from ledger.communities.models import Community
from ledger.imports import services
from ledger.imports.models import ImportBatch
from ledger.incomes.models import Income
from ledger.journal.models import Account, JournalTransaction, Posting


@pytest.fixture
def shop(make_operator):
    """咖啡吧 (cafe: 10 % to the public-benefit fund, the community collects) and 食堂
    (canteen: 5 %, the operator keeps the till)."""
    make_operator("cafe", name="咖啡吧", percent="10")
    make_operator("canteen", name="食堂", kind="canteen", settlement="operator_collects", percent="5")
    return "fenghe"


@pytest.fixture
def run_import(app):
    """run_import(data, commit=False, name=..., **options) -> (outcome, collected report)."""
    def run(data: bytes, *, commit: bool = False, name: str = "incomes.csv", created_by: str = "officer1",
            **options):
        report = services.Collected()
        with app.app_context(), db.unit_of_work(app, write=commit) as session:
            community = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
            outcome = services.run_import(session, community, io.BytesIO(data), file_name=name, commit=commit,
                                          created_by=created_by, options=services.Options(**options),
                                          report=report)
        return outcome, report
    return run


@pytest.fixture
def ledger_counts(app):
    """() -> (incomes, journal transactions, import batches) in the database."""
    def counts() -> tuple[int, int, int]:
        with app.app_context(), db.unit_of_work(app, write=False) as session:
            return tuple(session.execute(select(func.count()).select_from(table)).scalar_one()
                         for table in (Income, JournalTransaction, ImportBatch))
    return counts


@pytest.fixture
def account_balance(app):
    """account_balance(code) -> signed fen (debit > 0) posted to an account of fenghe."""
    def balance(code: str) -> int:
        with app.app_context(), db.unit_of_work(app, write=False) as session:
            total = session.execute(select(func.coalesce(func.sum(Posting.amount), 0))
                                    .join(Account, Account.id == Posting.account_id)
                                    .join(Community, Community.id == Account.community_id)
                                    .where(Community.code == "fenghe", Account.code == code)).scalar_one()
        return int(total)
    return balance
