"""Residents' questions through the API: asked without an account, published once an
officer releases them (or after QUESTION_PUBLISH_DAYS unless refused), answered in public;
refusals show their reason, never the text; the asker's contact stays private."""
from __future__ import annotations

import pytest

from tests.questions.conftest import BASE


def public_items(client, **query) -> list[dict]:
    r = client.get(f"{BASE}/questions", query_string=query)
    assert r.status_code == 200, r.json
    return r.json["items"]


def test_a_question_is_pending_until_released_then_answered_in_public(subjects, ask, officer, client):
    r = ask("灯什么时候换？", name="陈阿姨", contact="13812345678")
    assert r.status_code == 201 and r.json == {"id": r.json["id"], "state": "pending"}
    ident = r.json["id"]
    assert public_items(client) == []
    mine = officer.get(f"{BASE}/questions").json["items"]
    assert [(q["id"], q["state"], q["name"], q["contact"]) for q in mine] == [(ident, "pending", "陈阿姨", "138****5678")]
    released = officer.post(f"{BASE}/questions/{ident}/release")
    assert released.status_code == 200 and released.json["state"] == "released"
    [shown] = public_items(client)
    assert (shown["text"], shown["name"], shown["answer"], shown["state"]) == ("灯什么时候换？", "陈*", None, "released")
    assert "contact" not in shown
    answered = officer.post(f"{BASE}/questions/{ident}/answer", json={"text": "下周三施工。"})
    assert answered.status_code == 200
    [shown] = public_items(client)
    assert shown["answer"]["text"] == "下周三施工。" and shown["answer"]["answered_by"] == "officer1"
    assert shown["answer"]["answered_at"].endswith("Z") and shown["overdue"] is False


def test_answering_a_pending_question_releases_it(subjects, ask, officer, client):
    ident = ask().json["id"]
    assert officer.post(f"{BASE}/questions/{ident}/answer", json={"text": "已安排。"}).status_code == 200
    assert [(q["id"], q["state"]) for q in public_items(client)] == [(ident, "released")]


def test_a_refused_question_shows_the_refusal_and_reason_but_not_the_text(subjects, ask, officer, client):
    ident = ask("3号楼502的张三天天吵，电话13900001111", name="李四", contact="li@example.com").json["id"]
    r = officer.post(f"{BASE}/questions/{ident}/refuse", json={"reason": "含有他人的个人信息"})
    assert r.status_code == 200 and r.json["state"] == "refused"
    body = client.get(f"{BASE}/questions").get_data(as_text=True)
    [shown] = public_items(client)
    assert (shown["state"], shown["text"], shown["name"]) == ("refused", None, None)
    assert shown["refusal"]["reason"] == "含有他人的个人信息" and shown["refusal"]["refused_at"]
    for secret in ("张三", "13900001111", "1111", "李四", "li@example.com"):
        assert secret not in body
    page = client.get("/c/fenghe/projects/lights?lang=en").get_data(as_text=True)
    assert "含有他人的个人信息" in page and "张三" not in page and "李四" not in page


def test_a_question_is_published_automatically_after_the_days_unless_refused(subjects, asked_days_ago, officer,
                                                                             client):
    waiting = asked_days_ago(6.9, "还在审核")
    published = asked_days_ago(7.1, "自动公开")
    refused = asked_days_ago(30, "被拒绝")
    assert officer.post(f"{BASE}/questions/{refused}/refuse", json={"reason": "重复提问"}).status_code == 200
    shown = {q["id"]: q for q in public_items(client)}
    assert set(shown) == {published, refused}
    assert (shown[published]["state"], shown[published]["text"], shown[published]["released_by"]) == (
        "released", "自动公开", None)
    assert shown[refused]["text"] is None and waiting not in shown
    assert officer.post(f"{BASE}/questions/{published}/release").status_code == 200  # an officer may still confirm it


def test_unanswered_questions_past_the_days_are_overdue_and_counted(subjects, asked_days_ago, ask, officer, client):
    late = asked_days_ago(15, "为什么还没换灯？")
    answered = asked_days_ago(20, "已答复的")
    refused = asked_days_ago(20, "被拒绝的")
    ask("新问题")
    officer.post(f"{BASE}/questions/{answered}/answer", json={"text": "已经换好了。"})
    officer.post(f"{BASE}/questions/{refused}/refuse", json={"reason": "与本项目无关"})
    assert client.get(f"{BASE}/public").json["questions"] == {"asked": 4, "answered": 1, "overdue": 1}
    assert [q["id"] for q in public_items(client) if q["overdue"]] == [late]
    home = client.get("/c/fenghe?lang=en").get_data(as_text=True)
    section = home[home.index('id="questions-heading"'):]
    assert 'id="questions-overdue">1<' in section and "为什么还没换灯？" in section and "已答复的" not in section


