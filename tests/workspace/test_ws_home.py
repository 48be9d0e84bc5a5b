"""The workspace home: what waits for each role with links to where it is resolved, the
quick income entry (recorded once per page however often it is sent), and today's
incomes at a glance."""
from __future__ import annotations

import io
import re

import pytest

from ledger.incomes.models import Income
from ledger.timeutil import local_today
from tests.funds.samples import pdf_bytes
from tests.workspace.pages import field_errors, text_of

HOME = "/w/fenghe/"
QUICK = "/w/fenghe/quick-income"
API = "/api/v1/communities/fenghe"
_KEY = re.compile(r'name="entry_key" value="([^"]+)"')


def counts_on(page) -> dict[str, int]:
    return {name: int(n) for name, n in re.findall(r'data-todo="(\w+)" data-count="(\d+)"', page.get_data(as_text=True))}


def quick(browser, **fields):
    """The home page's quick entry sent as its page would send it (with the page's key)."""
    key = _KEY.search(browser.get(HOME).get_data(as_text=True)).group(1)
    form = {"entry_key": key, "operator": "cafe", "amount": "100.05", "occurred_on": local_today().isoformat(),
            "channel": "wechat", "reference": "", **fields}
    return form, browser.post(QUICK, form)


@pytest.fixture
def drafted(officer):
    """1,000.00 in the public-benefit fund, project "library" and a draft without a voucher."""
    officer.post(f"{API}/transactions", json={
        "occurred_on": "2026-01-02", "description": "opening balance", "source": "opening",
        "postings": [{"account": "102.basic", "debit": "1000.00"}, {"account": "311.public_benefit", "credit": "1000.00"}]})
    officer.post(f"{API}/projects", json={"code": "library", "name": "社区书屋", "purpose": "书", "budget": "800.00",
                                          "fund": "public_benefit"})
    r = officer.post(f"{API}/disbursements", json={"project": "library", "amount": "120.00", "payee": "新华书店",
                                                   "purpose": "没有凭证的草稿"})
    assert r.status_code == 201, r.json
    return r.json["id"]


def test_each_role_sees_its_own_waiting_items_with_links(clerk, person, drafted):
    page = clerk.get(HOME)
    assert counts_on(page)["drafts_without_voucher"] == 1
    assert f'href="/w/fenghe/disbursements/{drafted}"' in page.get_data(as_text=True)
    assert "缺少凭证的支出草稿" in text_of(page)
    approver = person("approver", "fenghe", username="checker")
    seen = approver.get(HOME)
    assert counts_on(seen) == {"awaiting_approval": 0}
    assert "没有凭证的草稿" not in text_of(seen)
    assert 'id="quick-entry"' not in seen.get_data(as_text=True) and 'id="today"' not in seen.get_data(as_text=True)


def test_a_submission_shows_on_the_approvers_home_with_a_link_to_the_queue(clerk, person, drafted, officer):
    officer.post(f"{API}/disbursements/{drafted}/vouchers", content_type="multipart/form-data",
                 data={"file": (io.BytesIO(pdf_bytes("v")), "v.pdf")})
    assert counts_on(clerk.get(HOME))["drafts_not_submitted"] == 1
    officer.post(f"{API}/disbursements/{drafted}/submit")
    page = person("approver", "fenghe", username="checker").get(HOME)
    assert counts_on(page) == {"awaiting_approval": 1}
    assert f'href="/w/fenghe/approvals#d-{drafted}"' in page.get_data(as_text=True)


