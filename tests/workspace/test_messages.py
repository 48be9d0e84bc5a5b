"""Messages of the services in the reader's language, values kept; pages in English on request."""
from __future__ import annotations

import re

import pytest

from ledger import create_app, i18n
from ledger.web.messages import TEMPLATES, localise
from tests.workspace.pages import text_of

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(scope="module")
def plain_app(tmp_path_factory):
    """An app that never opens its database: messages need only the request's language."""
    return create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x",
                       "INSTANCE_DIR": str(tmp_path_factory.mktemp("messages"))})


@pytest.fixture
def chinese(plain_app):
    with plain_app.test_request_context("/w/?lang=zh"):
        yield


@pytest.fixture
def english(plain_app):
    with plain_app.test_request_context("/w/?lang=en"):
        yield


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_message_made_from_any_template_reads_as_its_translation(chinese, template):
    values = {name: f"«{name}-7»" for name in PLACEHOLDER.findall(template)}
    translation = i18n.merged_catalog().get(template).string
    assert sorted(PLACEHOLDER.findall(translation)) == sorted(values)
    assert localise(template % values if values else template) == (translation % values if values else translation)


@pytest.mark.parametrize("message, reads", [
    ("no operator 'cafe'", "没有经营主体 'cafe'"),
    ("no agreement of operator 'cafe' is in force on 2026-03-05",
     "经营主体 'cafe' 在 2026-03-05 没有有效的协议"),
    ("no agreement of operator 'cafe' is in force on 2026-03-05 for category 'tea'",
     "经营主体 'cafe' 在 2026-03-05 没有适用于类别 'tea' 的有效协议"),
    ("2026-03 cannot be closed: the month has not ended yet (it ends on 2026-03-31); 2026-03 is already closed",
     "2026-03 不能结账：该月尚未结束（2026-03-31 结束）; 2026-03 已经结账"),
    ("something nobody wrote down", "something nobody wrote down"),
])
def test_known_messages_are_translated_with_their_values_and_others_left_alone(chinese, message, reads):
    assert localise(message) == reads


def test_in_english_messages_stay_as_they_are(english):
    assert localise("no operator 'cafe'") == "no operator 'cafe'"


def test_pages_speak_chinese_by_default_and_english_on_request(web):
    browser = web()
    assert "用户名" in text_of(browser.get("/login"))
    english = text_of(browser.get("/login?lang=en"))
    assert "Username" in english and "Password" in english
    assert "Username" in text_of(browser.get("/login"))  # the choice is remembered
