"""The workspace home in Chromium: an officer records three incomes from the quick entry
with the keyboard alone, and watches the to-do counts follow a disbursement from draft to
paid (approved by an approver in another browser); the home page, the quick entry and the
approver's queue fit a 390 px phone screen."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ledger import create_app, db
from ledger.auth import services as auth
from ledger.communities.models import Community
from ledger.core.journal import Entry, Line
from ledger.incomes.models import Income
from ledger.journal.services import post_entry
from ledger.projects.services import create_project
from tests.funds.samples import pdf_bytes
from tests.workspace.pages import PASSWORD
from tests.workspace.test_browser import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
OFFICER_KINDS = ("drafts_without_voucher", "drafts_not_submitted", "approved_unpaid")


@pytest.fixture
def stocked(live_server, tmp_path):
    """The live server's fenghe with 10,000.00 in its public-benefit fund, a project and an
    approver "checker"; yields a function reading the incomes recorded so far."""
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

    def incomes() -> list[int]:
        with app.app_context(), db.unit_of_work(app, write=False) as session:
            return list(session.execute(select(Income.amount).order_by(Income.id)).scalars())
    yield incomes
    db.engine(app).dispose()


def counts(page) -> dict[str, int]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-todo]')]
        .map(li => [li.dataset.todo, parseInt(li.dataset.count, 10)]))""")


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def fits(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= 390")


def test_three_incomes_by_keyboard_and_the_counts_follow_a_disbursement(chromium, live_server, stocked, tmp_path):
    context = chromium.new_context(base_url=live_server, viewport=PHONE, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    assert focused(page) == "f-operator"  # no operator used yet: the picker first
    page.keyboard.press("ArrowDown")  # the café
    page.keyboard.press("Tab")
    assert focused(page) == "f-amount"
    page.keyboard.type("12.50")
    split = page.locator("[data-testid=quick-split]")
    split.wait_for()
    assert "公益金" in split.inner_text() and "1.25" in split.inner_text() and "11.25" in split.inner_text()
    page.keyboard.press("Enter")
    page.locator("[data-testid=recorded]").wait_for()
    for amount in ("20.00", "7.77"):
        assert focused(page) == "f-amount" and page.input_value("#f-operator") == "cafe"
        page.keyboard.type(amount)
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.querySelector('[data-testid=recorded]')?.innerText.includes('{amount}')")
    assert stocked() == [1250, 2000, 777]
    assert "共 3 笔收入，合计 40.27。" in page.inner_text("#today")
    assert fits(page)

    # A disbursement from draft to paid; the counts on the home page follow it.
    assert {k: counts(page)[k] for k in OFFICER_KINDS} == dict.fromkeys(OFFICER_KINDS, 0)
    page.goto("/w/fenghe/disbursements?project=repairs")
    page.fill("#f-amount", "300.00")
    page.fill("#f-payee", "维修师傅")
    page.fill("#f-purpose", "三楼楼道灯")
    page.click("text=保存草稿")
    page.wait_for_url("**/w/fenghe/disbursements/1")
    page.goto("/w/fenghe/")
    assert counts(page)["drafts_without_voucher"] == 1
    page.click("#todo a[href='/w/fenghe/disbursements/1']")
    voucher = tmp_path / "发票.pdf"
    voucher.write_bytes(pdf_bytes("invoice"))
    page.set_input_files("#f-file", str(voucher))
    page.click("[data-testid=attach]")
    page.locator("[data-testid=vouchers]").wait_for()
    page.goto("/w/fenghe/")
    assert {k: counts(page)[k] for k in OFFICER_KINDS} == {"drafts_without_voucher": 0, "drafts_not_submitted": 1,
                                                            "approved_unpaid": 0}
    page.click("#todo a[href='/w/fenghe/disbursements/1']")
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    page.goto("/w/fenghe/")
    assert {k: counts(page)[k] for k in OFFICER_KINDS} == dict.fromkeys(OFFICER_KINDS, 0)

    approver = chromium.new_context(base_url=live_server, viewport=PHONE, locale="zh-CN").new_page()
    sign_in(approver, "checker")
    approver.wait_for_url("**/w/fenghe/")
    assert counts(approver) == {"awaiting_approval": 1}
    assert fits(approver)
    approver.click("#todo a[href='/w/fenghe/approvals#d-1']")
    approver.wait_for_url("**/w/fenghe/approvals#d-1")
    assert fits(approver)
    approver.click("[data-testid=approve-1]")
    approver.wait_for_url("**/w/fenghe/approvals")
    approver.goto("/w/fenghe/")
    assert counts(approver) == {"awaiting_approval": 0}
    approver.context.close()

    page.reload()
    assert counts(page)["approved_unpaid"] == 1
    page.click("#todo a[href='/w/fenghe/disbursements/1']")
    page.click("main form button:has-text('支付')")
    page.wait_for_load_state()
    page.goto("/w/fenghe/")
    assert {k: counts(page)[k] for k in OFFICER_KINDS} == dict.fromkeys(OFFICER_KINDS, 0)
    context.close()


def test_the_home_and_the_approvers_queue_fit_390_px(chromium, live_server, stocked):
    context = chromium.new_context(base_url=live_server, viewport=PHONE, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    page.fill("#f-reference", "POS-2026-000000000000000000000000000001")
    page.select_option("#f-operator", "cafe")
    page.fill("#f-amount", "1234567.89")
    page.locator("[data-testid=quick-split]").wait_for()
    page.press("#f-amount", "Enter")
    page.locator("[data-testid=recorded]").wait_for()
    long_purpose = "更换三楼至六楼楼道的声控感应灯并修理单元门禁" * 3
    page.goto("/w/fenghe/disbursements?project=repairs")
    page.fill("#f-amount", "2999.00")
    page.fill("#f-payee", "维修师傅")
    page.fill("#f-purpose", long_purpose)
    page.click("text=保存草稿")
    page.wait_for_url("**/w/fenghe/disbursements/1")
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    for lang in ("zh", "en"):
        page.goto(f"/w/fenghe/?lang={lang}")
        assert fits(page), f"the officer's home overflows at 390 px ({lang})"
    approver = context.browser.new_context(base_url=live_server, viewport=PHONE, locale="zh-CN").new_page()
    sign_in(approver, "checker")
    approver.wait_for_url("**/w/fenghe/")
    for lang in ("zh", "en"):
        for path in ("/w/fenghe/", "/w/fenghe/approvals"):
            approver.goto(f"{path}?lang={lang}")
            assert "楼道" in approver.inner_text("main")
            assert fits(approver), f"{path} overflows at 390 px ({lang})"
    approver.context.close()
    context.close()
