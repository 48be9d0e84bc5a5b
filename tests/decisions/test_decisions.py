"""Council decisions: recorded with votes and minutes, public, and the one rule that a
project budget above BUDGET_WITHOUT_DECISION (default 5,000.00) needs a decision approving
at least that budget, on creation and on every change."""
from __future__ import annotations

import hashlib
from io import BytesIO

import pytest

from ledger.communities.services import create_community
from ledger.core.errors import DecisionRequired
from ledger.projects.services import change_budget, create_project
from tests.council import approve, decision
from tests.funds.samples import pdf_bytes, png_bytes

BASE = "/api/v1/communities/fenghe"


def project(code: str, budget: str) -> dict:
    return {"code": code, "name": code, "purpose": "社区服务", "budget": budget, "fund": "public_benefit"}


@pytest.mark.parametrize("budget, status", [("5000.00", 201), ("5000.01", 409), ("48000.00", 409)])
def test_a_budget_above_the_threshold_needs_a_decision_on_creation(officer, database_state, budget, status):
    before = database_state()
    r = officer.post(f"{BASE}/projects", json=project("meals", budget))
    assert r.status_code == status, r.json
    if status == 409:
        assert r.json["code"] == "decision_required" and "budget" in r.json["errors"]
        assert database_state() == before


def test_a_decision_for_at_least_the_budget_lets_it_through(officer, client):
    approve(officer, {"meals": "48000.00", "lights": "12000.00"})
    assert officer.post(f"{BASE}/projects", json=project("meals", "48000.00")).status_code == 201
    assert officer.post(f"{BASE}/projects", json=project("lights", "9000.00")).status_code == 201
    refused = officer.post(f"{BASE}/projects", json=project("garden", "6000.00"))  # approved for others only
    assert refused.status_code == 409 and refused.json["code"] == "decision_required"


def test_raising_a_budget_needs_a_decision_for_the_new_amount(officer, database_state):
    assert officer.post(f"{BASE}/projects", json=project("garden", "4000.00")).status_code == 201
    before = database_state()
    r = officer.post(f"{BASE}/projects/garden/budget", json={"budget": "8000.00", "reason": "扩建"})
    assert r.status_code == 409 and r.json["code"] == "decision_required"
    assert database_state() == before
    approve(officer, {"garden": "7500.00"})
    assert officer.post(f"{BASE}/projects/garden/budget", json={"budget": "8000.00", "reason": "扩建"}).status_code == 409
    approve(officer, {"garden": "8000.00"}, decided_on="2026-02-01")
    r = officer.post(f"{BASE}/projects/garden/budget", json={"budget": "8000.00", "reason": "议事会追加"})
    assert r.status_code == 201 and r.json["budget"] == "8000.00"
    assert officer.post(f"{BASE}/projects/garden/budget", json={"budget": "3000.00", "reason": "削减"}).status_code == 201


def test_every_path_meets_the_rule_in_the_service(app, session):
    """The API, the workspace and the demo all call create_project / change_budget."""
    with app.app_context():
        community = create_community(session, "west", "西社区", created_by="system")
        with pytest.raises(DecisionRequired):
            create_project(session, community, {**project("x", "0"), "budget": 500_001}, created_by="t")
        create_project(session, community, {**project("x", "0"), "budget": 500_000}, created_by="t")
        with pytest.raises(DecisionRequired):
            change_budget(session, community, "x", 600_000, "more", changed_by="t")


def test_the_threshold_is_a_setting(app, officer):
    app.config["LEDGER"]["BUDGET_WITHOUT_DECISION"] = "20000.00"
    assert officer.post(f"{BASE}/projects", json=project("meals", "20000.00")).status_code == 201
    assert officer.post(f"{BASE}/projects", json=project("lights", "20000.01")).status_code == 409


