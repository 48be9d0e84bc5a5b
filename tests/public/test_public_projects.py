"""Project and compound pages: budget, spending and every payment with its masked payee
and voucher fingerprint; the trust-property statement and its workbook; the figures
worked out by hand from tests/public/demo_projects.py, the fingerprints recomputed
from the voucher files."""
from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from html import unescape

import pytest
from openpyxl import load_workbook

from ledger.timeutil import local_today
from tests.funds.samples import pdf_bytes, png_bytes
from tests.public.demo_ledger import YEAR
from tests.public.test_public_journal import plan, statements


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def figure(html: str, name: str) -> str:
    return re.search(rf'<data id="{name}" value="([^"]+)"', html).group(1)


def payments(html: str) -> list[tuple[str, str, str, str, list[str]]]:
    """(date, seq, amount, payee, voucher fingerprints) of each payment card."""
    found = []
    for card in re.findall(r'<article class="entry payment"(.*?)</article>', html, re.S):
        found.append((re.search(r'<time datetime="([^"]+)"', card).group(1),
                      re.search(r'data-seq="(\d+)"', card).group(1),
                      re.search(r'<data class="amount" value="([^"]+)"', card).group(1),
                      re.search(r'<dd class="payee">(.*?)</dd>', card).group(1),
                      re.findall(r'\b([0-9a-f]{64})\b', card)))
    return found


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_home_links_every_project_and_compound(published):
    html = page(published, f"/c/fenghe?year={YEAR}&lang=en")
    assert 'href="/c/fenghe/projects/lights"' in html and 'href="/c/fenghe/projects/garden"' in html
    assert f'href="/c/fenghe/compounds/lanyuan?month={local_today():%Y-%m}"' in html  # the year's last month counted
    earlier = page(published, "/c/fenghe?year=2025&lang=en")
    assert 'href="/c/fenghe/compounds/lanyuan?month=2025-12"' in earlier
    assert 'href="/c/fenghe/compounds/lanyuan"' in page(published, "/c/fenghe")  # no year: this month
    lights = re.search(r'data-project="lights">(.*?)</li>', html, re.S).group(1)
    assert 'class="budget" value="1000.00"' in lights and 'class="spent" value="600.00"' in lights
    lanyuan = re.search(r'data-compound="lanyuan">(.*?)</li>', html, re.S).group(1)
    assert 'class="balance" value="2400.00"' in lanyuan  # 3000 - 300 + 500 - 800


def test_project_page_shows_each_payment_masked_with_its_voucher(published):
    html = page(published, "/c/fenghe/projects/lights?lang=en")
    assert "楼道灯改造" in html and "更换老旧楼道灯，报修电话 139****2222" in html and "13911112222" not in html
    assert (figure(html, "project-budget"), figure(html, "project-spent"), figure(html, "project-left")) == (
        "1000.00", "600.00", "400.00")
    assert payments(html) == [("2026-04-03", "11", "400.00", "王* 139****4321", [sha(png_bytes())]),
                              ("2026-04-10", "13", "200.00", "李*", [sha(pdf_bytes())])]
    assert "购买LED灯具" in html and "安装人工费" in html


def test_an_approved_payment_not_yet_paid_is_not_shown(published):
    html = page(published, "/c/fenghe/projects/garden?lang=en")
    assert payments(html) == [] and "Nothing has been paid yet." in html
    assert (figure(html, "project-spent"), figure(html, "project-left")) == ("0.00", "500.00")


def test_project_page_in_chinese(published):
    html = page(published, "/c/fenghe/projects/lights?lang=zh")
    assert '<html lang="zh-CN">' in html and "预算" in html and "收款方" in html


def test_compound_statement_of_a_month(published):
    html = page(published, "/c/fenghe/compounds/lanyuan?month=2026-04&lang=en")
    names = ("opening", "income", "remuneration", "expenses", "closing")
    assert [figure(html, f"statement-{name}") for name in names] == ["0.00", "3500.00", "300.00", "800.00", "2400.00"]
    assert "Income: 物业费</th><td class=\"num\">¥3,000.00" in html and "Income: 停车</th><td class=\"num\">¥500.00" in html
    assert "Expense: 保洁</th><td class=\"num\">¥800.00" in html
    assert payments(html) == [("2026-04-20", "15", "800.00", "洁* 137****1111", [sha(png_bytes(3, 3))])]
    api = published.get("/api/v1/communities/fenghe/compounds/lanyuan/statement?month=2026-04").json
    assert (api["opening_balance"], api["income_total"], api["remuneration"], api["expense_total"],
            api["closing_balance"]) == ("0.00", "3500.00", "300.00", "800.00", "2400.00")


def test_compound_default_month_is_this_month(published):
    """Nothing moved after April: every later month opens and closes at 2400.00."""
    html = page(published, "/c/fenghe/compounds/lanyuan?lang=en")
    assert local_today() > date(2026, 4, 30)  # the demo ledger's payments lie in the past
    assert (figure(html, "statement-opening"), figure(html, "statement-closing")) == ("2400.00", "2400.00")
    assert payments(html) == [] and 'rel="next"' not in html and 'rel="prev"' in html


def test_compound_links_its_disclosure_workbook(published):
    html = page(published, "/c/fenghe/compounds/lanyuan?month=2026-04&lang=en")
    link = re.search(r'<a class="download" href="([^"]+)"', html).group(1)
    assert link == "/api/v1/communities/fenghe/compounds/lanyuan/disclosure.xlsx?month=2026-04&lang=en"
    response = published.get(link)
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = {(row[0], row[1]): row[2] for row in sheet.iter_rows(values_only=True) if len(row) > 2}
    assert float(rows[("Income", "物业费")]) == 3000 and float(rows[("Expenses", "保洁")]) == 800


@pytest.mark.parametrize("url, status", [
    ("/c/fenghe/projects/nothing", 404), ("/c/fenghe/compounds/nothing", 404),
    ("/c/fenghe/compounds/lanyuan?month=2026-13", 422), ("/c/fenghe/compounds/lanyuan?month=1999-12", 422),
    (f"/c/fenghe/compounds/lanyuan?month={local_today().year + 1}-01", 422),
])
def test_errors_are_pages(published, url, status):
    response = published.get(url)
    assert response.status_code == status and response.mimetype == "text/html"


@pytest.mark.parametrize("url", ["/c/fenghe/projects/lights", "/c/fenghe/compounds/lanyuan?month=2026-04"])
def test_no_inline_script_or_style(published, url):
    html = published.get(url).get_data(as_text=True)
    assert "<script" not in html and "<style" not in html and " style=" not in html


@pytest.mark.parametrize("url", [f"/c/fenghe?year={YEAR}", "/c/fenghe/projects/lights",
                                 "/c/fenghe/compounds/lanyuan?month=2026-04", "/api/v1/communities/fenghe/public"])
def test_no_page_scans_the_journal(published, url):
    app = published.application
    from ledger import db
    with app.app_context():
        session = db.new_session(app, write=False)
        with statements(app) as seen:
            assert published.get(url).status_code == 200
        plans = [plan(session, s, p) for s, p in seen if s.lstrip().upper().startswith("SELECT")]
        session.rollback()
        session.close()
    assert plans
    for text in plans:
        assert not re.search(r"^SCAN (journal_transaction|income|posting|split_line|disbursement)\b", text, re.M), text
        assert not re.search(r"Seq Scan on (journal_transaction|income|posting|split_line|disbursement)", text), text
