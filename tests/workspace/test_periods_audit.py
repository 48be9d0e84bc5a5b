"""Closing a month from the workspace, and the auditor's page: chain head, verification,
trial balance over a chosen range."""
from __future__ import annotations

from datetime import date

from sqlalchemy import update

from ledger import db
from ledger.journal.models import ClosedPeriod, JournalTransaction
from ledger.timeutil import local_today
from tests.workspace.pages import field_errors, text_of

PERIODS = "/w/fenghe/periods"


def test_the_page_lists_the_checks_and_what_is_wrong_before_closing(clerk, app):
    with app.app_context():
        this_month = local_today().strftime("%Y-%m")
    page = text_of(clerk.get(f"{PERIODS}?month={this_month}"))
    assert "按月顺序结账" in page and "该月已结束" in page
    assert "暂时不能结账" in page and "该月尚未结束" in page


def test_a_month_that_can_close_says_so_and_closes(clerk, cafe, post_income, count):
    post_income("cafe", "100.00", "2026-01-10")
    page = text_of(clerk.get(f"{PERIODS}?month=2026-01"))
    assert "检查全部通过，可以结账" in page
    assert "本月凭证 1 笔，借方合计 100.00" in page
    response = clerk.post(f"{PERIODS}/close", {"month": "2026-01"})
    assert response.status_code == 303
    closed = text_of(clerk.get(response.location))
    assert "2026-01 已结账" in closed and "2026-01 及以前的月份已结账" in closed
    assert count(ClosedPeriod) == 1


def test_closing_out_of_order_is_refused_with_the_reason_next_to_the_month(clerk, officer, count):
    assert officer.post("/api/v1/communities/fenghe/periods/2026-01/close").status_code == 201
    response = clerk.post(f"{PERIODS}/close", {"month": "2026-03"})
    assert response.status_code == 409
    assert "请先结账 2026-02：须按月份顺序结账" in text_of(response)
    assert count(ClosedPeriod) == 1
    again = clerk.post(f"{PERIODS}/close", {"month": "2026-01"})
    assert again.status_code == 409 and "2026-01 已经结账" in text_of(again)


def test_a_month_that_is_not_a_month_is_refused(clerk, count):
    response = clerk.post(f"{PERIODS}/close", {"month": "2026-13"})
    assert response.status_code == 422
    assert field_errors(response, "month") == ["不是 YYYY-MM 格式的月份：'2026-13'"]
    assert count(ClosedPeriod) == 0


def test_the_auditor_sees_the_chain_head_and_verifies_it(person, cafe, post_income, community):
    post_income("cafe", "100.00", "2026-01-10")
    post_income("cafe", "50.00", "2026-02-10")
    auditor = person("auditor", community)
    page = text_of(auditor.get("/w/fenghe/audit"))
    assert "最新凭证号：2" in page
    asked = auditor.post("/w/fenghe/audit/jobs", {"kind": "chain_verification"})
    assert asked.status_code == 303 and asked.location.startswith("/w/fenghe/audit?")
    verified = text_of(auditor.get(asked.location))  # the job ran while it was asked for (tests)
    assert "校验通过：全部 2 笔凭证" in verified


def test_a_tampered_journal_is_reported_at_the_broken_seq(person, cafe, post_income, community, app):
    post_income("cafe", "100.00", "2026-01-10")
    post_income("cafe", "50.00", "2026-02-10")
    with app.app_context(), db.unit_of_work(app) as session:
        session.execute(update(JournalTransaction).where(JournalTransaction.seq == 2)
                        .values(occurred_on=date(2026, 2, 11)))
    auditor = person("auditor", community)
    asked = auditor.post("/w/fenghe/audit/jobs", {"kind": "chain_verification"})
    page = text_of(auditor.get(asked.location))
    assert "哈希链在凭证号 2 处断开" in page and "凭证号 2 的哈希不一致" in page


def test_the_trial_balance_covers_the_chosen_range_and_balances(person, cafe, post_income, community):
    post_income("cafe", "100.00", "2026-01-10")
    post_income("cafe", "50.00", "2026-02-10")
    auditor = person("auditor", community)
    january = text_of(auditor.get("/w/fenghe/audit?from=2026-01-01&to=2026-01-31"))
    assert "科目余额表 2026-01-01 至 2026-01-31" in january
    assert "合计 100.00 100.00" in january
    both = text_of(auditor.get("/w/fenghe/audit?from=2026-01-01&to=2026-02-28"))
    assert "合计 150.00 150.00" in both
    assert "102.wechat 银行存款-微信收款 0.00 150.00 0.00 150.00" in both


def test_a_backwards_range_is_refused_next_to_the_field(person, community):
    auditor = person("auditor", community)
    response = auditor.get("/w/fenghe/audit?from=2026-02-01&to=2026-01-01")
    assert response.status_code == 422
    assert field_errors(response, "to") == ["不能早于起始日期"]