@pytest.mark.parametrize("change, field", [
    ({"attendance": 10}, "attendance"),  # 15 + 2 + 1 votes, 10 present
    ({"votes_for": 2, "votes_against": 2}, "votes_for"),  # approves budgets without carrying
    ({"decided_on": "2999-01-01"}, "decided_on"),
    ({"votes_for": "15"}, "votes_for"),  # a number as text
    ({"votes_for": -1}, "votes_for"),
    ({"body": ""}, "body"),
    ({"subject": "x" * 501}, "subject"),
    ({"projects": [{"code": "meals", "budget": "1.00"}, {"code": "meals", "budget": "2.00"}]}, "projects.1.code"),
    ({"projects": [{"code": "Meals!", "budget": "1.00"}]}, "projects.0.code"),
    ({"projects": [{"code": "meals", "budget": "12.345"}]}, "projects.0.budget"),
    ({"projects": [{"code": "meals", "budget": 100}]}, "projects.0.budget"),
])
def test_a_bad_decision_is_refused_with_the_field_named(officer, database_state, change, field):
    before = database_state()
    r = officer.post(f"{BASE}/decisions", json={**decision({"meals": "48000.00"}), **change})
    assert r.status_code == 422, r.json
    assert field in r.json["errors"], r.json
    assert database_state() == before


def test_a_decision_without_budgets_may_be_lost(officer):
    r = officer.post(f"{BASE}/decisions", json=decision({}, votes=(3, 9, 1), attendance=13, subject="否决：拆除花坛"))
    assert r.status_code == 201 and r.json["projects"] == [] and r.json["votes_against"] == 9


def upload(user, decision_id: int, data: bytes, name: str = "minutes.pdf"):
    return user.post(f"{BASE}/decisions/{decision_id}/minutes", content_type="multipart/form-data",
                     data={"file": (BytesIO(data), name)})


def test_minutes_are_stored_by_sha256_once_and_public_by_their_hash(app, officer, auditor, client):
    made = approve(officer, {"meals": "48000.00"})
    minutes = pdf_bytes("minutes of the council")
    digest = hashlib.sha256(minutes).hexdigest()
    r = upload(officer, made["id"], minutes)
    assert r.status_code == 201 and r.json["minutes"] == {"sha256": digest, "content_type": "application/pdf",
                                                           "size": len(minutes)}
    assert upload(officer, made["id"], minutes).status_code == 200  # the same file again
    other = upload(officer, made["id"], png_bytes(), "scan.png")
    assert other.status_code == 409 and "file" in other.json["errors"]
    stored = app.instance_path + f"/vouchers/{digest[:2]}/{digest}"
    with open(stored, "rb") as handle:
        assert handle.read() == minutes
    listed = client.get(f"{BASE}/decisions").json
    assert [(d["id"], d["minutes"]["sha256"], d["projects"]) for d in listed] == [
        (made["id"], digest, [{"code": "meals", "budget": "48000.00"}])]
    assert client.get(f"{BASE}/decisions/{made['id']}/minutes").status_code == 401
    download = auditor.get(f"{BASE}/decisions/{made['id']}/minutes")
    assert download.status_code == 200 and download.data == minutes
    download.close()


@pytest.mark.parametrize("data, name", [(b"<html>not a pdf</html>", "minutes.pdf"), (b"", "empty.pdf"),
                                        (pdf_bytes(), "../../etc/passwd")])
def test_minutes_that_are_not_a_document_are_refused(officer, database_state, data, name):
    made = approve(officer, {})
    before = database_state()
    r = upload(officer, made["id"], data, name)
    assert r.status_code == 422 and "file" in r.json["errors"]
    assert database_state() == before


def test_the_project_page_shows_the_decision_and_its_minutes_hash(officer, client):
    made = approve(officer, {"meals": "48000.00"}, subject="老年助餐年度预算", body="红色议事会")
    digest = upload(officer, made["id"], pdf_bytes("minutes")).json["minutes"]["sha256"]
    assert officer.post(f"{BASE}/projects", json=project("meals", "30000.00")).status_code == 201
    html = client.get("/c/fenghe/projects/meals?lang=en").get_data(as_text=True)
    section = html[html.index('id="decisions"'):html.index('id="questions"')]
    assert "老年助餐年度预算" in section and "红色议事会" in section and digest in section
    assert "¥48,000.00" in section and "For 15, against 2, abstaining 1; 19 present." in section
    assert client.get(f"{BASE}/decisions?project=meals").json[0]["id"] == made["id"]
    assert client.get(f"{BASE}/decisions?project=other").json == []
    assert client.get(f"{BASE}/decisions?project=a%00b").status_code == 422
