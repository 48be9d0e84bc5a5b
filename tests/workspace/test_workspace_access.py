"""Who may open what: officers' forms are for officers of the community; approvers and
auditors cannot reach them; a role outside its communities gets 403; admins keep to
their own pages; nobody gets in without signing in."""
from __future__ import annotations

import pytest

from ledger.incomes.models import Income
from ledger.jobs.models import Job
from ledger.operators.models import Operator
from tests.workspace.pages import text_of

OFFICER_PAGES = ["/w/fenghe/incomes", "/w/fenghe/operators", "/w/fenghe/agreements", "/w/fenghe/agreements/new",
                 "/w/fenghe/periods"]
OFFICER_FORMS = [
    ("/w/fenghe/incomes", {"operator": "cafe", "amount": "5.00", "occurred_on": "2026-03-05", "channel": "cash"}),
    ("/w/fenghe/operators", {"code": "bakery", "name": "面包房", "kind": "other", "settlement": "community_collects"}),
    ("/w/fenghe/agreements", {"operator": "cafe", "effective_from": "2027-01-01", "shares-0-to": "public_benefit",
                              "shares-0-percent": "20"}),
    ("/w/fenghe/agreements/preview", {"shares-0-to": "public_benefit", "shares-0-percent": "20", "amounts": "1"}),
    ("/w/fenghe/periods/close", {"month": "2026-01"}),
    ("/w/fenghe/incomes/1/reversal", {"reason": "x"}),
]
AUDIT_PAGES = ["/w/fenghe/audit"]
ADMIN_PAGES = ["/w/admin/users", "/w/admin/communities"]


@pytest.fixture
def others(person, make_community, community):
    make_community("yuelu", "悦麓社区")
    return {
        "approver": person("approver", "fenghe", username="approver1"),
        "auditor": person("auditor", "fenghe", username="auditor2"),
        "elsewhere": person("officer", "yuelu", username="officer-yuelu"),
        "admin": person("admin", username="root2"),
    }


def test_officer_pages_and_forms_are_403_for_everyone_else(others, cafe, post_income, count):
    post_income("cafe", "10.00")
    for who, browser in others.items():
        for path in OFFICER_PAGES:
            assert browser.get(path).status_code == 403, (who, path)
        for path, data in OFFICER_FORMS:
            assert browser.post(path, data).status_code == 403, (who, path)
    assert count(Income) == 1 and count(Operator) == 1


def test_the_403_page_says_why_in_the_readers_language(others):
    page = others["approver"].get("/w/fenghe/incomes")
    assert "您的角色不允许在社区 'fenghe' 执行此操作" in text_of(page)


def test_the_audit_page_is_for_auditors_and_officers_of_the_community(others, clerk, count):
    expected = {"approver": 403, "elsewhere": 403, "admin": 403, "auditor": 200}
    for path in AUDIT_PAGES:
        assert clerk.get(path).status_code == 200
        for who, status in expected.items():
            assert others[who].get(path).status_code == status, (who, path)
    for who, status in {**expected, "auditor": 303}.items():  # asking for a job from the page
        response = others[who].post("/w/fenghe/audit/jobs", {"kind": "chain_verification"})
        assert response.status_code == status, who
    assert count(Job) == 1


def test_the_overview_is_open_to_every_role_of_the_community_and_lists_what_it_may_do(others, clerk):
    approver = text_of(others["approver"].get("/w/fenghe/"))
    assert "风和社区" in approver and "审批人" in approver
    assert "收入登记" not in approver and "审计" not in approver
    auditor = text_of(others["auditor"].get("/w/fenghe/"))
    assert "审计" in auditor and "收入登记" not in auditor
    assert "收入登记" in text_of(clerk.get("/w/fenghe/"))
    assert others["elsewhere"].get("/w/fenghe/").status_code == 403


def test_admin_pages_are_for_admins_only(others, clerk):
    for path in ADMIN_PAGES:
        assert others["admin"].get(path).status_code == 200
        for who in (clerk, others["auditor"], others["approver"]):
            assert who.get(path).status_code == 403, path
    assert clerk.post("/w/admin/users", {"username": "sneaky", "role": "admin"}).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in_and_back(web, community):
    for path in ("/w/", "/w/fenghe/", *OFFICER_PAGES, *AUDIT_PAGES, *ADMIN_PAGES):
        response = web().get(path)
        assert response.status_code == 303, path
        assert response.location == f"/login?next={path}"


def test_a_signed_out_form_writes_nothing(web, cafe, count):
    browser = web()
    response = browser.post(*OFFICER_FORMS[0])
    assert response.status_code == 303 and response.location.startswith("/login")
    assert count(Income) == 0


def test_an_unknown_community_is_404(clerk):
    assert clerk.get("/w/nowhere/incomes").status_code == 404
