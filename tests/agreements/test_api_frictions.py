"""What an officer writing requests by hand runs into: a draft simulated with the body of a
new agreement, an amount written the way a till prints it, a compound read back."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from ledger.core.errors import InvalidMoney
from ledger.core.money import parse_amount
from tests.agreements.test_agreements import C, agreement, cafe  # noqa: F401 (a fixture)


def test_a_draft_written_as_a_new_agreement_simulates(officer, cafe):
    body = agreement(effective_from="2026-05-01")  # operator, effective_from, note ...: POST .../agreements's body
    assert {"operator", "effective_from"} <= set(body)
    r = officer.post(f"{C}/agreements/simulate", json={"agreement": body, "amounts": ["100.00"]})
    assert r.status_code == 200, r.json
    terms_only = {k: v for k, v in body.items() if k in ("basis", "period", "shares", "remainder_to", "minimum")}
    alone = officer.post(f"{C}/agreements/simulate", json={"agreement": terms_only, "amounts": ["100.00"]})
    assert r.json == alone.json
    assert officer.get(f"{C}/agreements").json == []  # nothing written
    assert officer.post(f"{C}/agreements", json=body).status_code == 201  # the same body creates it


def test_a_draft_still_refuses_a_field_no_agreement_has(officer, cafe):
    r = officer.post(f"{C}/agreements/simulate", json={"agreement": {**agreement(), "colour": "red"},
                                                       "amounts": ["1.00"]})
    assert r.status_code == 422 and "agreement.colour" in r.json["errors"]


def test_a_draft_names_a_real_operator(officer, cafe):
    r = officer.post(f"{C}/agreements/simulate", json={"agreement": agreement(operator="nobody"), "amounts": ["1.00"]})
    assert r.status_code == 422 and "agreement.operator" in r.json["errors"]


@pytest.mark.parametrize("given_text, named", [
    ("¥1,234.50", "currency sign or thousands separators"), ("￥1234.50", "currency sign"),
    ("1,234.50", "thousands separators"), ("1234.50元", "currency sign")])
def test_an_amount_with_a_sign_or_grouping_says_so(officer, cafe, given_text, named):
    r = officer.post(f"{C}/incomes", json={"operator": "cafe", "occurred_on": "2026-03-05", "amount": given_text,
                                           "channel": "cash"})
    assert r.status_code == 422
    message = r.json["errors"]["amount"][0]
    assert named in message and "'1234.50'" in message and "decimal places" not in message


@settings(max_examples=200, deadline=None)
@given(fen=st.integers(100_000, 10**12), sign=st.sampled_from(["¥", "￥", ""]), grouping=st.sampled_from([",", "，"]))
def test_the_suggested_amount_is_the_amount_meant(fen, sign, grouping):
    whole, cents = divmod(fen, 100)
    written = f"{sign}{whole:,}.{cents:02d}".replace(",", grouping)
    with pytest.raises(InvalidMoney) as refused:
        parse_amount(written)
    suggested = refused.value.message.split("'")[1]
    assert parse_amount(suggested) == fen


@pytest.mark.parametrize("text", ["1,5", "1.234,50", "12,34.5", "abc"])
def test_an_ambiguous_comma_is_not_guessed(text):
    with pytest.raises(InvalidMoney) as refused:
        parse_amount(text)
    assert "not an amount" in refused.value.message
