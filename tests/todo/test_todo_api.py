"""GET /communities/{c}/todo: each role's list after building each waiting state, and
what one role never sees of another's."""
from __future__ import annotations

import io
from datetime import date

from sqlalchemy import select, update

from ledger import db
from ledger.auth.models import User
from ledger.timeutil import local_today
from tests.funds.samples import pdf_bytes
from tests.todo.conftest import BASE

OFFICER = {"drafts_without_voucher", "drafts_not_submitted", "rejected", "approved_unpaid", "months_to_close",
           "declarations_due", "receivables_overdue", "imports_ready", "questions_pending"}
APPROVER = {"awaiting_approval"}
AUDITOR = {"last_verified", "exports_ready"}
MONEY_KINDS = ("drafts_without_voucher", "drafts_not_submitted", "rejected", "approved_unpaid")


def month_text(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_from(first: date, last: date) -> list[str]:
    """"YYYY-MM" of every month from ``first``'s to ``last``'s, inclusive."""
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def months_back(count: int) -> date:
    """The first day of the month ``count`` months before this one."""
    today = local_today()
    index = today.year * 12 + today.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def test_each_role_has_its_own_kinds_and_nothing_waits_in_a_new_community(officer, approver, auditor, todo):
    for user, role, kinds in ((officer, "officer", OFFICER), (approver, "approver", APPROVER),
                              (auditor, "auditor", AUDITOR)):
        body = todo(user)
        assert (body["role"], body["community"], body["as_of"]) == (role, "fenghe", local_today().isoformat())
        assert set(body["todo"]) == kinds
        assert all(found == {"count": 0, "items": []} for found in body["todo"].values()), body


def test_who_may_ask(client, admin, make_community, make_user, officer):
    make_community("other", "别的社区")
    assert client.get(f"{BASE}/todo").status_code == 401
    assert admin.get(f"{BASE}/todo").status_code == 403
    assert make_user("officer", "other").get(f"{BASE}/todo").status_code == 403
    assert officer.get("/api/v1/communities/nowhere/todo").status_code == 404


def _with(counts: dict, kinds=MONEY_KINDS) -> set[str]:
    return {kind for kind in kinds if counts[kind]}


def test_a_disbursement_moves_through_the_officers_and_the_approvers_lists(funded, officer, approver, upload,
                                                                          todo, counts):
    r = officer.post(f"{BASE}/disbursements", json={"project": "library", "amount": "1200.00", "payee": "新华书店",
                                                    "purpose": "第一批图书"})
    ident = r.json["id"]
    found = todo(officer)["todo"]["drafts_without_voucher"]
    assert found["count"] == 1
    assert found["items"][0] | {"url": None} == {
        "id": ident, "amount": "1200.00", "project": "library", "fund": "public_benefit", "purpose": "第一批图书",
        "state": "draft", "url": None}
    assert found["items"][0]["url"] == f"/w/fenghe/disbursements/{ident}"
    assert counts(approver) == {"awaiting_approval": 0}

    steps = [(lambda: upload(ident, pdf_bytes("invoice")), {"drafts_not_submitted"}, 0),
             (lambda: officer.post(f"{BASE}/disbursements/{ident}/submit"), set(), 1),
             (lambda: approver.post(f"{BASE}/disbursements/{ident}/approve"), {"approved_unpaid"}, 0),
             (lambda: officer.post(f"{BASE}/disbursements/{ident}/pay", json={"channel": "bank"}), set(), 0)]
    for act, officer_kinds, awaiting in steps:
        assert act().status_code in (200, 201)
        assert _with(counts(officer)) == officer_kinds
        assert counts(approver)["awaiting_approval"] == awaiting


def test_the_approver_sees_a_submission_with_its_amount_and_where_to_decide(funded, officer, approver, todo):
    r = officer.post(f"{BASE}/disbursements", json={"project": "library", "amount": "88.80", "payee": "张三",
                                                    "purpose": "茶歇"})
    officer.post(f"{BASE}/disbursements/{r.json['id']}/submit")
    found = todo(approver)["todo"]["awaiting_approval"]
    assert found["count"] == 1
    item = found["items"][0]
    assert (item["id"], item["amount"], item["submitted_by"]) == (r.json["id"], "88.80", officer.username)
    assert item["url"] == f"/w/fenghe/approvals#d-{r.json['id']}"


def test_a_rejection_waits_until_the_project_has_a_new_draft(funded, officer, approver, todo, counts):
    r = officer.post(f"{BASE}/disbursements", json={"project": "library", "amount": "300.00", "payee": "张三",
                                                    "purpose": "书架"})
    officer.post(f"{BASE}/disbursements/{r.json['id']}/submit")
    approver.post(f"{BASE}/disbursements/{r.json['id']}/reject", json={"reason": "缺少报价单"})
    found = todo(officer)["todo"]["rejected"]
    assert found["count"] == 1 and found["items"][0]["reason"] == "缺少报价单"
    officer.post(f"{BASE}/disbursements", json={"project": "library", "amount": "280.00", "payee": "张三",
                                                "purpose": "书架（附报价单）"})
    assert _with(counts(officer)) == {"drafts_without_voucher"}


def test_an_approver_never_sees_officers_drafts_nor_their_own_submissions(app, funded, officer, approver,
                                                                          make_user, todo):
    flipper = make_user("officer", "fenghe", username="flipper")
    mine = flipper.post(f"{BASE}/disbursements", json={"project": "library", "amount": "50.00", "payee": "李四",
                                                       "purpose": "自己提交的"}).json["id"]
    flipper.post(f"{BASE}/disbursements/{mine}/submit")
    officer.post(f"{BASE}/disbursements", json={"project": "library", "amount": "60.00", "payee": "王五",
                                                "purpose": "还没有凭证的草稿"})
    with app.app_context(), db.unit_of_work(app) as session:
        session.execute(update(User).where(User.username == "flipper").values(role="approver"))
    as_flipper = flipper.get(f"{BASE}/todo")
    assert as_flipper.json["todo"] == {"awaiting_approval": {"count": 0, "items": []}}
    assert "还没有凭证的草稿" not in as_flipper.get_data(as_text=True)
    other = todo(approver)
    assert [i["id"] for i in other["todo"]["awaiting_approval"]["items"]] == [mine]
    assert "还没有凭证的草稿" not in str(other)


def test_past_months_still_open_oldest_first(fund_money, officer, close, todo):
    fund_money("100.00", on="2026-01-02")
    last_month = months_back(1)
    expected = months_from(date(2026, 1, 1), last_month)
    found = todo(officer)["todo"]["months_to_close"]
    assert (found["count"], [i["month"] for i in found["items"]]) == (len(expected), expected[:20])
    assert found["items"][0]["url"] == "/w/fenghe/periods?month=2026-01"
    close("2026-01")
    found = todo(officer)["todo"]["months_to_close"]
    assert [i["month"] for i in found["items"]] == expected[1:21]


def test_net_profit_periods_that_ended_without_a_declaration(make_operator, officer, todo):
    start = months_back(25)
    make_operator("canteen", kind="canteen", percent="20", basis="net_profit", period="month",
                  effective_from=start.isoformat())
    expected = months_from(start, months_back(1))
    found = todo(officer)["todo"]["declarations_due"]
    assert found["count"] == len(expected) == 25
    assert [i["period"] for i in found["items"]] == expected[:20]
    assert found["items"][0]["operator"] == "canteen"
    r = officer.post(f"{BASE}/declarations", json={"operator": "canteen", "period": expected[0],
                                                   "revenue": "1000.00", "costs": []})
    assert r.status_code == 201, r.json
    found = todo(officer)["todo"]["declarations_due"]
    assert (found["count"], found["items"][0]["period"]) == (24, expected[1])


def test_operators_owing_shares_of_periods_long_ended(app, make_operator, post_income, officer, todo):
    make_operator("market", kind="market", settlement="operator_collects", percent="10")
    make_operator("cafe", percent="10")  # the community collects: nothing is owed
    old = months_back(3)
    post_income("market", "1000.00", old.isoformat())
    post_income("market", "500.00", local_today().isoformat())  # its period has not ended
    post_income("cafe", "800.00", old.isoformat())
    found = todo(officer)["todo"]["receivables_overdue"]
    assert found["count"] == 1
    item = found["items"][0]
    assert (item["operator"], item["amount"], item["oldest_period"]) == ("market", "100.00", month_text(old))
    r = officer.post(f"{BASE}/remittances", json={"operator": "market", "amount": "30.00", "channel": "bank"})
    assert r.status_code == 201, r.json
    assert todo(officer)["todo"]["receivables_overdue"]["items"][0]["amount"] == "70.00"
    app.config["LEDGER"]["RECEIVABLE_OVERDUE_DAYS"] = (local_today() - old).days + 1  # not yet overdue then
    assert todo(officer)["todo"]["receivables_overdue"]["count"] == 0


def test_an_auditor_sees_finished_exports_until_the_file_is_fetched(auditor, todo):
    r = auditor.post(f"{BASE}/exports", json={"kind": "journal_csv"})
    assert r.status_code == 202, r.json
    found = todo(auditor)["todo"]["exports_ready"]
    assert found["count"] == 1 and found["items"][0]["kind"] == "journal_csv"
    download = auditor.get(found["items"][0]["url"].replace("/w/fenghe/jobs", f"{BASE}/jobs"))
    assert download.status_code == 200 and download.get_data()
    download.close()
    assert todo(auditor)["todo"]["exports_ready"]["count"] == 0


def test_residents_questions_wait_until_answered(app, make_operator, officer, approver, todo):
    from ledger.communities.models import Community
    from ledger.questions.services import ask
    from ledger.timeutil import utcnow
    make_operator("cafe", percent="10")
    with app.app_context(), db.unit_of_work(app) as session:
        fenghe = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
        asked = ask(session, fenghe, {"about": {"kind": "operator", "ref": "cafe"}, "text": "咖啡吧的收入去哪了？"},
                    now=utcnow(), today=local_today()).id
    found = todo(officer)["todo"]["questions_pending"]
    assert (found["count"], found["items"][0]["id"], found["items"][0]["url"]) == (1, asked, "/w/fenghe/questions")
    assert "咖啡吧的收入去哪了" not in str(todo(approver))
    r = officer.post(f"{BASE}/questions/{asked}/answer", json={"text": "都进了公益金。"})
    assert r.status_code == 200, r.json
    assert todo(officer)["todo"]["questions_pending"]["count"] == 0


def test_a_finished_import_waits_until_its_requester_looks_at_it(make_operator, officer, make_user, todo):
    make_operator("cafe", percent="10")
    data = "日期,经营主体,金额,渠道,类别,单号,付款人,备注\n2026-03-05,cafe,128.50,微信,,W-1,,\n".encode()
    r = officer.post(f"{BASE}/imports", data={"file": (io.BytesIO(data), "till.csv"), "background": "true"},
                     content_type="multipart/form-data")
    assert r.status_code == 202, r.json
    found = todo(officer)["todo"]["imports_ready"]
    assert found["count"] == 1
    assert found["items"][0]["url"] == f"/w/fenghe/imports?job={r.json['id']}"
    other = make_user("officer", "fenghe")
    assert todo(other)["todo"]["imports_ready"]["count"] == 0  # someone else's import
    assert officer.get(r.json["url"]).status_code == 200  # looked at
    assert todo(officer)["todo"]["imports_ready"]["count"] == 0
