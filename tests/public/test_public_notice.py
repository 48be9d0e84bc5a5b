"""The monthly notice for the notice board (/c/<c>/notice?month=YYYY-MM): the same figures
as the API for the same month, the close or its absence, the chain head of the month's
last entry, payees masked, nothing private, and a 4xx page naming a bad argument.

Read-only tests on the demo ledger (tests/public/demo_ledger.py, demo_projects.py):
January and February 2026 closed, April open with payments and the compound 兰园."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ledger.core.periods import month_end, parse_month
from tests.public import demo_ledger, demo_projects

API = "/api/v1/communities/fenghe"
MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04")


def _page(client, query: str) -> str:
    response = client.get(f"/c/fenghe/notice?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def _value(html: str, ident: str) -> Decimal:
    return Decimal(re.search(rf'id="{ident}" value="([-0-9.]+)"', html).group(1))


def _section(html: str, kind: str) -> str:
    return re.search(rf'<section class="sheet" data-section="{kind}".*?</section>', html, re.S).group(0)


@pytest.mark.parametrize("month", MONTHS)
def test_the_fund_figures_are_the_apis_for_the_month(published, month):
    first = parse_month(month)
    api = published.get(f"{API}/funds/public_benefit", query_string={
        "from": first.isoformat(), "to": month_end(first).isoformat()}).json
    fund = _section(_page(published, f"month={month}"), "fund")
    for ident, key in (("opening", "opening"), ("inflow", "inflow"), ("outflow", "outflow"), ("closing", "balance")):
        assert _value(fund, f"notice-{ident}") == Decimal(api[key]), ident
    inflows = dict(re.findall(r'data-operator="(\w*)">.*?<data value="([-0-9.]+)"', fund, re.S))
    expected = {line["operator"] or "": line["amount"] for line in api["inflows"]}
    assert inflows == expected
    outflows = [Decimal(v) for v in re.findall(r'<tr class="project">.*?<data value="([-0-9.]+)"', fund, re.S)]
    assert outflows == [Decimal(line["amount"]) for line in api["outflows"]]


def test_the_demo_months_by_hand(published):
    """February: opening 1,220.00 (January: 1,000.00 + 10.00 + 150.00 + 20.00 + 40.00); the reversal a negative inflow (25.00 - 20.00); 300.00 paid out."""
    fund = _section(_page(published, "month=2026-02"), "fund")
    assert [_value(fund, f"notice-{k}") for k in ("opening", "inflow", "outflow", "closing")] == [
        Decimal("1220.00"), Decimal("5.00"), Decimal("300.00"), Decimal("925.00")]


@pytest.mark.parametrize("month", ("2026-03", "2026-04"))
def test_each_compound_statement_is_the_statement_api(published, month):
    api = published.get(f"{API}/compounds/lanyuan/statement", query_string={"month": month}).json
    sheet = _section(_page(published, f"month={month}"), "compound")
    for css, key in (("opening", "opening_balance"), ("closing", "closing_balance"),
                     ("remuneration", "remuneration")):
        found = re.search(rf'class="statement-{css}" value="([-0-9.]+)"', sheet).group(1)
        assert Decimal(found) == Decimal(api[key]), css
    income = re.search(r'class="statement-income" value="([-0-9.]+)"', sheet).group(1)
    assert Decimal(income) == sum(Decimal(line["amount"]) for line in api["income"])


def test_a_compound_alone(published):
    html = _page(published, "month=2026-04&compound=lanyuan")
    assert html.count('<section class="sheet"') == 1 and 'data-compound="lanyuan"' in html
    assert f"/c/fenghe/compounds/lanyuan?month=2026-04" in html


def test_closed_and_open_months(published):
    closed = _page(published, "month=2026-01")
    assert "未结账" not in closed and "officer1" in closed
    opened = _page(published, "month=2026-04")
    assert 'class="status open"' in opened and "未结账，数字可能变动" in opened
    english = _page(published, "month=2026-04&lang=en")
    assert "Month not closed: figures may change" in english and "未结账" not in english


def test_chain_head_of_the_months_last_entry(published):
    """February's last entry is seq 8 (the payment); the notice prints seq and 16 hex digits."""
    entries = published.get(f"{API}/journal", query_string={"from": "2026-02-01", "to": "2026-02-28"}).json["items"]
    last = max(entries, key=lambda e: e["seq"])
    html = _page(published, "month=2026-02")
    assert f'<span class="seq">#{last["seq"]}</span> <span class="head-hash">{last["hash"][:16]}</span>' in html
    assert last["hash"][16:] not in html


def test_qr_code_and_its_url_are_on_every_sheet(published):
    html = _page(published, "month=2026-04")
    assert html.count("<svg") == 2  # the fund's sheet and 兰园's
    assert "http://localhost/c/fenghe/journal?month=2026-04" in html
    assert "http://localhost/c/fenghe/compounds/lanyuan?month=2026-04" in html
    assert "<script" not in html.lower()


def test_nothing_private_and_payees_masked(published):
    pages = [_page(published, f"month={m}{lang}") for m in MONTHS for lang in ("", "&lang=en")]
    for html in pages:
        for value in (*demo_ledger.PRIVATE, *demo_projects.PRIVATE, "录错", "重复"):
            assert value not in html
    april = _page(published, "month=2026-04")
    for masked in demo_projects.MASKED["lights"]:
        assert masked in april


@pytest.mark.parametrize("query, field", [
    ("month=2026-13", "month"), ("month=abc", "month"), ("month=2099-01", "month"), ("month=1999-12", "month"),
    ("month=2026-04&compound=nowhere", "compound"),
])
def test_a_bad_argument_is_a_4xx_page_naming_it(published, query, field):
    response = published.get(f"/c/fenghe/notice?{query}")
    assert 400 <= response.status_code < 500
    assert response.mimetype == "text/html"
    assert f"<strong>{field}</strong>" in response.get_data(as_text=True)


def test_home_and_compound_pages_link_to_the_notice(published):
    home = published.get("/c/fenghe").get_data(as_text=True)
    assert 'href="/c/fenghe/notice"' in home
    compound = published.get("/c/fenghe/compounds/lanyuan?month=2026-04").get_data(as_text=True)
    assert re.search(r'href="/c/fenghe/notice\?[^"]*compound=lanyuan', compound)
    assert published.get("/c/fenghe/notice").status_code == 200  # default: last month
