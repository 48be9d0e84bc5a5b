"""The money-out pages in Chromium on a phone-sized screen: an officer drafts a
disbursement, attaches a voucher and submits it; an approver approves it from the
queue; a submitter who became an approver cannot decide on their own submission."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ledger import create_app, db
from ledger.auth import services as auth
from ledger.communities.models import Community
from ledger.core.journal import Entry, Line
from ledger.disbursements import services as disbursements
from ledger.journal.services import post_entry
from ledger.projects.services import create_project
from tests.funds.samples import pdf_bytes
from tests.workspace.pages import PASSWORD
from tests.workspace.test_browser import fits_the_screen, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def money(live_server, tmp_path):
    """The live server's fenghe with 10,000.00 in its public-benefit fund, an approver
    "checker", and "flipper": an officer who submitted disbursement 1 ("自己提交的") and
    then became an approver."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}", "SECRET_KEY": "live-secret",
                      "INSTANCE_DIR": str(tmp_path / "instance")})
    with app.app_context(), db.unit_of_work(app) as session:
        fenghe = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
        post_entry(session, fenghe, Entry(date(2026, 1, 2), "opening balance", "opening",
                                          (Line("102.basic", 1_000_000), Line("311.public_benefit", -1_000_000))),
                   created_by="system")
        create_project(session, fenghe, {"code": "repairs", "name": "楼道维修", "budget": 300_000,
                                         "fund": "public_benefit"}, created_by="system")
        auth.create_user(session, "checker", "approver", created_by="system", password=PASSWORD,
                         communities=["fenghe"])
        flipper = auth.create_user(session, "flipper", "officer", created_by="system", password=PASSWORD,
                                   communities=["fenghe"])
        own = disbursements.create_disbursement(session, fenghe, {"project": "repairs", "amount": 5_000,
                                                                  "payee": "维修师傅", "purpose": "自己提交的"},
                                                created_by="flipper")
        disbursements.submit(session, fenghe, own.id, by="flipper")
        flipper.role = "approver"
    db.engine(app).dispose()
    return live_server


def sign_out(page) -> None:
    page.click(".signout button")
    page.wait_for_url("**/login")


def test_a_disbursement_goes_from_an_officer_to_an_approver(page, money, tmp_path):
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    page.goto("/w/fenghe/projects")
    page.fill("#f-code", "library")
    page.fill("#f-name", "社区书屋")
    page.fill("#f-budget", "5000.00")
    page.fill("#f-purpose", "买书和书架")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/w/fenghe/projects/library")
    page.click("text=为此项目起草支出")
    assert page.input_value("#f-project") == "library"
    page.fill("#f-amount", "1200.00")
    page.fill("#f-payee", "新华书店")
    page.fill("#f-purpose", "第一批图书")
    page.click("text=保存草稿")
    page.wait_for_url("**/w/fenghe/disbursements/2")
    assert "草稿" in page.inner_text("[data-testid=state]")
    receipt = tmp_path / "发票.pdf"
    receipt.write_bytes(pdf_bytes("invoice"))
    page.set_input_files("#f-file", str(receipt))
    page.click("[data-testid=attach]")
    page.locator("[data-testid=vouchers]").wait_for()
    assert "发票.pdf" in page.inner_text("[data-testid=vouchers]")
    assert fits_the_screen(page)
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    assert "待审批" in page.inner_text("[data-testid=state]")
    sign_out(page)

    sign_in(page, "checker")
    page.wait_for_url("**/w/fenghe/")
    page.click("nav >> text=审批")
    page.wait_for_url("**/w/fenghe/approvals")
    card = page.locator("[data-testid=queued-2]")
    assert "新华书店" in card.inner_text() and "发票.pdf" in card.inner_text()
    assert fits_the_screen(page)
    card.locator("[data-testid=approve-2]").click()
    page.wait_for_url("**/w/fenghe/approvals")
    assert "支出 2 已批准" in page.inner_text("main")
    assert page.locator("[data-testid=queued-2]").count() == 0
    page.goto("/w/fenghe/disbursements/2")
    assert "已批准" in page.inner_text("[data-testid=state]")
    assert "checker" in page.inner_text("[data-testid=events]")


def test_a_submitter_cannot_approve_their_own_and_sees_why(page, money):
    sign_in(page, "flipper")
    page.wait_for_url("**/w/fenghe/")
    page.goto("/w/fenghe/approvals")
    card = page.locator("[data-testid=queued-1]")
    assert "这笔支出是您提交的，须由另一位审批人审批" in card.inner_text()
    assert card.locator("[data-testid=approve-1]").count() == 0
    # Sent anyway (a page from before the rule applied): the service refuses, the page says why.
    page.evaluate("""() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/w/fenghe/approvals/1/approve';
        const token = document.querySelector('input[name=csrf_token]').cloneNode();
        form.appendChild(token);
        document.body.appendChild(form);
        form.submit();
    }""")
    page.wait_for_url("**/approvals/1/approve")
    refusal = page.inner_text("[data-testid=refusal]")
    assert "这笔支出是 flipper 提交的，须由另一人审批" in refusal and "未保存任何内容" in refusal
    page.goto("/w/fenghe/disbursements/1")
    assert "待审批" in page.inner_text("[data-testid=state]")


MONEY_PAGES = ("/w/fenghe/funds", "/w/fenghe/projects", "/w/fenghe/projects/repairs", "/w/fenghe/disbursements",
               "/w/fenghe/disbursements/1")


def test_the_money_pages_fit_a_phone_screen_in_both_languages(page, money):
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    for lang in ("zh", "en"):
        for path in MONEY_PAGES:
            page.goto(f"{path}?lang={lang}")
            assert fits_the_screen(page), f"{path} overflows at 375 px ({lang})"
    sign_out(page)
    sign_in(page, "flipper")
    page.wait_for_url("**/w/fenghe/")
    for lang in ("zh", "en"):
        page.goto(f"/w/fenghe/approvals?lang={lang}")
        assert fits_the_screen(page), f"the approval queue overflows at 375 px ({lang})"
