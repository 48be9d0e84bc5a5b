"""The public question form: CSRF-protected, an arithmetic challenge signed by the app
(no outside service, no script), the same service as the API, and one rate limit per
client address shared with the API."""
from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from ledger import db
from ledger.core.errors import ValidationFailed
from ledger.questions import challenge
from ledger.questions.models import Question
from tests.questions.conftest import BASE

FORM = "/c/fenghe/questions"


@pytest.fixture
def app_settings():
    return {"QUESTION_CHALLENGE_MIN_SECONDS": 0}


def questions_stored(app) -> int:
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        return session.execute(select(func.count()).select_from(Question)).scalar_one()


def form_of(client, path: str = "/c/fenghe/projects/lights") -> dict:
    """The hidden fields of the page's question form and the sum it asks for."""
    html = client.get(path).get_data(as_text=True)
    form = html[html.index('<form class="question-form"'):]
    form = form[:form.index("</form>")]
    fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    first, second = map(int, re.search(r"(\d+) \+ (\d+)", form).groups())
    return {**fields, "answer": str(first + second)}


def test_the_form_asks_like_the_api(app, subjects, client, officer):
    fields = form_of(client)
    r = client.post(FORM, data={**fields, "text": "灯什么时候修？", "name": "", "contact": "13812345678"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/c/fenghe/projects/lights#questions")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="question-received"' in page and "灯什么时候修？" not in page  # not released yet
    [stored] = officer.get(f"{BASE}/questions").json["items"]
    assert (stored["about"], stored["text"], stored["contact"]) == (
        {"kind": "project", "ref": "lights", "month": None}, "灯什么时候修？", "138****5678")


@pytest.mark.parametrize("path, kind, ref, month", [
    ("/c/fenghe/operators/cafe?year=2026", "operator", "cafe", "2026-03"),
    ("/c/fenghe/questions/ask?kind=transaction&ref=1", "transaction", "1", None),
])
def test_the_form_on_operator_months_and_journal_entries(app, subjects, client, officer, path, kind, ref, month):
    fields = form_of(client, path)
    assert (fields["kind"], fields["ref"]) == (kind, ref)
    r = client.post(FORM, data={**fields, "text": "请说明", **({"month": month} if month else {})})
    assert r.status_code == 303, r.get_data(as_text=True)
    [stored] = officer.get(f"{BASE}/questions").json["items"]
    assert stored["about"] == {"kind": kind, "ref": ref, "month": month}


def test_a_form_without_its_csrf_token_writes_nothing(app, subjects, client):
    fields = form_of(client)
    del fields["csrf_token"]
    r = client.post(FORM, data={**fields, "text": "没有令牌"})
    assert r.status_code == 400 and questions_stored(app) == 0


@pytest.mark.parametrize("tamper", [
    lambda f: {**f, "answer": str(int(f["answer"]) + 1)},
    lambda f: {**f, "answer": ""},
    lambda f: {**f, "token": f["token"][:-2] + "xx"},
    lambda f: {**f, "token": challenge.issue("another app's secret").token},
    lambda f: {k: v for k, v in f.items() if k != "token"},
])
def test_a_wrong_or_forged_challenge_writes_nothing(app, subjects, client, tamper):
    r = client.post(FORM, data={**tamper(form_of(client)), "text": "机器人"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and 'data-testid="refusal"' in html and "机器人" in html  # typed text kept
    assert questions_stored(app) == 0


def test_a_form_sent_faster_than_a_person_types_is_refused(app, subjects, client):
    app.config["LEDGER"]["QUESTION_CHALLENGE_MIN_SECONDS"] = 60
    assert client.post(FORM, data={**form_of(client), "text": "太快"}).status_code == 422
    assert questions_stored(app) == 0


def test_an_expired_challenge_is_refused():
    token = challenge.issue("s").token
    with pytest.raises(ValidationFailed) as refused:
        time.sleep(1.1)
        challenge.check("s", token, "0", min_seconds=0, max_seconds=0)
    assert refused.value.errors == {"answer": ["the form has expired; answer the new question"]}


def test_the_form_shows_the_field_errors(app, subjects, client):
    r = client.post(FORM, data={**form_of(client), "text": "x" * 501, "name": "a\x01b"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and html.count('class="field-error"') == 2 and questions_stored(app) == 0


def test_the_api_and_the_form_share_one_limit_per_address(app, subjects, client, ask):
    codes = [ask(f"问题 {i}").status_code for i in range(4)] + [ask(text="").status_code]  # refused ones count
    assert codes == [201, 201, 201, 201, 422]
    limited = ask("第六个")
    assert limited.status_code == 429 and limited.json["code"] == "too_many_requests"
    assert 0 < int(limited.headers["Retry-After"]) <= 3600
    form = client.post(FORM, data={**form_of(client), "text": "表单也算"})
    assert form.status_code == 429 and questions_stored(app) == 4
    other = client.post(f"{BASE}/questions", json={"about": {"kind": "project", "ref": "lights"}, "text": "别处"},
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 201  # another address has its own count
