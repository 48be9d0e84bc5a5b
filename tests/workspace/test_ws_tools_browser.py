"""In Chromium against a live server: an auditor downloads the audit workbook from the
audit page, and an officer's import file with a bad row is refused row by row."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from ledger import create_app, db
from ledger.auth import services as auth
from ledger.communities.models import Community
from ledger.imports.models import ImportBatch
from ledger.incomes import services as incomes
from ledger.incomes.models import Income
from tests.imports.import_rows import csv_bytes
from tests.workspace.pages import PASSWORD
from tests.workspace.test_browser import fits_the_screen, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def live_app(live_server, tmp_path):
    """An app on the live server's database file, to seed it and to look inside it."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
                      "INSTANCE_DIR": str(tmp_path / "instance"), "SECRET_KEY": "live-secret"})
    yield app
    db.engine(app).dispose()


@pytest.fixture
def auditor_with_history(live_app):
    """An auditor of fenghe, and two incomes of the café in January 2026."""
    with live_app.app_context(), db.unit_of_work(live_app) as session:
        auth.create_user(session, "inspector", "auditor", created_by="system", password=PASSWORD,
                         communities=["fenghe"])
        fenghe = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
        for day, amount in ((5, 10000), (6, 5050)):
            incomes.record_income(session, fenghe, {"operator": "cafe", "occurred_on": date(2026, 1, day),
                                                    "amount": amount, "channel": "wechat"}, created_by="clerk")
    return "inspector"


def counts(app) -> tuple[int, int]:
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        return tuple(session.execute(select(func.count()).select_from(t)).scalar_one() for t in (Income, ImportBatch))


def test_an_auditor_downloads_the_audit_workbook_from_the_audit_page(page, auditor_with_history):
    sign_in(page, auditor_with_history)
    page.wait_for_url("**/w/fenghe/")
    page.click("nav >> text=审计")
    page.fill("#f-from", "2026-01-01")
    page.fill("#f-to", "2026-01-31")
    page.click("main form.inline button[type=submit]")
    page.locator("[data-testid=downloads]").wait_for()
    assert fits_the_screen(page)
    with page.expect_download() as downloading:
        page.click("[data-testid=audit-workbook]")
    download = downloading.value
    assert download.suggested_filename == "audit-fenghe-2026-01-01-2026-01-31.xlsx"
    with open(download.path(), "rb") as handle:  # the saved file has no .xlsx suffix
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    assert book.sheetnames == ["封面", "凭证明细", "科目余额表", "公益金收支表", "反哺明细", "议事会决议", "居民提问"]
    amounts = {cell for row in book["凭证明细"].iter_rows(values_only=True) for cell in row
               if isinstance(cell, (int, float))}
    assert 100 in amounts and 50.5 in amounts


def test_an_officer_sees_the_bad_row_of_an_import_and_nothing_is_posted(page, live_app):
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    page.goto("/w/fenghe/imports")
    data = csv_bytes("2026-01-05,cafe,100.00,微信,,A-1,,", "2026-01-06,cafe,12.345,现金,,A-2,,")
    page.set_input_files("#f-file", files=[{"name": "till.csv", "mimeType": "text/csv", "buffer": data}])
    page.click("button:text-is('检查文件')")
    table = page.locator("[data-testid=row-errors]")
    table.wait_for()
    cells = [c.strip() for c in table.locator("tbody td").all_inner_texts()]
    assert cells == ["3", "金额", "小数超过两位：'12.345'"]
    assert "未入账任何内容" in page.inner_text("[data-testid=refusal]")
    assert page.locator("button:has-text('入账')").count() == 0  # no way to commit a file with a bad row
    assert fits_the_screen(page)
    assert counts(live_app) == (0, 0)


def test_the_compound_and_import_pages_fit_a_phone_screen_in_both_languages(page):
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    page.goto("/w/fenghe/compounds")
    page.fill("#f-code", "xingfuli")
    page.fill("#f-name", "幸福里小区")
    page.fill("#f-remuneration_percent", "10")
    page.click("button:text-is('添加')")
    page.locator("[data-testid=statement]").wait_for()
    for lang in ("zh", "en"):
        for path in ("/w/fenghe/compounds", "/w/fenghe/compounds/xingfuli", "/w/fenghe/imports"):
            page.goto(f"{path}?lang={lang}")
            assert fits_the_screen(page), f"{path} overflows at 375 px ({lang})"
