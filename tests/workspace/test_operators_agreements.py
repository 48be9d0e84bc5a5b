"""Operators and agreements from the workspace: the same rules as the API, each problem
next to its field, and a preview of a draft agreement with and without script."""
from __future__ import annotations

import re

import pytest

from ledger.agreements.models import Agreement
from ledger.journal.models import Account
from ledger.operators.models import Operator
from tests.workspace.pages import field_errors, text_of

OPERATORS, AGREEMENTS = "/w/fenghe/operators", "/w/fenghe/agreements"


def test_adding_an_operator_creates_its_accounts(clerk, count):
    accounts = count(Account)
    response = clerk.post(OPERATORS, {"code": "canteen", "name": "爱心食堂", "kind": "canteen",
                                      "settlement": "community_collects"})
    assert response.status_code == 303
    page = text_of(clerk.get(OPERATORS))
    assert "已添加经营主体 爱心食堂" in page and "社区代收收入" in page
    assert count(Account) == accounts + 3  # revenue, receivable, payable


@pytest.mark.parametrize("data, status, field, message", [
    ({"code": "Café!", "name": "咖啡", "kind": "cafe"}, 422, "code", "1-32 个小写字母"),
    ({"code": "cafe", "name": "", "kind": "cafe"}, 422, "name", "必填"),
    ({"code": "cafe", "name": "咖啡", "kind": "casino"}, 422, "kind", "必须是以下之一"),
    ({"code": "cafe", "name": "又一个咖啡吧", "kind": "cafe"}, 409, "code", "已存在"),
])
def test_a_refused_operator_keeps_the_form_and_writes_nothing(clerk, cafe, count, data, status, field, message):
    response = clerk.post(OPERATORS, {"settlement": "community_collects", **data})
    assert response.status_code == status
    assert any(message in m for m in field_errors(response, field))
    assert f'value="{data["name"]}"' in response.get_data(as_text=True)
    assert count(Operator) == 1


def share_form(**fields) -> dict:
    return {"operator": "cafe", "basis": "gross", "period": "month", "effective_from": "2027-01-01", **fields}


def test_a_new_version_ends_the_open_agreement_the_day_before(clerk, cafe, count):
    response = clerk.post(AGREEMENTS, share_form(**{"shares-0-to": "public_benefit", "shares-0-percent": "12"}))
    assert response.status_code == 303, text_of(response)
    listed = text_of(clerk.get(AGREEMENTS))
    assert "2020-01-01 – 2026-12-31" in listed and "2027-01-01 – 长期" in listed
    assert "public_benefit : 12 %" in listed
    assert count(Agreement) == 2


def test_tiers_are_typed_one_bracket_per_line(clerk, cafe):
    response = clerk.post(AGREEMENTS, share_form(**{"shares-0-to": "public_benefit",
                                                    "shares-0-tiers": "10000.00 5\n* 10"}))
    assert response.status_code == 303, text_of(response)
    assert "10000.00 以内 5 %; 以上 10 %" in text_of(clerk.get(AGREEMENTS))


@pytest.mark.parametrize("fields, key, message", [
    ({"shares-0-to": "public_benefit", "shares-0-percent": "120"}, "shares.0.percent", "比例必须大于 0 且不超过 100"),
    ({"shares-0-to": "nowhere", "shares-0-percent": "10"}, "shares.0.to", "没有基金或科目 'nowhere'"),
    ({"shares-0-percent": "10"}, "shares.0.to", "必填"),
    ({"shares-0-to": "public_benefit", "shares-0-tiers": "10000 5\n20000 8"}, "shares.0.tiers", "最后一档不能有上限"),
    ({"shares-0-to": "public_benefit", "shares-0-tiers": "lots"}, "shares.0.tiers", "每行写一档"),
    ({"shares-0-to": "public_benefit", "shares-0-percent": "60", "shares-1-to": "311", "shares-1-percent": "50"},
     "shares", "分成合计超过 100%"),
])
def test_each_problem_of_a_share_is_shown_on_its_row(clerk, cafe, count, fields, key, message):
    response = clerk.post(AGREEMENTS, share_form(**fields))
    assert response.status_code == 422
    assert any(message in m for m in field_errors(response, key)), text_of(response)
    assert count(Agreement) == 1


