"""The HTML pages: what a resident reads, in Chinese by default and in English."""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests.public.demo_ledger import YEAR


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def rows(html: str, table_class: str) -> list[list[str]]:
    """The cells of a table's body and foot, as text."""
    table = re.search(rf'<table class="{table_class}">(.*?)</table>', html, re.S).group(1)
    body = table[table.index("<tbody>"):]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_home_in_chinese_by_default(published):
    html = page(published.application.test_client(), f"/c/fenghe?year={YEAR}")  # no language cookie yet
    assert '<html lang="zh-CN">' in html and "社区经营收益去向公示" in html
    assert '<data id="fund-balance" value="450.00">¥450.00</data>' in html
    assert '<data id="fund-outflow" value="900.00">¥900.00</data>' in html
    assert '<data id="fund-inflow" value="1350.00">¥1,350.00</data>' in html
    assert "2026年收入" in html and "凭证总数" in html


def test_home_in_english_on_request(published):
    html = page(published, f"/c/fenghe?year={YEAR}&lang=en")
    assert '<html lang="en">' in html and "Balance" in html and "Tamper evidence" in html


def test_the_chart_table_repeats_the_chart(published):
    html = page(published, f"/c/fenghe?year={YEAR}&lang=en")
    table = rows(html, "month-table")
    # columns, operators by code: month, 咖啡吧 (cafe), 爱心食堂 (canteen), 停车场 (park), other inflows,
    # then the outflows: 楼道灯改造 (the only project paid), other outflows
    head = re.search(r'<table class="month-table">\s*<thead>(.*?)</thead>', html, re.S).group(1)
    assert re.findall(r'<th scope="col" class="num">(.*?)</th>', head) == [
        "咖啡吧", "爱心食堂", "停车场", "Other inflows", "Out: 楼道灯改造", "Out: Other outflows"]
    assert table[0] == ["Jan 2026", "¥30.00", "¥40.00", "¥150.00", "¥1,000.00", "¥0.00", "¥0.00"]
    assert table[1] == ["Feb 2026", "-¥20.00", "¥0.00", "¥25.00", "¥0.00", "¥0.00", "¥300.00"]
    assert table[2] == ["Mar 2026", "¥5.00", "¥120.00", "¥0.00", "¥0.00", "¥0.00", "¥0.00"]
    assert table[3] == ["Apr 2026", "¥0.00", "¥0.00", "¥0.00", "¥0.00", "¥600.00", "¥0.00"]  # 400 + 200
    assert html.count('<rect class="bar s') == 8  # inflows: 4 in January, 2 in February, 2 in March
    assert html.count('<rect class="bar out') == 2  # outflows: February's transfer, April's project


@pytest.mark.parametrize("code, months, total", [
    ("cafe", [["Jan 2026", "¥300.00", "¥30.00"], ["Feb 2026", "-¥200.00", "-¥20.00"], ["Mar 2026", "¥50.00", "¥5.00"]],
     ["Total", "¥150.00", "¥15.00"]),
    ("park", [["Jan 2026", "¥2,000.00", "¥150.00"], ["Feb 2026", "¥500.00", "¥25.00"], ["Mar 2026", "¥0.00", "¥0.00"]],
     ["Total", "¥2,500.00", "¥175.00"]),
])
def test_operator_months(published, code, months, total):
    table = rows(page(published, f"/c/fenghe/operators/{code}?year={YEAR}&lang=en"), "operator-months")
    assert table[:3] == months and table[-1] == total
    assert 4 <= len(table) <= 13  # January up to this month (all twelve once the year is over), then the total


def test_operator_agreements_with_rates_and_dates(published):
    html = page(published, f"/c/fenghe/operators/canteen?year={YEAR}&lang=en")
    versions = re.findall(r'<article class="agreement( in-force)?">\s*<h3>(\S+) – (\S+)', html)
    assert versions == [(" in-force", "2026-03-01", "open-ended"), ("", "2026-01-01", "2026-02-28")]
    assert "To 公益金:\n        12%" in html and "8%" in html and "The rest: 经营收入-爱心食堂" in html


def test_tiered_agreement_of_an_operator_that_keeps_the_till(published):
    html = page(published, f"/c/fenghe/operators/park?year={YEAR}&lang=zh")
    assert "¥1,000.00 以内部分 5%" in html and "超出部分 10%" in html
    assert "由经营方收款，按协议上缴分成" in html and "其余部分归经营方。" in html


@pytest.mark.parametrize("url, status", [
    ("/c/fenghe/operators/nobody", 404), ("/c/nowhere/journal", 404), ("/c/fenghe?year=twenty", 422),
    ("/c/fenghe?year=1999", 422), ("/c/fenghe/operators/cafe?year=3000", 422), ("/c/fenghe/journal?limit=0", 422),
])
def test_errors_are_pages(published, url, status):
    response = published.get(url)
    assert response.status_code == status and response.mimetype == "text/html"


@pytest.mark.parametrize("url", [f"/c/fenghe?year={YEAR}", "/c/fenghe/operators/park", "/c/fenghe/journal"])
def test_no_inline_script_or_style(published, url):
    response = published.get(url)
    html = response.get_data(as_text=True)
    assert "<script" not in html and "<style" not in html and " style=" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "public.css" in html


def test_the_language_choice_is_remembered(published):
    published = published.application.test_client()
    published.get(f"/c/fenghe?year={YEAR}&lang=en")
    assert '<html lang="en">' in page(published, "/c/fenghe/journal")
    published.get("/c/fenghe?lang=zh")
    assert '<html lang="zh-CN">' in page(published, "/c/fenghe/journal")
