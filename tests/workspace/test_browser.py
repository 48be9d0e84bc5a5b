"""The workspace in Chromium on a phone-sized screen (375 px), against a live server."""
from __future__ import annotations

import re

import pytest

from tests.workspace.pages import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("#f-username", username)
    page.fill("#f-password", password)
    page.press("#f-password", "Enter")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_officer_signs_in_records_an_income_and_sees_its_shares(page):
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    assert "当前用户：clerk（财务人员）" in page.inner_text("[data-testid=signed-in-as]")
    page.goto("/w/fenghe/incomes")
    assert page.evaluate("document.activeElement.id") == "f-operator"  # ready to type
    page.select_option("#f-operator", "cafe")
    page.fill("#f-amount", "100.05")
    page.press("#f-amount", "Enter")  # Enter records it
    recorded = page.locator("[data-testid=recorded]")
    recorded.wait_for()
    split = recorded.inner_text()
    assert "10.01" in split and "90.04" in split and "公益金" in split
    # Ready for the next one: same operator, the cursor in the amount field.
    assert page.evaluate("document.activeElement.id") == "f-amount"
    assert page.input_value("#f-operator") == "cafe"
    assert fits_the_screen(page)


def test_a_form_posted_without_the_csrf_token_is_refused(page):
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    page.goto("/w/fenghe/operators")
    page.fill("#f-code", "bakery")
    page.fill("#f-name", "面包房")
    page.select_option("#f-kind", "other")
    page.evaluate("document.querySelectorAll('main form input[name=csrf_token]').forEach(e => e.remove())")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "表单已过期，或不是从本站提交的" in page.inner_text("main")
    page.goto("/w/fenghe/operators")
    assert "bakery" not in page.inner_text("main")


def test_five_wrong_passwords_in_a_row_are_slowed_down(page):
    for _ in range(5):
        sign_in(page, "clerk", "not my password")
        assert "用户名或密码错误" in page.inner_text("[data-testid=refusal]")
    sign_in(page, "clerk")  # the right one, too soon
    assert re.search(r"连续输错密码次数过多，请 \d+ 秒后再试", page.inner_text("[data-testid=refusal]"))
    assert "/login" in page.url


def test_an_admin_creates_a_token_and_sees_it_once(page):
    sign_in(page, "root")
    page.wait_for_url("**/w/admin/users")
    page.click("text=clerk")
    page.fill("#f-label", "收银机")
    page.click("text=创建令牌")
    token = page.inner_text("[data-testid=token-value]").strip()
    assert token.startswith("lgr_") and len(token) > 30
    assert fits_the_screen(page)
    page.reload()  # a plain visit of the page again: the token is gone for good
    assert token not in page.content()
    assert token[:12] in page.inner_text("[data-testid=tokens]")


def test_the_agreement_preview_is_live(page):
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    page.goto("/w/fenghe/agreements/new")
    page.select_option("#f-operator", "cafe")
    page.fill("#f-shares-0-to", "public_benefit")
    page.fill("#f-shares-0-percent", "10")
    page.fill("#f-amounts", "0.05 0.05 0.05")
    table = page.locator("#preview [data-testid=preview-table] tfoot")
    table.wait_for()
    assert re.sub(r"\s+", " ", table.inner_text()).strip().endswith("0.15 0.02 0.13")
    assert fits_the_screen(page)


OFFICER_PAGES = ("/w/fenghe/", "/w/fenghe/incomes", "/w/fenghe/incomes/1", "/w/fenghe/operators",
                 "/w/fenghe/agreements", "/w/fenghe/agreements/new", "/w/fenghe/periods", "/w/fenghe/audit",
                 "/w/fenghe/audit?from=2026-01-01&to=2026-12-31")


def test_officer_pages_fit_a_phone_screen_in_both_languages(page):
    sign_in(page, "clerk")
    page.wait_for_url("**/w/fenghe/")
    page.goto("/w/fenghe/incomes")
    page.select_option("#f-operator", "cafe")
    page.fill("#f-amount", "12345678.90")
    page.click("details > summary")
    page.fill("#f-payer", "一位名字很长很长很长很长很长很长很长很长很长的付款人")
    page.press("#f-amount", "Enter")
    page.locator("[data-testid=recorded]").wait_for()
    for lang in ("zh", "en"):
        for path in OFFICER_PAGES:
            page.goto(f"{path}?lang={lang}")
            assert fits_the_screen(page), f"{path} overflows at 375 px ({lang})"
    assert "Signed in as clerk (finance officer)" in page.inner_text("[data-testid=signed-in-as]")


def test_admin_pages_fit_a_phone_screen(page):
    sign_in(page, "root")
    page.wait_for_url("**/w/admin/users")
    for path in ("/w/admin/communities", "/login", "/w/admin/users"):
        page.goto(path)
        assert fits_the_screen(page), path
    page.click("text=clerk")
    assert fits_the_screen(page)