def test_questions_about_one_subject_and_pages(subjects, ask, officer, client):
    for i in range(3):
        officer.post(f"{BASE}/questions/{ask(f'灯 {i}').json['id']}/release")
    officer.post(f"{BASE}/questions/{ask('咖啡', kind='operator', ref='cafe', month='2026-03').json['id']}/release")
    officer.post(f"{BASE}/questions/{ask('这笔', kind='transaction', ref=1).json['id']}/release")
    assert [q["about"] for q in public_items(client, kind="transaction", ref="1")] == [
        {"kind": "transaction", "ref": "1", "month": None}]
    assert [q["about"]["month"] for q in public_items(client, kind="operator", ref="cafe")] == ["2026-03"]
    first = client.get(f"{BASE}/questions?limit=2").json
    rest = client.get(f"{BASE}/questions?limit=2&cursor={first['next_cursor']}").json
    last = client.get(f"{BASE}/questions?limit=2&cursor={rest['next_cursor']}").json
    ids = [q["id"] for page in (first, rest, last) for q in page["items"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 5 and last["next_cursor"] is None


@pytest.mark.parametrize("body, field", [
    ({"about": {"kind": "fund", "ref": "x"}, "text": "?"}, "about.kind"),
    ({"about": {"kind": "project", "ref": "nope"}, "text": "?"}, "about.ref"),
    ({"about": {"kind": "transaction", "ref": 99}, "text": "?"}, "about.ref"),
    ({"about": {"kind": "transaction", "ref": "1x"}, "text": "?"}, "about.ref"),
    ({"about": {"kind": "transaction", "ref": True}, "text": "?"}, "about.ref"),
    ({"about": {"kind": "transaction", "ref": "²"}, "text": "?"}, "about.ref"),
    ({"about": {"kind": "project", "ref": "a\u0000b"}, "text": "?"}, "about.ref"),
    ({"about": {"kind": "project", "ref": "lights", "month": "2026-03"}, "text": "?"}, "about.month"),
    ({"about": {"kind": "operator", "ref": "cafe", "month": "2999-01"}, "text": "?"}, "about.month"),
    ({"about": {"kind": "operator", "ref": "cafe", "month": "2026-13"}, "text": "?"}, "about.month"),
    ({"about": {"kind": "project", "ref": "lights"}, "text": "x" * 501}, "text"),
    ({"about": {"kind": "project", "ref": "lights"}, "text": "   "}, "text"),
    ({"about": {"kind": "project", "ref": "lights"}, "text": "a\u0000b"}, "text"),
    ({"about": {"kind": "project", "ref": "lights"}, "text": "a\ud800b"}, "text"),
    ({"about": {"kind": "project", "ref": "lights"}, "text": "?", "contact": "x" * 201}, "contact"),
    ({"about": {"kind": "project", "ref": "lights"}, "text": "?", "name": "x" * 65}, "name"),
    ({"text": "?"}, "about"),
])
def test_a_bad_question_is_refused_with_the_field_named(subjects, client, database_state, body, field):
    before = {k: v for k, v in database_state().items() if k != "rate_window"}
    r = client.post(f"{BASE}/questions", json=body)
    assert r.status_code == 422, r.json
    assert field in r.json["errors"], r.json
    assert {k: v for k, v in database_state().items() if k != "rate_window"} == before


@pytest.mark.parametrize("query, field", [("cursor=²", "cursor"), ("cursor=-1", "cursor"), ("ref=lights", "kind"),
                                          ("kind=project&ref=a%00b", "ref"), ("kind=fund", "kind"), ("limit=0", "limit")])
def test_bad_list_parameters_are_422_with_the_field(subjects, client, query, field):
    r = client.get(f"{BASE}/questions?{query}")
    assert r.status_code == 422 and field in r.json["errors"], r.json


def test_bad_page_parameters_are_refused_not_failed(subjects, client):
    assert client.get("/c/fenghe/questions?cursor=²").status_code == 422
    assert client.get("/c/fenghe/questions/ask?kind=project&ref=a%00b").status_code == 200
    assert client.get("/c/fenghe/questions/ask?kind=transaction&ref=²").status_code == 200


def test_officers_move_questions_only_forward(subjects, ask, officer, make_user, make_community):
    first, second = ask().json["id"], ask("第二个").json["id"]
    assert officer.post(f"{BASE}/questions/{first}/refuse", json={"reason": "重复"}).status_code == 200
    for path, body in (("release", None), ("refuse", {"reason": "再次"}), ("answer", {"text": "答"})):
        r = officer.post(f"{BASE}/questions/{first}/{path}", json=body)
        assert r.status_code == 409, (path, r.json)
    assert officer.post(f"{BASE}/questions/{second}/answer", json={"text": "答"}).status_code == 200
    for path, body in (("release", None), ("refuse", {"reason": "晚了"}), ("answer", {"text": "再答"})):
        assert officer.post(f"{BASE}/questions/{second}/{path}", json=body).status_code == 409, path
    assert officer.post(f"{BASE}/questions/{second}/refuse", json={"reason": ""}).status_code == 422
    assert officer.post(f"{BASE}/questions/999/release").status_code == 404
    make_community("east", "东社区")
    east = make_user("officer", "east")
    assert east.post(f"/api/v1/communities/east/questions/{second}/release").status_code == 404
    assert east.post(f"{BASE}/questions/{second}/release").status_code == 403


def test_only_officers_and_auditors_see_pending_questions(subjects, ask, make_user, auditor, client):
    ask(contact="13812345678")
    approver = make_user("approver", "fenghe")
    assert public_items(client) == [] and approver.get(f"{BASE}/questions").json["items"] == []
    assert [q["contact"] for q in auditor.get(f"{BASE}/questions").json["items"]] == ["138****5678"]
    assert approver.post(f"{BASE}/questions/1/release").status_code == 403
    assert client.post(f"{BASE}/questions/1/release").status_code == 401
