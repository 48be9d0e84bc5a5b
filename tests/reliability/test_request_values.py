"""Values a request carries that the databases cannot hold: numbers past BIGINT in a
cursor, a month whose next month is not a date, a lone surrogate or a NUL in text. Each
is a 422 naming the field, never a 500, on both databases, and writes nothing.

The rules are enforced by three fields (ledger/fields.py): every list reads its cursor
with ``Cursor``, every month is read with ``Month``, and every text a request sends is
a ``Text``/``Code`` or one of a fixed list of choices, which the last test checks for
every schema a route or a form loads."""
from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import pytest
from hypothesis import example, given, strategies as st
from marshmallow import Schema, fields, validate

import ledger.web
from ledger.fields import Cursor, Money, Month, Percent, Text, format_cursor, parse_cursor

BASE = "/api/v1/communities/fenghe"


@pytest.fixture
def listed(make_operator, post_income, officer):
    """One of each list's items, so that a page is read past a cursor."""
    make_operator("cafe", percent="10")
    post_income("cafe", "10.00")
    officer.post(f"{BASE}/compounds", json={"code": "lanyuan", "name": "兰苑", "effective_from": "2026-01-01"})


@pytest.mark.parametrize("path", [
    "/incomes?cursor=2026-01-01:9223372036854775808",
    "/incomes?cursor=2026-01-01:99999999999999999999999",
    "/incomes?cursor=2026-02-30:1",
    "/incomes?cursor=17",
    "/journal?cursor=2026-01-01:9223372036854775808",
    "/journal?cursor=2026-01-01:%D9%A3",  # an Arabic-Indic digit, which int() would take
    "/disbursements?cursor=9999999999999999999",
    "/disbursements?cursor=9223372036854775808",
    "/disbursements?cursor=2026-01-01:3",
    "/disbursements?cursor=%EF%BC%93",  # a full-width digit
    "/imports?cursor=9999999999999999999",
    "/imports?cursor=-1",
])
def test_a_cursor_no_page_gave_is_422(listed, officer, database_state, path):
    before = database_state()
    response = officer.get(BASE + path)
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]) == ["cursor"]
    assert database_state() == before


@pytest.mark.parametrize("path", ["/c/fenghe/journal?cursor=2026-01-01:9223372036854775808",
                                  "/c/fenghe/journal?operator=caf%00e"])
def test_the_public_journal_page_refuses_them_too(listed, client, path):
    assert client.get(path).status_code == 422


def test_a_cursor_a_page_gave_reads_the_next_page(listed, make_operator, post_income, officer):
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        post_income("cafe", "1.00", occurred_on=day)
    first = officer.get(f"{BASE}/incomes?limit=2").json
    second = officer.get(f"{BASE}/incomes?limit=2&cursor={first['next_cursor']}").json
    seen = [i["id"] for i in first["items"] + second["items"]]
    assert len(seen) == len(set(seen)) == 4
    assert first["next_cursor"] == f"{first['items'][-1]['occurred_on']}:{first['items'][-1]['id']}"


@given(st.one_of(st.integers(0, 2**63 - 1),
                 st.tuples(st.dates(min_value=date(1, 1, 1)), st.integers(0, 2**63 - 1))))
def test_every_cursor_reads_back_as_its_position(position):
    dated = isinstance(position, tuple)
    assert parse_cursor(format_cursor(position), dated=dated) == position
    assert parse_cursor(format_cursor(position), dated=not dated) is None


@given(st.text(max_size=40))
@example("007")
@example("2026-01-01:01")
@example("2026-1-01:1")
@example(" 1")
def test_any_other_text_is_a_position_or_refused(text):
    for dated in (False, True):
        position = parse_cursor(text, dated=dated)
        if position is not None:
            assert format_cursor(position) == text  # nothing but the canonical spelling gets through


@pytest.mark.parametrize("path", ["/compounds/lanyuan/statement?month=9999-12",
                                  "/compounds/lanyuan/disclosure.xlsx?month=9999-12",
                                  "/compounds/lanyuan/statement?month=1899-12"])
def test_a_month_without_a_next_month_is_422_on_the_public_statement(listed, client, path):
    response = client.get(BASE + path)
    assert response.status_code == 422 and list(response.json["errors"]) == ["month"], response.json


