"""Compounds (信托制物业) in the workspace: adding one with its remuneration rule, its
monthly statement (the API's figures), the disclosure workbook, and a fixed monthly
remuneration; every refusal explained next to its field, with nothing written."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ledger.journal.models import JournalTransaction
from ledger.trust.models import Compound, FixedRemuneration
from tests.exports.export_downloads import download
from tests.workspace.pages import field_errors, text_of

COMPOUNDS = "/w/fenghe/compounds"
XINGFULI = {"code": "xingfuli", "name": "幸福里小区", "remuneration_percent": "10", "effective_from": "2026-01-01"}


@pytest.fixture
def xingfuli(clerk):
    """幸福里: 10 % of 物业费 to the property company, the rest of everything to the trust fund."""
    response = clerk.post(COMPOUNDS, XINGFULI)
    assert response.status_code == 303, text_of(response)
    return "xingfuli"


def test_an_officer_adds_a_compound_and_lands_on_its_statement(clerk, count):
    empty = text_of(clerk.get(COMPOUNDS))
    assert "还没有小区" in empty and "新增小区" in empty
    response = clerk.post(COMPOUNDS, XINGFULI)
    assert response.status_code == 303
    assert response.location.startswith("/w/fenghe/compounds/xingfuli")
    page = text_of(clerk.get(response.location))
    assert "已新增小区 幸福里小区：其收入请登记在经营主体 xingfuli 下" in page
    assert "231.xingfuli" in page and "211.xingfuli.remuneration" in page
    listed = text_of(clerk.get(COMPOUNDS))
    assert "幸福里小区" in listed and "231.xingfuli" in listed
    assert count(Compound) == 1


def test_the_statement_shows_the_apis_figures(clerk, xingfuli, post_income, officer):
    post_income("xingfuli", "1000.00", "2026-03-05", category="物业费")
    post_income("xingfuli", "200.00", "2026-03-06", category="停车")
    api = officer.get("/api/v1/communities/fenghe/compounds/xingfuli/statement?month=2026-03").json
    # 1,200.00 earned; 10 % of the 1,000.00 物业费 is the remuneration; 1,100.00 stays with the owners.
    assert (api["income_total"], api["remuneration"], api["closing_balance"]) == ("1200.00", "100.00", "1100.00")
    html = clerk.get(f"{COMPOUNDS}/xingfuli?month=2026-03").get_data(as_text=True)
    assert 'data-testid="income-total">1,200.00<' in html
    assert 'data-testid="remuneration">100.00<' in html
    assert 'data-testid="closing">1,100.00<' in html
    page = text_of(clerk.get(f"{COMPOUNDS}/xingfuli?month=2026-03"))
    assert "2026-03 收支公示" in page and "物业费 1,000.00" in page and "停车 200.00" in page


def test_the_disclosure_workbook_is_linked_and_opens(clerk, xingfuli, post_income):
    post_income("xingfuli", "1000.00", "2026-03-05", category="物业费")
    html = clerk.get(f"{COMPOUNDS}/xingfuli?month=2026-03").get_data(as_text=True)
    link = "/api/v1/communities/fenghe/compounds/xingfuli/disclosure.xlsx?month=2026-03&amp;lang=zh"
    assert f'href="{link}"' in html
    response = download(clerk, link.replace("&amp;", "&"))
    assert response.status == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["收支公示表"]


def test_a_month_that_is_not_a_month_is_marked(clerk, xingfuli):
    response = clerk.get(f"{COMPOUNDS}/xingfuli?month=2026-13")
    assert response.status_code == 422
    assert field_errors(response, "statement-month") == ["不是 YYYY-MM 格式的月份：'2026-13'"]
    assert 'data-testid="statement"' not in response.get_data(as_text=True)


@pytest.mark.parametrize(("change", "field", "message", "status"), [
    ({"code": "xingfuli"}, "code", "已存在", 409),
    ({"code": "cafe"}, "code", "已被某个经营主体使用", 409),
    ({"code": "Bad Code"}, "code", "1-32 位小写字母、数字、“_”或“-”，以字母开头", 422),
    ({"name": ""}, "name", "必填。", 422),
    ({"remuneration_percent": "150"}, "remuneration_percent", "比例必须大于 0 且不超过 100", 422),
])
def test_a_refused_compound_is_explained_next_to_its_field(clerk, xingfuli, cafe, count, change, field, message,
                                                           status):
    typed = {**XINGFULI, "code": "heping", "name": "和平里", **change}
    before = (count(Compound), count(JournalTransaction))
    response = clerk.post(COMPOUNDS, typed)
    assert response.status_code == status
    assert field_errors(response, field) == [message]
    assert "未保存任何内容" in text_of(response)
    html = response.get_data(as_text=True)
    for name in ("code", "name", "remuneration_percent"):
        assert f'value="{typed[name]}"' in html  # what was typed is kept
    assert (count(Compound), count(JournalTransaction)) == before


def test_a_fixed_remuneration_is_charged_once(clerk, post_income, count):
    response = clerk.post(COMPOUNDS, {"code": "heping", "name": "和平里", "effective_from": "2026-01-01"})
    assert response.status_code == 303
    post_income("heping", "1000.00", "2026-03-05", category="物业费")
    charged = clerk.post(f"{COMPOUNDS}/heping/remuneration", {"month": "2026-03", "amount": "300.00"})
    assert charged.status_code == 303
    page = text_of(clerk.get(charged.location))
    assert "已从共有资金计提 2026-03 固定酬金：300.00" in page
    html = clerk.get(f"{COMPOUNDS}/heping?month=2026-03").get_data(as_text=True)
    assert 'data-testid="remuneration">300.00<' in html and 'data-testid="closing">700.00<' in html
    again = clerk.post(f"{COMPOUNDS}/heping/remuneration", {"month": "2026-03", "amount": "300.00"})
    assert again.status_code == 409
    assert field_errors(again, "month") == ["已经入账"]
    assert "2026-03 的固定酬金已经计提" in text_of(again)
    assert count(FixedRemuneration) == 1


def test_a_remuneration_larger_than_the_trust_fund_is_refused(clerk, post_income, count):
    clerk.post(COMPOUNDS, {"code": "heping", "name": "和平里", "effective_from": "2026-01-01"})
    post_income("heping", "100.00", "2026-03-05", category="物业费")
    before = count(JournalTransaction)
    response = clerk.post(f"{COMPOUNDS}/heping/remuneration", {"month": "2026-03", "amount": "300.00"})
    assert response.status_code == 409
    assert field_errors(response, "amount") == ["超过共有资金的可用余额"]
    assert "共有资金可用余额为 100.00，少于 300.00" in text_of(response)
    assert 'value="300.00"' in response.get_data(as_text=True)
    assert count(JournalTransaction) == before and count(FixedRemuneration) == 0


def test_a_remuneration_without_an_amount_is_marked(clerk, xingfuli, count):
    response = clerk.post(f"{COMPOUNDS}/xingfuli/remuneration", {"month": "2026-03"})
    assert response.status_code == 422
    assert field_errors(response, "amount") == ["必填。"]
    assert count(FixedRemuneration) == 0


def test_an_unknown_compound_is_404(clerk):
    response = clerk.get(f"{COMPOUNDS}/nowhere")
    assert response.status_code == 404
    assert "没有小区 'nowhere'" in text_of(response)


def test_an_auditor_reads_the_statements_but_cannot_add(person, community, xingfuli, count):
    auditor = person("auditor", community)
    listed = auditor.get(COMPOUNDS)
    assert listed.status_code == 200 and "幸福里小区" in text_of(listed)
    assert "新增小区" not in text_of(listed)
    assert auditor.get(f"{COMPOUNDS}/xingfuli?month=2026-03").status_code == 200
    refused = auditor.post(COMPOUNDS, {**XINGFULI, "code": "heping"})
    assert refused.status_code == 403
    assert auditor.post(f"{COMPOUNDS}/xingfuli/remuneration", {"month": "2026-03", "amount": "1.00"}).status_code == 403
    assert count(Compound) == 1


def test_an_approver_and_strangers_are_kept_out(person, web, community, make_community):
    make_community("other", "别的社区")
    assert person("approver", community).get(COMPOUNDS).status_code == 403
    assert person("officer", "other", username="stranger").get(COMPOUNDS).status_code == 403
    signed_out = web().get(COMPOUNDS)
    assert signed_out.status_code == 303 and "/login" in signed_out.location


def test_a_form_without_the_csrf_token_writes_nothing(clerk, count):
    response = clerk.post(COMPOUNDS, XINGFULI, csrf=False)
    assert response.status_code == 400
    assert count(Compound) == 0


def test_the_menu_offers_compounds_and_import_to_an_officer_only_what_it_may(clerk, person, community):
    officer_menu = clerk.get("/w/fenghe/").get_data(as_text=True)
    assert 'href="/w/fenghe/compounds"' in officer_menu and 'href="/w/fenghe/imports"' in officer_menu
    auditor_menu = person("auditor", community).get("/w/fenghe/").get_data(as_text=True)
    assert 'href="/w/fenghe/compounds"' in auditor_menu and 'href="/w/fenghe/imports"' not in auditor_menu
