"""A parent account's balance is the sum of its own postings and its sub-accounts', at
any depth; the trial balance shows both levels on request."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import db
from ledger.closing import close_month
from ledger.communities.services import create_community
from ledger.core.journal import Entry, Line
from ledger.journal.accounts import create_account, find_account
from ledger.journal.balances import balance_with_sub_accounts, trial_balance, trial_balance_levels
from ledger.journal.services import post_entry
from tests.entries import fen

C = "/api/v1/communities/fenghe"


def balance(user, code: str, as_of: str = "2026-06-30") -> int:
    r = user.get(f"{C}/accounts/{code}/balance?as_of={as_of}")
    assert r.status_code == 200, r.json
    return fen(r.json["balance"])


def test_the_bank_is_what_its_sub_accounts_hold(officer, auditor, post, make_operator, post_income):
    make_operator("cafe", percent="10")
    post("2026-01-02", "Dr 102.basic 10000.00", "Cr 301 10000.00")
    post_income("cafe", "238.10", "2026-03-05", channel="wechat")
    post_income("cafe", "0.76", "2026-03-06", channel="alipay")
    post("2026-04-01", "Dr 101 50.00", "Cr 102.basic 50.00")
    children = [balance(auditor, code) for code in ("102.basic", "102.wechat", "102.alipay")]
    assert children == [995000, 23810, 76]
    assert balance(auditor, "102") == sum(children) == 1018886
    assert balance(auditor, "102", "2026-03-05") == 1000000 + 23810
    # A credit-side parent too: the public-benefit fund under 311.
    assert balance(auditor, "311") == balance(auditor, "311.public_benefit") == 2389


def test_trial_balance_at_both_levels(auditor, post, officer):
    r = officer.post(f"{C}/accounts", json={"code": "102.basic.payroll", "name": "工资户", "type": "asset",
                                            "parent": "102.basic"})
    assert r.status_code == 201, r.json
    post("2026-01-02", "Dr 102.basic 100.00", "Dr 102.basic.payroll 20.00", "Dr 102.wechat 3.00",
         "Dr 101 1.00", "Cr 301 124.00")
    detail = auditor.get(f"{C}/trial-balance?from=2026-01-01&to=2026-01-31").json
    both = auditor.get(f"{C}/trial-balance?from=2026-01-01&to=2026-01-31&levels=all").json
    assert [(r["account"], r["level"], r["debit"]) for r in both["rows"]] == [
        ("101", 1, "1.00"), ("102", 1, "123.00"), ("102.basic", 2, "120.00"), ("102.basic.payroll", 3, "20.00"),
        ("102.wechat", 2, "3.00"), ("301", 1, "0.00")]
    assert [r["sub_accounts"] for r in both["rows"]] == [False, True, True, False, False, False]
    assert both["totals"] == detail["totals"]  # each posting counted once
    assert [r["account"] for r in detail["rows"]] == ["101", "102.basic", "102.basic.payroll", "102.wechat", "301"]
    bad = auditor.get(f"{C}/trial-balance?levels=some")
    assert bad.status_code == 422 and "levels" in bad.json["errors"]


# -- any postings, any date, closed months or not ------------------------------------------
_codes = itertools.count()
TREE = {"102": None, "102.basic": "102", "102.basic.x": "102.basic", "102.wechat": "102"}
postings = st.lists(st.tuples(st.sampled_from(sorted(TREE)), st.integers(-50_000, 100_000), st.integers(0, 150)),
                    min_size=1, max_size=15)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(postings=postings, closed=st.integers(0, 4), as_of=st.integers(0, 160))
def test_a_parent_balance_is_the_sum_below_it(app, postings, closed, as_of):
    first = date(2026, 1, 1)
    day = first + timedelta(days=as_of)
    with app.app_context(), db.unit_of_work(app) as session:
        community = create_community(session, f"t{next(_codes)}", "T", created_by="system")
        create_account(session, community, "102.basic.x", "x", "asset", parent="102.basic", created_by="system")
        for code, amount, offset in postings:
            if amount:
                post_entry(session, community, Entry(first + timedelta(days=offset), "e", "transfer",
                                                     (Line(code, amount), Line("301", -amount))), created_by="system")
        for month in range(1, closed + 1):
            close_month(session, community, date(2026, month, 1), closed_by="system", today=date(2026, 12, 4))
        got = {code: balance_with_sub_accounts(session, community, find_account(session, community, code), day)
               for code in TREE}
        levels = {r.row.code: r.row for r in trial_balance_levels(session, community, first, day)}
        detail = trial_balance(session, community, first, day)

    def line(code):  # the code and the codes above it, from TREE alone
        return [code] + (line(TREE[code]) if TREE[code] else [])
    for code in TREE:
        expected = sum(a for c, a, offset in postings if code in line(c) and offset <= as_of)
        assert got[code] == expected, code
        if code in levels:
            assert levels[code].closing == expected, code
        else:
            assert not any(code in line(c) for c, a, offset in postings if a and offset <= as_of), code
    first_level = [r for r in levels.values() if r.code in ("102", "301")]
    assert sum(r.closing for r in first_level) == sum(r.closing for r in detail) == 0
