"""A resident in a real browser (Debian's Chromium): from the home page to a business, a
project, a compound and the journal, in both languages; the figures shown are the
API's; nothing is wider than the screen on a phone or a desktop."""
from __future__ import annotations

import pytest

from decimal import Decimal

from tests.public.demo_ledger import YEAR

pytestmark = pytest.mark.browser

PHONE, DESKTOP = {"width": 375, "height": 812}, {"width": 1280, "height": 900}


def amount(text: str) -> str:
    """"-¥1,050.00" as shown -> "-1050.00" as the API writes it."""
    return text.strip().replace("¥", "").replace(",", "")


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()


def api(page, live_server, path):
    response = page.request.get(live_server.url + path)
    assert response.ok
    return response.json()


def test_home_operator_journal_and_language(page, live_server):
    summary = api(page, live_server, f"/api/v1/communities/fenghe/public?year={YEAR}")
    page.goto(f"{live_server.url}/c/fenghe?year={YEAR}")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    for figure in ("balance", "inflow", "outflow"):
        assert amount(page.locator(f"#fund-{figure}").inner_text()) == summary["fund"][figure]
    for operator in summary["operators"]:
        row = page.locator(f'[data-operator="{operator["code"]}"]')
        assert amount(row.locator(".gross").inner_text()) == operator["gross"]
        assert amount(row.locator(".to-fund").inner_text()) == operator["to_fund"]
    assert page.locator("#chain-hash").inner_text() == summary["chain"]["head_hash"]
    check_months(page, summary)
    check_projects(page, summary)

    page.get_by_role("link", name="咖啡吧").click()
    page.wait_for_url("**/operators/cafe?year=2026")
    cafe = next(o for o in summary["operators"] if o["code"] == "cafe")
    assert amount(page.locator("#operator-gross").inner_text()) == cafe["gross"]
    assert amount(page.locator(".share-total").first.inner_text()) == cafe["to_fund"]

    page.go_back()
    page.get_by_role("link", name="楼道灯改造").click()
    page.wait_for_url("**/c/fenghe/projects/lights")
    lights = next(p for p in summary["projects"] if p["code"] == "lights")
    assert amount(page.locator("#project-budget").inner_text()) == lights["budget"]
    assert amount(page.locator("#project-spent").inner_text()) == lights["spent"]
    paid = [amount(text) for text in page.locator("article.payment .amount").all_inner_texts()]
    assert sum(Decimal(a) for a in paid) == Decimal(lights["spent"]) and len(paid) == 2
    assert page.locator("article.payment .payee").all_inner_texts() == ["王* 139****4321", "李*"]

    page.go_back()
    page.get_by_role("link", name="兰园", exact=True).click()
    page.wait_for_url("**/c/fenghe/compounds/lanyuan?month=*")
    while page.locator("article.payment").count() == 0:  # back to the month with an expense
        page.get_by_role("link", name="上一月").click()
    month = page.url.rsplit("month=", 1)[1]
    assert month == "2026-04"
    statement = api(page, live_server, f"/api/v1/communities/fenghe/compounds/lanyuan/statement?month={month}")
    for name, field in (("opening", "opening_balance"), ("income", "income_total"), ("remuneration", "remuneration"),
                        ("expenses", "expense_total"), ("closing", "closing_balance")):
        assert amount(page.locator(f"#statement-{name}").inner_text()) == statement[field]
    with page.expect_download() as download:
        page.get_by_role("link", name="下载收支公示表（Excel）").click()
    assert download.value.suggested_filename == f"disclosure-fenghe-lanyuan-{month}.xlsx"

    page.get_by_role("navigation", name="main").get_by_role("link", name="凭证流水").click()
    page.wait_for_url("**/c/fenghe/journal")
    seqs = page.locator("article.entry").evaluate_all("nodes => nodes.map(n => n.dataset.seq)")
    assert seqs == [str(n) for n in range(summary["chain"]["head_seq"], 0, -1)]
    assert page.locator(f'#seq-{summary["chain"]["head_seq"]} .hash').inner_text() == summary["chain"]["head_hash"]

    page.get_by_label("经营主体").select_option("park")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**/journal?month=&operator=park")
    assert page.locator("article.entry").evaluate_all("nodes => nodes.map(n => n.dataset.seq)") == ["6", "3"]

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Journal").is_visible()
    page.get_by_role("link", name="Overview").click()
    assert page.get_by_role("heading", name="Businesses").is_visible()  # the choice is remembered


def check_months(page, summary):
    """The table behind the chart: each month's inflow and outflow cells add up to the API's."""
    page.locator("#chart-heading ~ details > summary").click()
    rows = page.locator("table.month-table tbody tr")
    assert rows.count() == len(summary["months"])
    for index, month in enumerate(summary["months"]):
        row = rows.nth(index)
        for css, field in (("in", "inflow"), ("out-cell", "outflow")):
            shown = sum(Decimal(amount(t)) for t in row.locator(f"td.{css}").all_inner_texts())
            assert shown == Decimal(month[field]), (month["month"], field)


def check_projects(page, summary):
    for project in summary["projects"]:
        row = page.locator(f'[data-project="{project["code"]}"]')
        assert amount(row.locator(".budget").inner_text()) == project["budget"]
        assert amount(row.locator(".spent").inner_text()) == project["spent"]
    assert [c["code"] for c in summary["compounds"]] == ["lanyuan"]
    assert page.locator('[data-compound="lanyuan"] a').inner_text() == summary["compounds"][0]["name"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", [f"/c/fenghe?year={YEAR}", f"/c/fenghe/operators/park?year={YEAR}",
                                  "/c/fenghe/journal", f"/c/fenghe?year={YEAR}&lang=en", "/c/fenghe/projects/lights",
                                  "/c/fenghe/compounds/lanyuan?month=2026-04",
                                  "/c/fenghe/compounds/lanyuan?month=2026-04&lang=en",
                                  f"/c/fenghe/operators?year={YEAR}", "/c/fenghe/projects?lang=en",
                                  "/c/fenghe/nothing-here"])
def test_nothing_is_wider_than_the_screen(browser, live_server, tmp_path, viewport, path):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + path)
    for summary in page.locator("details > summary").all():
        summary.click()  # open the tables behind the chart and the rule
    shot = tmp_path / f"{viewport['width']}.png"
    page.screenshot(path=str(shot), full_page=True)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    context.close()
    assert shot.stat().st_size > 10_000
    assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide on a {widths[1]} px screen"
