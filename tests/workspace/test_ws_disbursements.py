"""The officer's disbursement pages: a draft for a project, voucher files (checked by
content, stored once by SHA-256), submitting, paying; refusals in plain words, next to
the field, with what was typed kept and nothing written."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from ledger.disbursements.models import Disbursement, DisbursementEvent, Voucher
from ledger.journal.models import JournalTransaction
from tests.council import NO_COUNCIL_NEEDED
from tests.funds.samples import pdf_bytes, png_bytes
from tests.payments import pay_out
from tests.workspace import money
from tests.workspace.money import (
    API,
    DESK,
    attach,
    draft,
    draft_fields,
    state_of,
    submitted,
)
from tests.workspace.pages import field_errors, text_of

checker = money.checker  # a fixture
funded = money.funded  # a fixture


@pytest.fixture
def app_settings():
    return NO_COUNCIL_NEEDED  # budgets here are about what a fund can bear, not council decisions


def stored_files(app) -> list[Path]:
    root = Path(app.instance_path) / "vouchers"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_desk_offers_the_projects_and_a_draft_opens_its_page(clerk, funded, count):
    desk = clerk.get(f"{DESK}?project=library").get_data(as_text=True)
    assert '<option value="library" selected>社区书屋 (library)</option>' in desk
    ident = draft(clerk, note="私下备注")
    shown = text_of(clerk.get(f"{DESK}/{ident}"))
    assert f"支出 {ident}" in shown and "已保存为草稿" in shown
    for expected in ("library", "120.50", "张三", "书架", "私下备注", "草稿", "clerk"):
        assert expected in shown, expected
    assert count(Disbursement) == 1 and count(DisbursementEvent) == 1
    assert "张三" in text_of(clerk.get(DESK))  # listed on the desk


def test_the_draft_page_sent_twice_makes_one_draft(clerk, funded, count):
    desk = clerk.get(DESK).get_data(as_text=True)
    key = re.search(r'name="entry_key" value="([^"]+)"', desk).group(1)
    first = clerk.post(DESK, draft_fields(entry_key=key))
    again = clerk.post(DESK, draft_fields(entry_key=key))
    assert first.status_code == again.status_code == 303 and again.location == first.location
    assert count(Disbursement) == 1
    corrected = clerk.post(DESK, draft_fields(entry_key=key, amount="99.00"))  # back, corrected, sent
    assert corrected.status_code == 303 and corrected.location != first.location
    assert count(Disbursement) == 2


@pytest.mark.parametrize("field, typed, message", [
    ("amount", "12.345", "不是有效金额（最多两位小数）：'12.345'"),
    ("amount", "", "必填"),
    ("amount", "0", "金额必须大于 0"),
    ("payee", "", "必填"),
    ("purpose", "", "必填"),
    ("project", "", "请选择项目或基金"),
    ("project", "nowhere", "没有项目 'nowhere'"),
])
def test_a_wrong_draft_is_refused_next_to_the_field_and_nothing_is_written(clerk, funded, count, field, typed,
                                                                             message):
    response = clerk.post(DESK, draft_fields(**{field: typed, "note": "记得开发票"}))
    assert response.status_code == 422
    assert any(message in m for m in field_errors(response, field)), field_errors(response, field)
    assert 'value="记得开发票"' in response.get_data(as_text=True)
    assert "未保存任何内容" in text_of(response)
    assert count(Disbursement) == 0 and count(DisbursementEvent) == 0


@pytest.mark.parametrize("amount, says", [
    # The fund holds 10,000.00; the project's budget is 5,000.00.
    ("10000.01", "基金 'public_benefit' 可用余额只有 10000.00，不足 10000.01"),
    ("5000.01", "项目 'library' 的剩余预算只有 5000.00，不足 5000.01；请先调增预算"),
])
def test_overdraft_and_over_budget_are_explained_in_plain_words(clerk, funded, count, amount, says):
    response = clerk.post(DESK, draft_fields(amount=amount))
    assert response.status_code == 409
    shown = text_of(response)
    assert says in shown and "未保存任何内容" in shown
    assert f'value="{amount}"' in response.get_data(as_text=True)
    assert count(Disbursement) == 0


def test_a_voucher_is_attached_once_and_can_be_viewed_and_downloaded(clerk, funded, app, count):
    ident = draft(clerk)
    data = pdf_bytes("invoice 42")
    response = attach(clerk, ident, data, "发票.pdf")
    assert response.status_code == 303
    page = clerk.get(response.location)
    assert "已上传凭证 发票.pdf" in text_of(page)
    assert attach(clerk, ident, data, "again.pdf").status_code == 303
    assert count(Voucher) == 1 and len(stored_files(app)) == 1
    digest = hashlib.sha256(data).hexdigest()
    assert stored_files(app)[0].name == digest
    with clerk.get(f"{DESK}/{ident}/vouchers/{digest}") as shown:
        assert shown.status_code == 200 and shown.data == data and shown.mimetype == "application/pdf"
        assert "attachment" not in shown.headers.get("Content-Disposition", "")
    with clerk.get(f"{DESK}/{ident}/vouchers/{digest}?download=1") as saved:
        assert saved.data == data and saved.headers["Content-Disposition"].startswith("attachment")
    assert clerk.get(f"{DESK}/{ident}/vouchers/{'0' * 64}").status_code == 404


@pytest.mark.parametrize("data, filename, message", [
    (b"<html>not a receipt</html>", "receipt.pdf", "文件不是 PDF、JPEG 或 PNG（按文件内容判断）"),
    (b"", "empty.png", "请选择 PDF、JPEG 或 PNG 文件"),
])
def test_a_file_that_is_not_a_voucher_is_refused_and_nothing_is_stored(clerk, funded, app, count, data,
                                                                         filename, message):
    ident = draft(clerk)
    response = attach(clerk, ident, data, filename) if data else clerk.post(f"{DESK}/{ident}/vouchers", {})
    assert response.status_code == 422
    assert any(message in m for m in field_errors(response, "file")), field_errors(response, "file")
    assert count(Voucher) == 0 and stored_files(app) == []


def test_an_empty_file_is_refused_by_its_content(clerk, funded, app, count):
    ident = draft(clerk)
    response = attach(clerk, ident, b"", "empty.png")
    assert response.status_code == 422
    assert field_errors(response, "file") == ["文件是空的"]
    assert count(Voucher) == 0 and stored_files(app) == []


def test_submitting_moves_the_draft_on_and_a_second_submit_is_explained(clerk, funded, app):
    ident = draft(clerk)
    response = clerk.post(f"{DESK}/{ident}/submit")
    assert response.status_code == 303
    shown = text_of(clerk.get(response.location))
    assert "已提交审批" in shown and "待审批" in shown and "提交人 clerk" in shown
    again = clerk.post(f"{DESK}/{ident}/submit")
    assert again.status_code == 409
    assert "这笔支出现在是「待审批」，不能提交审批；现在可以：批准, 驳回" in text_of(again)
    assert state_of(app, ident) == ("submitted", 2)


def test_submitting_what_the_fund_can_no_longer_bear_is_refused(clerk, funded, officer, make_user, app):
    first, second = draft(clerk, amount="4000.00"), draft(clerk, amount="3000.00")
    assert officer.post(f"{API}/projects/library/budget", json={"budget": "9000.00", "reason": "扩建"}).status_code == 201
    # Another 7,000.00 paid out leaves the fund with 10,000.00 - 7,000.00 = 3,000.00 available.
    pay_out(officer, make_user("approver", "fenghe"), "7000.00", "2026-01-03", project=None)
    refused = clerk.post(f"{DESK}/{first}/submit")
    assert refused.status_code == 409
    assert "可用余额只有 3000.00，不足 4000.00" in text_of(refused)
    assert state_of(app, first) == ("draft", 1)
    assert clerk.post(f"{DESK}/{second}/submit").status_code == 303


def test_an_approved_disbursement_is_paid_with_a_date_and_posted(clerk, funded, checker, app, count):
    ident = submitted(clerk, png_bytes())
    assert checker.post(f"/w/fenghe/approvals/{ident}/approve", {}).status_code == 303
    response = clerk.post(f"{DESK}/{ident}/pay", {"occurred_on": "2026-03-10", "channel": "bank"})
    assert response.status_code == 303
    shown = text_of(clerk.get(response.location))
    assert "已于 2026-03-10 支付并记入凭证簿" in shown and "已支付" in shown
    assert state_of(app, ident) == ("paid", 5)  # with the voucher attached
    assert count(JournalTransaction) == 2  # the opening entry and the payment


def test_paying_without_a_voucher_is_refused_in_plain_words(clerk, funded, checker, app, count):
    ident = draft(clerk)
    assert clerk.post(f"{DESK}/{ident}/submit").status_code == 303
    assert checker.post(f"/w/fenghe/approvals/{ident}/approve", {}).status_code == 303
    response = clerk.post(f"{DESK}/{ident}/pay", {"occurred_on": "2026-03-10", "channel": "bank"})
    assert response.status_code == 409
    assert "支付前至少要上传一份凭证" in text_of(response)
    assert state_of(app, ident) == ("approved", 3) and count(JournalTransaction) == 1


def test_the_desk_and_its_forms_are_for_officers_of_the_community(clerk, funded, person, make_community, web,
                                                                    checker, app, count):
    ident = draft(clerk)
    make_community("yuelu", "悦麓社区")
    outsiders = {"approver": checker, "auditor": person("auditor", "fenghe", username="auditor-web"),
                 "elsewhere": person("officer", "yuelu", username="officer-yuelu")}
    for who, browser in outsiders.items():
        assert browser.get(DESK).status_code == 403, who
        assert browser.post(DESK, draft_fields()).status_code == 403, who
        assert attach(browser, ident, pdf_bytes()).status_code == 403, who
        assert browser.post(f"{DESK}/{ident}/submit").status_code == 403, who
        assert browser.post(f"{DESK}/{ident}/pay", {"channel": "bank"}).status_code == 403, who
    assert count(Disbursement) == 1 and count(Voucher) == 0 and state_of(app, ident) == ("draft", 1)
    # Reviewers of the community read a disbursement, without the officer's forms.
    for who in ("approver", "auditor"):
        page = outsiders[who].get(f"{DESK}/{ident}")
        assert page.status_code == 200 and "张三" in text_of(page), who
        assert 'name="file"' not in page.get_data(as_text=True)
    assert outsiders["elsewhere"].get(f"{DESK}/{ident}").status_code == 403
    assert web().get(f"{DESK}/{ident}").status_code == 303


def test_a_form_without_the_csrf_token_writes_nothing(clerk, funded, count):
    assert clerk.post(DESK, draft_fields(), csrf=False).status_code == 400
    assert count(Disbursement) == 0


def test_an_unknown_disbursement_is_404(clerk, funded):
    assert clerk.get(f"{DESK}/999").status_code == 404
    assert clerk.post(f"{DESK}/999/submit").status_code == 404
    assert attach(clerk, 999, pdf_bytes()).status_code == 404


def test_a_trust_expense_is_drafted_from_the_compound_fund_with_its_item(clerk, funded, officer, count):
    r = officer.post(f"{API}/compounds", json={"code": "heyuan", "name": "和园", "remuneration_percent": "10"})
    assert r.status_code == 201, r.json
    r = officer.post(f"{API}/transactions", json={
        "occurred_on": "2026-01-03", "description": "trust fund opening balance", "source": "opening",
        "postings": [{"account": "102.basic", "debit": "800.00"}, {"account": "231.heyuan", "credit": "800.00"}]})
    assert r.status_code == 201, r.json
    desk = clerk.get(DESK).get_data(as_text=True)
    assert '<option value="heyuan">' in desk and '<option value="保洁">保洁</option>' in desk
    fields = draft_fields(project="", fund="heyuan", amount="300.00", payee="保洁公司", purpose="三月保洁")
    refused = clerk.post(DESK, fields)  # a trust fund's expense needs its item
    assert refused.status_code == 422 and field_errors(refused, "item")
    assert count(Disbursement) == 0
    made = clerk.post(DESK, {**fields, "item": "保洁"})
    assert made.status_code == 303, text_of(made)
    shown = text_of(clerk.get(made.location))
    assert "保洁" in shown and "300.00" in shown and "heyuan" in shown
    assert count(Disbursement) == 1
