"""Job fixtures: a community with a café and a few incomes, and jobs made by hand."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ledger import db
from ledger.communities.models import Community
from ledger.jobs.models import Job


@pytest.fixture
def cafe_incomes(make_operator, post_income):
    """fenghe's café (10 % to the public-benefit fund) with six incomes in March 2026."""
    make_operator("cafe", name="咖啡吧", percent="10")
    for day in range(1, 7):
        post_income("cafe", f"{day}00.00", f"2026-03-0{day}")
    return "fenghe"


@pytest.fixture
def make_job(app, community):
    """make_job(kind="audit_workbook", **columns) -> id of a job row written directly
    (no queue is told of it)."""
    def make(kind: str = "audit_workbook", **columns) -> int:
        params = columns.pop("params", {"from": "2026-01-01", "to": "2026-12-31", "lang": "zh"})
        with app.app_context(), db.unit_of_work(app) as session:
            fenghe = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
            job = Job(community_id=fenghe.id, kind=kind, params=params, created_by="auditor1", **columns)
            session.add(job)
            session.flush()
            return job.id
    return make


@pytest.fixture
def job_row(app):
    """job_row(id) -> the job's row as it is now."""
    def read(job_id: int) -> Job:
        with app.app_context(), db.unit_of_work(app, write=False) as session:
            return session.get(Job, job_id)
    return read
