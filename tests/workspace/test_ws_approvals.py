"""The approver's queue: submitted disbursements with their vouchers, approved or rejected
(with a reason) by someone other than their submitter; refusals explained, nothing written."""
from __future__ import annotations

import hashlib

from tests.funds.samples import pdf_bytes
from tests.workspace import money
from tests.workspace.money import DESK, attach, change_role, draft, state_of, submitted
from tests.workspace.pages import field_errors, text_of

checker = money.checker  # a fixture
funded = money.funded  # a fixture

QUEUE = "/w/fenghe/approvals"


def test_the_queue_lists_what_awaits_approval_with_its_vouchers(clerk, funded, checker):
    data = pdf_bytes("quote")
    waiting = submitted(clerk, data, amount="88.00", payee="赵六")
    still_draft = draft(clerk, payee="不该出现")
    page = checker.get(QUEUE)
    assert page.status_code == 200
    shown, html = text_of(page), page.get_data(as_text=True)
    assert "赵六" in shown and "88.00" in shown and "receipt.pdf" in shown
    # 10,000.00 in the fund, nothing approved yet: all of it can still be paid.
    assert "基金 public_benefit 当前可用余额 10,000.00" in shown
    assert "不该出现" not in shown and f'data-testid="queued-{still_draft}"' not in html
    digest = hashlib.sha256(data).hexdigest()
    assert f"{DESK}/{waiting}/vouchers/{digest}" in html
    with checker.get(f"{DESK}/{waiting}/vouchers/{digest}?download=1") as voucher:
        assert voucher.status_code == 200 and voucher.data == data


def test_approving_moves_it_out_of_the_queue_and_records_who(clerk, funded, checker, app):
    ident = submitted(clerk, pdf_bytes())
    response = checker.post(f"{QUEUE}/{ident}/approve", {"note": "同意"})
    assert response.status_code == 303 and response.location == QUEUE
    queue = text_of(checker.get(QUEUE))
    assert f"支出 {ident} 已批准" in queue and "目前没有待审批的支出" in queue
    assert state_of(app, ident) == ("approved", 4)
    history = text_of(checker.get(f"{DESK}/{ident}"))
    assert "已批准" in history and "checker" in history and "同意" in history


def test_rejecting_needs_a_reason_next_to_the_field_and_keeps_it(clerk, funded, checker, app):
    ident = submitted(clerk, pdf_bytes())
    refused = checker.post(f"{QUEUE}/{ident}/reject", {"reason": "  "})
    assert refused.status_code == 422
    assert field_errors(refused, f"reason-{ident}") == ["必填。"]
    assert "未保存任何内容" in text_of(refused)
    assert state_of(app, ident) == ("submitted", 3)
    response = checker.post(f"{QUEUE}/{ident}/reject", {"reason": "发票抬头不对"})
    assert response.status_code == 303
    assert state_of(app, ident) == ("rejected", 4)
    assert "发票抬头不对" in text_of(checker.get(f"{DESK}/{ident}"))
    # Rejected is final: it takes no more vouchers and cannot be approved.
    assert attach(clerk, ident, pdf_bytes("late")).status_code == 409
    again = checker.post(f"{QUEUE}/{ident}/approve", {})
    assert again.status_code == 409
    assert "这笔支出现在是「已驳回」，不能批准；它已办结" in text_of(again)
    assert state_of(app, ident) == ("rejected", 4)


def test_the_submitter_cannot_decide_and_is_told_why(person, funded, app, community):
    """Roles are one per user: an officer who submitted and then became an approver."""
    flipper = person("officer", community, username="flipper")
    ident = submitted(flipper, pdf_bytes())
    change_role(app, "flipper", "approver")
    queue = flipper.get(QUEUE)
    assert queue.status_code == 200
    assert "这笔支出是您提交的，须由另一位审批人审批" in text_of(queue)
    assert f'data-testid="approve-{ident}"' not in queue.get_data(as_text=True)
    for action, body in (("approve", {}), ("reject", {"reason": "自己驳回"})):
        refused = flipper.post(f"{QUEUE}/{ident}/{action}", body)
        assert refused.status_code == 403, action
        assert "这笔支出是 flipper 提交的，须由另一人审批" in text_of(refused)
        assert "未保存任何内容" in text_of(refused)
    assert state_of(app, ident) == ("submitted", 3)


def test_whoever_drafted_or_attached_a_voucher_cannot_decide_either(person, clerk, funded, app, community):
    """One officer drafts and attaches the voucher, another submits; the first, made an
    approver, is shown the reason instead of the buttons and refused if they try."""
    drafter = person("officer", community, username="drafter")
    ident = draft(drafter)
    assert attach(drafter, ident, pdf_bytes()).status_code == 303
    assert clerk.post(f"{DESK}/{ident}/submit").status_code == 303
    change_role(app, "drafter", "approver")
    queue = drafter.get(QUEUE)
    assert "这笔支出由您起草或修改过，须由另一位审批人审批" in text_of(queue)
    assert f'data-testid="approve-{ident}"' not in queue.get_data(as_text=True)
    refused = drafter.post(f"{QUEUE}/{ident}/approve", {})
    assert refused.status_code == 403 and "这笔支出由 drafter 起草或修改过，须由另一人审批" in text_of(refused)
    assert state_of(app, ident) == ("submitted", 3)


def test_the_same_in_english(person, funded, app, community):
    flipper = person("officer", community, username="flipper")
    ident = submitted(flipper, pdf_bytes())
    change_role(app, "flipper", "approver")
    flipper.get(f"{QUEUE}?lang=en")
    refused = flipper.post(f"{QUEUE}/{ident}/approve", {})
    assert "flipper submitted this disbursement; another person must decide on it" in text_of(refused)


def test_the_queue_and_its_decisions_are_for_approvers_of_the_community(clerk, funded, person, make_community,
                                                                          web, app):
    ident = submitted(clerk, pdf_bytes())
    make_community("yuelu", "悦麓社区")
    outsiders = {"officer": clerk, "auditor": person("auditor", "fenghe", username="auditor-web"),
                 "elsewhere": person("approver", "yuelu", username="approver-yuelu")}
    for who, browser in outsiders.items():
        assert browser.get(QUEUE).status_code == 403, who
        assert browser.post(f"{QUEUE}/{ident}/approve", {}).status_code == 403, who
        assert browser.post(f"{QUEUE}/{ident}/reject", {"reason": "x"}).status_code == 403, who
    assert outsiders["elsewhere"].get(f"{DESK}/{ident}").status_code == 403
    assert web().get(QUEUE).status_code == 303
    assert state_of(app, ident) == ("submitted", 3)


def test_each_role_finds_its_money_pages_in_the_menu(clerk, checker, person, community):
    officer_menu = text_of(clerk.get("/w/fenghe/"))
    approver_menu = text_of(checker.get("/w/fenghe/"))
    auditor_menu = text_of(person("auditor", community, username="auditor-web").get("/w/fenghe/"))
    for menu in (officer_menu, approver_menu, auditor_menu):
        assert "基金" in menu and "项目" in menu
    assert "支出" in officer_menu and "审批" not in officer_menu.replace("审批人", "")
    assert "审批" in approver_menu.replace("审批人", "") and "支出" not in approver_menu
    assert "支出" not in auditor_menu and "审批" not in auditor_menu


def test_an_unknown_disbursement_is_404(checker, funded):
    assert checker.post(f"{QUEUE}/999/approve", {}).status_code == 404
    assert checker.post(f"{QUEUE}/999/reject", {"reason": "x"}).status_code == 404
