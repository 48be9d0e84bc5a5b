"""The officers' side of residents' voice: the queue of questions (release, refuse with a
reason, answer; the contact masked, in full on its own page), council decisions with
their minutes, the budget rule on the projects page, and the decision behind a project
in the approver's queue. Refusals are explained on the page and write nothing."""
from __future__ import annotations

import hashlib
from io import BytesIO

import pytest

from ledger.decisions.models import ApprovedBudget, Decision
from ledger.projects.models import Project
from tests.council import approve
from tests.funds.samples import pdf_bytes
from tests.workspace import money
from tests.workspace.money import submitted
from tests.workspace.pages import text_of

checker = money.checker  # a fixture
funded = money.funded  # a fixture

API = "/api/v1/communities/fenghe"
QUEUE, DECISIONS = "/w/fenghe/questions", "/w/fenghe/decisions"


@pytest.fixture
def asked(funded, client):
    """Two questions about the project "library", the first with a contact; their ids."""
    ids = []
    for text, contact in (("书屋周末开吗？", "13812348888"), ("买了哪些书？", "")):
        r = client.post(f"{API}/questions", json={"about": {"kind": "project", "ref": "library"}, "text": text,
                                                   "name": "陈阿姨", "contact": contact})
        assert r.status_code == 201, r.json
        ids.append(r.json["id"])
    return ids


def test_the_queue_shows_waiting_questions_with_the_contact_masked(clerk, asked):
    page = clerk.get(QUEUE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "书屋周末开吗？" in html and "买了哪些书？" in html
    assert "138****8888" in html and "13812348888" not in html
    full = clerk.get(f"{QUEUE}/{asked[0]}/contact")
    assert full.status_code == 200 and "13812348888" in full.get_data(as_text=True)


def test_release_answer_and_refuse_from_the_queue(clerk, asked, client, count):
    first, second = asked
    assert clerk.post(f"{QUEUE}/{first}/release").status_code == 303
    answered = clerk.post(f"{QUEUE}/{first}/answer", {"text": "周末 9:00-17:00 开放。"})
    assert answered.status_code == 303 and answered.location == QUEUE
    refused = clerk.post(f"{QUEUE}/{second}/refuse", {"reason": "重复提问"})
    assert refused.status_code == 303
    shown = {q["id"]: q for q in client.get(f"{API}/questions").json["items"]}
    assert shown[first]["answer"]["text"] == "周末 9:00-17:00 开放。" and shown[second]["refusal"]["reason"] == "重复提问"
    page = clerk.get(QUEUE).get_data(as_text=True)
    assert 'data-testid="queue-empty"' in page and f'data-testid="handled-{first}"' in page


def test_a_refusal_without_a_reason_is_explained_and_writes_nothing(clerk, asked, app):
    refused = clerk.post(f"{QUEUE}/{asked[0]}/refuse", {"reason": "  "})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'class="field-error"' in html and 'data-testid="question-1"' in html
    again = clerk.post(f"{QUEUE}/{asked[0]}/release")
    assert again.status_code == 303
    assert clerk.post(f"{QUEUE}/{asked[0]}/release").status_code == 409  # already released: said on the queue


def test_who_may_open_the_queue(person, asked, web):
    auditor = person("auditor", "fenghe", username="auditor-q")
    assert auditor.get(QUEUE).status_code == 200 and 'data-testid="release-' not in auditor.get(QUEUE).get_data(
        as_text=True)
    assert auditor.post(f"{QUEUE}/{asked[0]}/release").status_code == 403
    assert person("approver", "fenghe", username="approver-q").get(QUEUE).status_code == 403
    assert web().get(QUEUE).status_code == 303


def test_a_decision_is_recorded_with_its_budgets_and_minutes(clerk, count, client):
    r = clerk.post(DECISIONS, {"decided_on": "2026-01-10", "body": "居民议事会", "subject": "书屋扩建",
                               "votes_for": "12", "votes_against": "1", "abstentions": "0", "attendance": "14",
                               "projects": "library 20000.00\n\nreading，3000"})
    assert r.status_code == 303, text_of(r)
    [listed] = client.get(f"{API}/decisions").json
    assert listed["projects"] == [{"code": "library", "budget": "20000.00"}, {"code": "reading", "budget": "3000.00"}]
    minutes = pdf_bytes("minutes")
    attached = clerk.post(f"{DECISIONS}/{listed['id']}/minutes", {"file": (BytesIO(minutes), "纪要.pdf")},
                          content_type="multipart/form-data")
    assert attached.status_code == 303
    page = clerk.get(DECISIONS).get_data(as_text=True)
    assert hashlib.sha256(minutes).hexdigest() in page and "纪要.pdf" in page
    with clerk.get(f"{DECISIONS}/{listed['id']}/minutes") as shown:
        assert shown.status_code == 200 and shown.data == minutes


@pytest.mark.parametrize("change, field", [({"attendance": "5"}, "attendance"), ({"votes_for": "十二"}, "votes_for"),
                                           ({"projects": "library"}, "projects"), ({"subject": ""}, "subject")])
def test_a_bad_decision_form_is_explained_and_writes_nothing(clerk, count, change, field):
    fields = {"decided_on": "2026-01-10", "body": "居民议事会", "subject": "书屋扩建", "votes_for": "12",
              "votes_against": "1", "abstentions": "0", "attendance": "14", "projects": "library 20000.00", **change}
    r = clerk.post(DECISIONS, fields)
    assert r.status_code == 422 and 'class="field-error"' in r.get_data(as_text=True)
    assert count(Decision) == 0 and count(ApprovedBudget) == 0


def test_the_projects_page_keeps_the_budget_rule(clerk, community, officer, count):
    fields = {"code": "garden", "name": "屋顶花园", "purpose": "种菜", "budget": "8000.00", "fund": "public_benefit"}
    refused = clerk.post("/w/fenghe/projects", fields)
    assert refused.status_code == 409 and count(Project) == 0
    assert 'data-testid="refusal"' in refused.get_data(as_text=True)
    approve(officer, {"garden": "8000.00"})
    assert clerk.post("/w/fenghe/projects", fields).status_code == 303 and count(Project) == 1


def test_the_approver_sees_the_decision_behind_the_project(clerk, funded, checker, officer):
    approve(officer, {"library": "5000.00"}, subject="社区书屋年度购书预算")
    submitted(clerk, pdf_bytes())
    html = checker.get("/w/fenghe/approvals").get_data(as_text=True)
    behind = html[html.index('data-testid="decisions-behind"'):]
    assert "社区书屋年度购书预算" in behind and "5,000.00" in behind
