"""The pages a resident would type: /c/{c}/operators and /c/{c}/projects, and error pages
in the reader's language with a way back."""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests.public.demo_ledger import YEAR


def html_of(response) -> str:
    return unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("kind, key", [("operators", "code"), ("projects", "code")])
def test_each_list_has_its_page_linking_every_entry(published, kind, key):
    summary = published.get(f"/api/v1/communities/fenghe/public?year={YEAR}").json
    response = published.get(f"/c/fenghe/{kind}?year={YEAR}")
    assert response.status_code == 200
    html = html_of(response)
    assert '<html lang="zh-CN">' in html and 'name="viewport"' in html
    linked = re.findall(rf'href="/c/fenghe/{kind}/([\w-]+)', html)
    assert summary[kind] and sorted(set(linked)) == sorted(entry[key] for entry in summary[kind])
    assert 'aria-current="page"' in html


def test_the_operators_page_shows_the_summary_figures(published):
    summary = published.get(f"/api/v1/communities/fenghe/public?year={YEAR}").json
    html = html_of(published.get(f"/c/fenghe/operators?year={YEAR}&lang=en"))
    assert '<html lang="en">' in html
    shown = dict(re.findall(r'data-operator="([\w-]+)".*?<data class="gross" value="([-\d.]+)"', html, re.S))
    assert shown == {op["code"]: op["gross"] for op in summary["operators"]}


def test_the_navigation_leads_to_the_lists(published):
    html = html_of(published.get("/c/fenghe/journal"))
    assert 'href="/c/fenghe/operators' in html and 'href="/c/fenghe/projects' in html


@pytest.mark.parametrize("lang, says, back", [
    ("zh", "没有这个页面", "返回社区公开账目首页"),
    ("en", "There is no such page", "Back to the community's public accounts")])
def test_a_missing_page_speaks_the_page_language_and_links_home(published, lang, says, back):
    response = published.get(f"/c/fenghe/nothing-here?lang={lang}")
    assert response.status_code == 404
    html = html_of(response)
    assert says in html and back in html and 'href="/c/fenghe"' in html
    assert "requested URL" not in html and "If you entered the URL manually" not in html


def test_an_unknown_community_links_to_the_sign_in_page(published):
    response = published.get("/c/nowhere-at-all/operators?lang=zh")
    assert response.status_code == 404
    html = html_of(response)
    assert 'href="/login"' in html and '<html lang="zh-CN">' in html


def test_the_api_still_answers_json_errors(published):
    response = published.get("/api/v1/communities/fenghe/nothing-here")
    assert response.status_code == 404 and response.json["code"] == "not_found"
