"""Fixtures of residents' questions: a community with something to ask about."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ledger import db
from ledger.communities.models import Community
from ledger.questions import services
from ledger.timeutil import local_today, utcnow

BASE = "/api/v1/communities/fenghe"


@pytest.fixture
def subjects(officer, make_operator, post_income):
    """A project "lights", an operator "cafe" with an income (journal entry 1)."""
    make_operator("cafe", name="邻里咖啡吧", percent="10")
    post_income("cafe", "100.00", "2026-03-05")
    r = officer.post(f"{BASE}/projects", json={"code": "lights", "name": "楼道照明", "purpose": "换灯",
                                               "budget": "3000.00", "fund": "public_benefit"})
    assert r.status_code == 201, r.json
    return {"project": "lights", "operator": "cafe", "transaction": 1}


@pytest.fixture
def ask(client):
    """ask(text, kind="project", ref="lights", **fields) -> the answer to POST /questions."""
    def post(text: str = "灯什么时候换？", kind: str = "project", ref="lights", month: str | None = None, **fields):
        about = {"kind": kind, "ref": ref, **({"month": month} if month else {})}
        return client.post(f"{BASE}/questions", json={"about": about, "text": text, **fields})
    return post


@pytest.fixture
def asked_days_ago(app):
    """asked_days_ago(days, text) -> id of a question about "lights" asked that many days ago."""
    def make(days: float, text: str = "很久以前的问题") -> int:
        with app.app_context(), db.unit_of_work(app) as session:
            community = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
            question = services.ask(session, community, {"about": {"kind": "project", "ref": "lights"},
                                                         "text": text, "name": "", "contact": ""},
                                    now=utcnow() - timedelta(days=days), today=local_today())
            return question.id
    return make