def test_the_quick_entry_records_once_however_often_its_page_is_sent(clerk, cafe, count):
    first = clerk.get(HOME).get_data(as_text=True)
    assert re.search(r'<select id="f-operator" name="operator" autofocus', first)  # nothing used yet
    form, response = quick(clerk)
    assert (response.status_code, response.location) == (303, "/w/fenghe/")
    home = clerk.get(HOME)
    html = home.get_data(as_text=True)
    assert "100.05" in text_of(home) and count(Income) == 1
    assert re.search(r'<input id="f-amount" name="amount" type="text" value="" autofocus', html)  # ready for the next
    assert '<option value="cafe" selected>' in html  # the operator last used
    again = clerk.post(QUICK, form)  # the same page sent twice (a double Enter)
    assert again.status_code == 303 and count(Income) == 1
    assert 'data-testid="replayed"' in clerk.get(HOME).get_data(as_text=True)


def test_the_last_operator_is_remembered_across_sign_ins(clerk, web, cafe, make_operator):
    make_operator("canteen", name="爱心食堂", percent="5")
    quick(clerk, operator="canteen")
    again = web()
    again.sign_in("clerk")
    assert '<option value="canteen" selected>' in again.get(HOME).get_data(as_text=True)


def test_a_wrong_amount_is_refused_next_to_the_field_and_nothing_is_written(clerk, cafe, count):
    _form, response = quick(clerk, amount="12.345", reference="R-1")
    assert response.status_code == 422
    assert any("12.345" in m for m in field_errors(response, "amount"))
    assert 'value="R-1"' in response.get_data(as_text=True) and count(Income) == 0


def test_today_at_a_glance_by_operator_and_channel_and_what_went_to_the_fund(clerk, cafe, post_income, make_operator):
    today = local_today().isoformat()
    post_income("cafe", "100.00", today, channel="wechat")
    post_income("cafe", "50.00", today, channel="wechat")
    post_income("cafe", "30.00", today, channel="cash")
    post_income("cafe", "999.00", "2026-01-05")  # another day
    reversed_ = post_income("cafe", "70.00", today)
    assert clerk.post(f"/w/fenghe/incomes/{reversed_['id']}/reversal", {"reason": "录错", "occurred_on": today}).status_code == 303
    page = clerk.get(HOME)
    takings = page.get_data(as_text=True).split('data-testid="today-takings"')[1].split("</table>")[0]
    rows = [re.sub(r"<[^>]+>", " ", row).split() for row in re.findall(r"<tr>(.*?)</tr>", takings, flags=re.S)]
    assert ["邻里咖啡吧", "现金", "×1", "30.00"] in rows and ["邻里咖啡吧", "微信支付", "×2", "150.00"] in rows
    assert "共 3 笔收入，合计 180.00。" in text_of(page)
    sent = page.get_data(as_text=True).split('data-testid="today-sent"')[1].split("</table>")[0]
    assert "18.00" in sent and "公益金" in sent


def test_who_may_open_the_home_and_record_from_it(web, person, cafe, community):
    anonymous = web().get(HOME)
    assert anonymous.status_code == 303 and "/login" in anonymous.location
    auditor = person("auditor", "fenghe", username="reader")
    page = auditor.get(HOME)
    assert page.status_code == 200 and 'id="today"' in page.get_data(as_text=True)
    assert 'id="quick-entry"' not in page.get_data(as_text=True)
    assert auditor.post(QUICK, {"operator": "cafe", "amount": "1.00", "channel": "cash"}).status_code == 403
    assert person("admin", username="boss").get(HOME).status_code == 403
    assert person("officer", username="elsewhere").get(HOME).status_code == 403


def test_the_auditor_sees_when_and_by_whom_the_chain_was_last_verified(person, cafe, post_income):
    auditor = person("auditor", "fenghe", username="reader")
    assert counts_on(auditor.get(HOME)) == {"last_verified": 0, "exports_ready": 0}
    post_income("cafe", "10.00", "2026-03-05")
    assert auditor.post("/w/fenghe/audit/jobs", {"kind": "chain_verification"}).status_code == 303
    post_income("cafe", "20.00", "2026-03-06")
    page = auditor.get(HOME)
    assert counts_on(page)["last_verified"] == 1
    shown = text_of(page)
    assert "reader" in shown and "哈希链完整" in shown and "此后又记了 1 笔凭证" in shown
