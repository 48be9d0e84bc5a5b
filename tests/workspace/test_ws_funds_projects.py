"""Funds and projects pages: balances with what is committed, the project list and its
form (refusals keep what was typed, next to the field, and write nothing), one project
with its budget, spending and disbursements."""
from __future__ import annotations

import re

import pytest

from ledger.projects.models import Project
from tests.workspace import money
from tests.workspace.money import API, draft
from tests.workspace.pages import field_errors, text_of

checker = money.checker  # a fixture
funded = money.funded  # a fixture

PROJECTS = "/w/fenghe/projects"


def fund_row(response, code: str) -> list[str]:
    """The words of a fund's row in the table."""
    row = response.get_data(as_text=True).split(f'data-fund="{code}">', 1)[1].split("</tr>", 1)[0]
    return re.sub(r"<[^>]+>", " ", row).split()


def test_the_funds_page_shows_balance_committed_and_available(clerk, funded, officer, make_user):
    approver = make_user("approver", "fenghe", username="approver-api")
    made = officer.post(f"{API}/disbursements", json={"project": "library", "amount": "1234.50", "payee": "李四",
                                                      "purpose": "书"}).json["id"]
    assert officer.post(f"{API}/disbursements/{made}/submit").status_code == 200
    assert approver.post(f"{API}/disbursements/{made}/approve", json={}).status_code == 200
    page = clerk.get("/w/fenghe/funds")
    assert page.status_code == 200
    # 10,000.00 in; 1,234.50 approved and unpaid; 10,000.00 - 1,234.50 = 8,765.50 still free.
    assert fund_row(page, "public_benefit") == ["公益金", "public_benefit", "公益金", "10,000.00",
                                                        "1,234.50", "8,765.50"]


def test_the_projects_page_lists_budgets_and_adds_a_project(clerk, funded, count):
    listed = text_of(clerk.get(PROJECTS))
    assert "社区书屋" in listed and "5,000.00" in listed
    response = clerk.post(PROJECTS, {"code": "garden", "name": "屋顶花园", "purpose": "种菜", "budget": "800.00",
                                     "fund": "public_benefit"})
    assert response.status_code == 303 and response.location == "/w/fenghe/projects/garden"
    shown = text_of(clerk.get(response.location))
    assert "屋顶花园" in shown and "已添加项目" in shown and "800.00" in shown and "种菜" in shown
    assert count(Project) == 2


@pytest.mark.parametrize("field, typed, message", [
    ("code", "Bad Code", "1-32 个小写字母"),
    ("budget", "12.345", "不是有效金额（最多两位小数）：'12.345'"),
    ("budget", "", "必填"),
    ("fund", "nowhere", "没有基金 'nowhere'"),
    ("code", "library", "已存在"),
])
def test_a_wrong_project_is_refused_next_to_the_field_and_nothing_is_written(clerk, funded, count, field,
                                                                               typed, message):
    fields = {"code": "garden", "name": "屋顶花园", "purpose": "种一些很特别的菜", "budget": "800.00",
              "fund": "public_benefit", field: typed}
    response = clerk.post(PROJECTS, fields)
    assert response.status_code in (409, 422)
    assert any(message in m for m in field_errors(response, field)), field_errors(response, field)
    assert "种一些很特别的菜" in response.get_data(as_text=True)  # what was typed is kept
    assert "未保存任何内容" in text_of(response)
    assert count(Project) == 1


def test_a_project_shows_its_budget_spending_and_disbursements(clerk, funded):
    ident = draft(clerk, amount="300.00", payee="王五")
    shown = text_of(clerk.get("/w/fenghe/projects/library"))
    assert "5,000.00" in shown and "王五" in shown and "300.00" in shown and "草稿" in shown
    assert f"/w/fenghe/disbursements/{ident}" in clerk.get("/w/fenghe/projects/library").get_data(as_text=True)


def test_approvers_see_funds_and_projects_but_cannot_add_a_project(checker, funded, count):
    assert checker.get("/w/fenghe/funds").status_code == 200
    page = checker.get(PROJECTS)
    assert page.status_code == 200 and "社区书屋" in text_of(page)
    assert 'name="budget"' not in page.get_data(as_text=True)
    refused = checker.post(PROJECTS, {"code": "garden", "name": "x", "budget": "1.00", "fund": "public_benefit"})
    assert refused.status_code == 403
    assert count(Project) == 1


def test_other_communities_and_signed_out_visitors_are_kept_out(person, make_community, web, funded):
    make_community("yuelu", "悦麓社区")
    elsewhere = person("officer", "yuelu", username="officer-yuelu")
    for path in ("/w/fenghe/funds", PROJECTS, "/w/fenghe/projects/library"):
        assert elsewhere.get(path).status_code == 403, path
        assert web().get(path).status_code == 303, path


def test_an_unknown_project_is_404(clerk, funded):
    assert clerk.get("/w/fenghe/projects/nothing").status_code == 404