def test_the_last_month_allowed_still_has_a_statement(listed, client):
    assert client.get(f"{BASE}/compounds/lanyuan/statement?month=9998-12").status_code == 200


@pytest.mark.parametrize("path", ["/c/fenghe/compounds/lanyuan?month=9999-12", "/c/fenghe/journal?month=9999-12"])
def test_the_public_pages_read_the_month_the_same_way(listed, client, path):
    assert client.get(path).status_code == 422


def test_closing_that_month_is_422(listed, officer):
    response = officer.post(f"{BASE}/periods/9999-12/close")
    assert response.status_code == 422 and list(response.json["errors"]) == ["month"]


HOSTILE = [pytest.param("\ud800", id="lone-surrogate"), pytest.param("caf\x00e", id="nul"),
           pytest.param("\udfffcafe", id="low-surrogate")]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("path, body, field", [
    ("/incomes", {"amount": "1.00", "occurred_on": "2026-03-01", "channel": "cash"}, "operator"),
    ("/declarations", {"period": "2026-01", "revenue": "1.00", "occurred_on": "2026-03-01"}, "operator"),
    ("/remittances", {"amount": "1.00", "occurred_on": "2026-03-01", "channel": "cash"}, "operator"),
    ("/disbursements", {"amount": "1.00", "payee": "张三", "purpose": "修路灯"}, "project"),
    ("/disbursements", {"amount": "1.00", "payee": "张三", "purpose": "修路灯", "item": "保洁"}, "fund"),
    ("/projects", {"code": "p1", "name": "书屋", "budget": "10.00"}, "fund"),
    ("/agreements", {"effective_from": "2026-01-01", "shares": [{"to": "public_benefit", "percent": "5"}]},
     "operator"),
    ("/accounts", {"code": "102.x", "name": "x", "type": "asset"}, "parent"),
])
def test_text_the_database_cannot_store_is_422(listed, officer, database_state, value, path, body, field):
    before = database_state()
    response = officer.post(BASE + path, json={**body, field: value})
    assert response.status_code == 422, response.json
    assert field in response.json["errors"], response.json
    assert database_state() == before


@pytest.mark.parametrize("query", ["/incomes?operator=caf%00e", "/disbursements?project=caf%00e",
                                   "/disbursements?fund=caf%00e", "/disbursements?item=%00"])
def test_a_nul_in_a_query_is_422_too(listed, officer, query):
    # (A URL cannot carry a lone surrogate: its bytes arrive decoded as U+FFFD.)
    response = officer.get(BASE + query)
    assert response.status_code == 422 and len(response.json["errors"]) == 1, response.json


# -- every schema a route or a form loads ------------------------------------------------
SAFE_TEXT = (Text, Month, Cursor, Money, Percent)


def unsafe_text_fields(schema: Schema, prefix: str = "") -> list[str]:
    """Fields of ``schema`` that load text as it comes: neither a checked text field nor
    one of a fixed list of choices."""
    found = []
    for name, field in schema.fields.items():
        if field.dump_only:
            continue
        for inner in _leaves(field):
            if isinstance(inner, fields.Nested):
                found += unsafe_text_fields(inner.schema, f"{prefix}{name}.")
            elif (isinstance(inner, fields.String) and not isinstance(inner, SAFE_TEXT)
                  and not any(isinstance(v, validate.OneOf) for v in inner.validators)):
                found.append(prefix + name)
    return found


def _leaves(field: fields.Field) -> list[fields.Field]:
    return _leaves(field.inner) if isinstance(field, fields.List) else [field]


def loaded_schemas(app) -> dict[str, Schema]:
    schemas = {}
    for endpoint, view in app.view_functions.items():
        for parameters in getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", []):
            schema = parameters["schema"]
            schema = schema() if isinstance(schema, type) else schema
            schemas[f"{endpoint}: {schema.__class__.__name__}"] = schema
    for module in pkgutil.iter_modules(ledger.web.__path__, "ledger.web."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.name:
                schemas[f"{module.name}: {value.__name__}"] = value()
    return schemas


def test_every_text_a_request_sends_is_checked_text_or_a_choice(app):
    schemas = loaded_schemas(app)
    assert len(schemas) > 30 and any("IncomeCreate" in name for name in schemas)
    offenders = {name: unsafe for name, schema in schemas.items() if (unsafe := unsafe_text_fields(schema))}
    assert offenders == {}
