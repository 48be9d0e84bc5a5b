"""The asker's contact is private: on no public page and in no public JSON, whatever
happens to the question; the name shows only masked; officers see the contact masked."""
from __future__ import annotations

import pytest

from tests.questions.conftest import BASE

PHONE, EMAIL, NAME = "13987654321", "chen.private@example.com", "陈秀英"
PUBLIC_PATHS = ("/c/fenghe", "/c/fenghe/questions", "/c/fenghe/projects/lights", "/c/fenghe/operators/cafe",
                "/c/fenghe/journal", "/c/fenghe/questions/ask?kind=transaction&ref=1",
                f"{BASE}/questions", f"{BASE}/questions?kind=project&ref=lights", f"{BASE}/public",
                f"{BASE}/projects/lights", f"{BASE}/decisions", f"{BASE}/journal")


@pytest.fixture
def asked(subjects, ask, officer, asked_days_ago):
    """Questions carrying the contact in every state: released and answered, refused, waiting."""
    answered = ask("灯坏了", name=NAME, contact=PHONE).json["id"]
    officer.post(f"{BASE}/questions/{answered}/answer", json={"text": "已报修。"})
    refused = ask("联系我", name=NAME, contact=EMAIL).json["id"]
    officer.post(f"{BASE}/questions/{refused}/refuse", json={"reason": "无具体问题"})
    ask("还在等", name=NAME, contact=f"{NAME} {PHONE}", kind="operator", ref="cafe", month="2026-03")
    ask("这笔收入", contact=EMAIL, kind="transaction", ref=1)
    return answered


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_the_contact_is_on_no_public_page_or_json(asked, client, path):
    for lang in ("zh", "en"):
        r = client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        assert r.status_code == 200, path
        text = r.get_data(as_text=True)
        for secret in (PHONE, PHONE[-4:] + "<", "****", EMAIL, "chen.private", NAME):
            assert secret not in text, (path, secret)


def test_the_public_sees_the_name_masked_and_officers_the_contact_masked(asked, client, officer):
    [shown] = [q for q in client.get(f"{BASE}/questions").json["items"] if q["id"] == asked]
    assert shown["name"] == "陈*" and "contact" not in shown
    contacts = {q["text"]: q["contact"] for q in officer.get(f"{BASE}/questions").json["items"]}
    assert contacts == {"灯坏了": "139****4321", "联系我": "c*", "还在等": "陈* 139****4321", "这笔收入": "c*"}