def test_empty_rows_in_between_are_closed_up_so_messages_stay_on_their_row(clerk, cafe):
    response = clerk.post(AGREEMENTS, share_form(**{"shares-2-to": "public_benefit", "shares-2-percent": "abc"}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'name="shares-0-percent" type="text" value="abc"' in page
    assert 'id="f-shares-0-percent-error"' in page


def test_overlapping_an_applied_agreement_is_refused_in_plain_words(clerk, cafe, post_income, count):
    post_income("cafe", "10.00", "2026-03-05")
    response = clerk.post(AGREEMENTS, share_form(effective_from="2026-03-01",
                                                 **{"shares-0-to": "public_benefit", "shares-0-percent": "20"}))
    assert response.status_code == 409
    assert "在 2026-03-01 及以后已经执行过" in text_of(response)
    assert count(Agreement) == 1


def test_a_new_version_starts_from_the_terms_of_the_one_it_follows(clerk, cafe):
    listed = clerk.get(AGREEMENTS).get_data(as_text=True)
    link = re.search(r'href="(/w/fenghe/agreements/new\?from=\d+)"', listed).group(1)
    page = clerk.get(link).get_data(as_text=True)
    assert 'name="shares-0-to" type="text" value="public_benefit"' in page
    assert 'name="shares-0-percent" type="text" value="10"' in page


def test_the_preview_without_script_shows_the_period_exact_shares(clerk, cafe, count):
    # Three incomes of one month at 10 %: 0.05 + 0.05 + 0.05 = 0.15, whose share is 0.02 (0.015 rounded half up).
    response = clerk.post(f"{AGREEMENTS}/preview", share_form(amounts="0.05 0.05 0.05",
                                                              **{"shares-0-to": "public_benefit",
                                                                 "shares-0-percent": "10"}))
    assert response.status_code == 200
    assert "合计 0.15 0.02 0.13" in text_of(response)
    assert count(Agreement) == 1


def test_the_preview_asks_for_amounts_and_for_readable_ones(clerk, cafe):
    base = share_form(**{"shares-0-to": "public_benefit", "shares-0-percent": "10"})
    assert "请输入一个或多个示例金额再预览" in text_of(clerk.post(f"{AGREEMENTS}/preview", base))
    refused = clerk.post(f"{AGREEMENTS}/preview", {**base, "amounts": "12.345"})
    assert refused.status_code == 422 and "不是有效金额" in text_of(refused)


def test_more_share_rows_on_request(clerk, cafe):
    page = clerk.post(f"{AGREEMENTS}/preview", share_form(add_rows="1", rows="3")).get_data(as_text=True)
    assert 'name="shares-4-to"' in page and 'name="shares-5-to"' not in page


def test_the_live_preview_calls_the_simulate_api_with_the_session_and_the_csrf_header(clerk, cafe):
    body = {"agreement": {"shares": [{"to": "public_benefit", "percent": "10"}]}, "amounts": ["100.05"]}
    url = "/api/v1/communities/fenghe/agreements/simulate"
    refused = clerk.client.post(url, json=body)
    assert refused.status_code == 400  # a cookie-authenticated call without the CSRF header
    answer = clerk.client.post(url, json=body, headers={"X-CSRFToken": clerk.token()})
    assert answer.status_code == 200
    assert answer.json["totals"]["shares"] == [{"to": "public_benefit", "amount": "10.01"}]


def test_the_agreement_page_carries_the_script_and_the_simulate_address(clerk, cafe):
    page = clerk.get(f"{AGREEMENTS}/new").get_data(as_text=True)
    assert 'data-simulate-url="/api/v1/communities/fenghe/agreements/simulate"' in page
    assert '<script src="/static/js/agreement-preview.js" defer></script>' in page
    assert "<script>" not in page and " style=" not in page
