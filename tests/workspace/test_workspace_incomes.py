"""The income desk: a recorded income shows the split it produced; a refused entry keeps
what was typed, says what is wrong next to the field, and writes nothing."""
from __future__ import annotations

import re

import pytest

from ledger.incomes.models import Income
from ledger.journal.models import JournalTransaction
from tests.workspace.pages import field_errors, text_of

DESK = "/w/fenghe/incomes"


def entry(**fields) -> dict:
    return {"operator": "cafe", "amount": "100.05", "occurred_on": "2026-03-05", "channel": "wechat", **fields}


def test_the_desk_offers_the_operators_with_focus_on_the_picker_and_today_as_the_date(clerk, cafe):
    page = clerk.get(DESK).get_data(as_text=True)
    assert re.search(r'<select id="f-operator" name="operator" autofocus', page)
    assert '<option value="cafe">邻里咖啡吧 (cafe)</option>' in page
    assert re.search(r'name="occurred_on" type="date" value="\d{4}-\d{2}-\d{2}"', page)


def test_a_recorded_income_shows_its_shares_at_once(clerk, cafe, count):
    response = clerk.post(DESK, entry())
    assert response.status_code == 303
    desk = clerk.get(response.location)
    shown = text_of(desk)
    # 10 % of 100.05 is 10.005, rounded half up to 10.01; the café keeps 90.04.
    assert "10.01" in shown and "90.04" in shown and "100.05" in shown
    assert "公益金" in shown
    assert count(Income) == 1
    # The next entry starts from the same operator, with the cursor in the amount.
    assert re.search(r'<input id="f-amount" name="amount" type="text" value="" autofocus', desk.get_data(as_text=True))
    # The result is shown once, not on every later visit.
    assert "10.01" not in text_of(clerk.get(DESK)).split("最近的收入")[0]


@pytest.mark.parametrize("field, typed, message", [
    ("amount", "12.345", "不是有效金额（最多两位小数）：'12.345'"),
    ("amount", "", "必填"),
    ("amount", "-5", "金额不能为负数"),
    ("occurred_on", "2026-02-30", "不是有效的日期"),
    ("operator", "bakery", "没有经营主体 'bakery'"),
])
def test_a_wrong_field_is_refused_with_the_message_next_to_it_and_nothing_is_written(
        clerk, cafe, count, field, typed, message):
    response = clerk.post(DESK, entry(**{field: typed, "payer": "张三"}))
    assert response.status_code == 422
    assert any(message in m for m in field_errors(response, field))
    assert 'value="张三"' in response.get_data(as_text=True)  # what was typed is kept
    assert "未保存任何内容" in text_of(response)
    assert count(Income) == 0 and count(JournalTransaction) == 0


def test_the_same_messages_in_english(clerk, cafe):
    clerk.get("/w/fenghe/incomes?lang=en")
    response = clerk.post(DESK, entry(amount="12.345"))
    assert "not an amount with at most two decimal places: '12.345'" in text_of(response)
    assert "Record an income" in text_of(response)


def test_an_income_into_a_closed_month_is_refused_in_plain_words(clerk, cafe, officer, count):
    assert officer.post("/api/v1/communities/fenghe/periods/2026-02/close").status_code == 201
    response = clerk.post(DESK, entry(occurred_on="2026-02-27"))
    assert response.status_code == 409
    assert "2026-02 月已结账" in text_of(response)
    assert 'value="2026-02-27"' in response.get_data(as_text=True)
    assert count(Income) == 0


def test_the_same_page_sent_twice_records_one_income(clerk, cafe, count):
    sent = entry(entry_key="page-1")
    assert clerk.post(DESK, sent).status_code == 303
    assert clerk.post(DESK, sent).status_code == 303
    assert count(Income) == 1
    assert "未重复记账" in text_of(clerk.get(DESK))
    # Corrected and sent again from the same page: a second, different income.
    assert clerk.post(DESK, {**sent, "amount": "20.00"}).status_code == 303
    assert count(Income) == 2


def test_a_form_without_the_csrf_token_is_refused(clerk, cafe, count):
    response = clerk.post(DESK, entry(), csrf=False)
    assert response.status_code == 400
    assert count(Income) == 0


def recorded_id(clerk) -> int:
    response = clerk.post(DESK, entry())
    assert response.status_code == 303
    return int(re.search(r"/w/fenghe/incomes/(\d+)", clerk.get(DESK).get_data(as_text=True)).group(1))


def test_reversing_an_income_with_a_reason_posts_the_opposite_split(clerk, cafe, count):
    income = recorded_id(clerk)
    response = clerk.post(f"/w/fenghe/incomes/{income}/reversal", {"reason": "录错了", "occurred_on": "2026-03-06"})
    assert response.status_code == 303
    shown = text_of(clerk.get(response.location))
    assert "-10.01" in shown and "-90.04" in shown
    assert "已由凭证号 2 冲销" in shown
    assert "原因：录错了" in shown  # officers read the reason the public journal does not show
    assert count(JournalTransaction) == 2


def test_a_reversal_needs_a_reason_and_happens_once(clerk, cafe, count):
    income = recorded_id(clerk)
    refused = clerk.post(f"/w/fenghe/incomes/{income}/reversal", {"reason": "  "})
    assert refused.status_code == 422 and "原因 必填" in text_of(refused)
    assert count(JournalTransaction) == 1
    assert clerk.post(f"/w/fenghe/incomes/{income}/reversal", {"reason": "重复"}).status_code == 303
    again = clerk.post(f"/w/fenghe/incomes/{income}/reversal", {"reason": "再来"})
    assert again.status_code == 409
    assert count(JournalTransaction) == 2


def test_an_unknown_income_is_404(clerk, cafe):
    assert clerk.get("/w/fenghe/incomes/999").status_code == 404
    assert clerk.post("/w/fenghe/incomes/999/reversal", {"reason": "x"}).status_code == 404
