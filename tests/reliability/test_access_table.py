"""Every API route with every kind of caller: nobody, an officer of another community,
officer, approver, auditor, admin. The table states who may; the test asserts the status.

"may" means the route answered something other than 401/403 (a 404 for an id that does
not exist, or a 422 for an empty body, is still "let in"). A route missing from the
table fails the test, so every new route must be classified here.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ledger import db
from ledger.auth import services as auth
from ledger.auth.models import ApiToken

C = "/api/v1/communities/fenghe"
PUBLIC, READ, REVIEW, WRITE, APPROVE, ADMIN = "public", "read", "review", "write", "approve", "admin"
# Which callers each permission lets in (DESIGN section 9).
ALLOWED = {
    PUBLIC: {"none", "stranger", "officer", "approver", "auditor", "admin"},
    READ: {"officer", "auditor"},
    REVIEW: {"officer", "approver", "auditor"},
    WRITE: {"officer"},
    APPROVE: {"approver"},
    ADMIN: {"admin"},
}
CALLERS = ("none", "stranger", "officer", "approver", "auditor", "admin")

# (method, rule as in the URL map, concrete path, permission)
ROUTES = [
    ("POST", "/api/v1/communities", "/api/v1/communities", ADMIN),
    ("GET", "/api/v1/communities/<string:c>", C, PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/accounts", f"{C}/accounts", READ),
    ("POST", "/api/v1/communities/<string:c>/accounts", f"{C}/accounts", WRITE),
    ("GET", "/api/v1/communities/<string:c>/accounts/<string:code>/balance", f"{C}/accounts/101/balance", READ),
    ("GET", "/api/v1/communities/<string:c>/agreements", f"{C}/agreements", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/agreements", f"{C}/agreements", WRITE),
    ("POST", "/api/v1/communities/<string:c>/agreements/simulate", f"{C}/agreements/simulate", WRITE),
    ("GET", "/api/v1/communities/<string:c>/chain", f"{C}/chain", PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/chain/verification", f"{C}/chain/verification", READ),
    ("GET", "/api/v1/communities/<string:c>/consistency", f"{C}/consistency?from=0&to=0", PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/compounds", f"{C}/compounds", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/compounds", f"{C}/compounds", WRITE),
    ("GET", "/api/v1/communities/<string:c>/compounds/<string:k>", f"{C}/compounds/none", PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/compounds/<string:k>/disclosure.xlsx",
     f"{C}/compounds/none/disclosure.xlsx?month=2026-01", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/compounds/<string:k>/remuneration", f"{C}/compounds/none/remuneration",
     WRITE),
    ("GET", "/api/v1/communities/<string:c>/compounds/<string:k>/statement",
     f"{C}/compounds/none/statement?month=2026-01", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/declarations", f"{C}/declarations", WRITE),
    ("GET", "/api/v1/communities/<string:c>/decisions", f"{C}/decisions", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/decisions", f"{C}/decisions", WRITE),
    ("GET", "/api/v1/communities/<string:c>/decisions/<int:decision_id>/minutes", f"{C}/decisions/999/minutes",
     REVIEW),
    ("POST", "/api/v1/communities/<string:c>/decisions/<int:decision_id>/minutes", f"{C}/decisions/999/minutes",
     WRITE),
    ("GET", "/api/v1/communities/<string:c>/disbursements", f"{C}/disbursements", REVIEW),
    ("POST", "/api/v1/communities/<string:c>/disbursements", f"{C}/disbursements", WRITE),
    ("GET", "/api/v1/communities/<string:c>/disbursements/<int:disbursement_id>", f"{C}/disbursements/999", REVIEW),
    ("POST", "/api/v1/communities/<string:c>/disbursements/<int:disbursement_id>/approve",
     f"{C}/disbursements/999/approve", APPROVE),
    ("POST", "/api/v1/communities/<string:c>/disbursements/<int:disbursement_id>/pay", f"{C}/disbursements/999/pay",
     WRITE),
    ("POST", "/api/v1/communities/<string:c>/disbursements/<int:disbursement_id>/reject",
     f"{C}/disbursements/999/reject", APPROVE),
    ("POST", "/api/v1/communities/<string:c>/disbursements/<int:disbursement_id>/submit",
     f"{C}/disbursements/999/submit", WRITE),
    ("POST", "/api/v1/communities/<string:c>/disbursements/<int:disbursement_id>/vouchers",
     f"{C}/disbursements/999/vouchers", WRITE),
    ("GET", "/api/v1/communities/<string:c>/disbursements/<int:disbursement_id>/vouchers/<string:sha256>",
     f"{C}/disbursements/999/vouchers/{'0' * 64}", REVIEW),
    ("POST", "/api/v1/communities/<string:c>/exports", f"{C}/exports", READ),  # disclosure_workbook: public
    ("GET", "/api/v1/communities/<string:c>/exports/<int:job_id>", f"{C}/exports/999", READ),
    ("GET", "/api/v1/communities/<string:c>/exports/<int:job_id>/file", f"{C}/exports/999/file", READ),
    ("GET", "/api/v1/communities/<string:c>/funds", f"{C}/funds", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/funds", f"{C}/funds", WRITE),
    ("GET", "/api/v1/communities/<string:c>/funds/<string:code>", f"{C}/funds/public_benefit", PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/heads", f"{C}/heads", PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/imports", f"{C}/imports", READ),
    ("POST", "/api/v1/communities/<string:c>/imports", f"{C}/imports", WRITE),
    ("GET", "/api/v1/communities/<string:c>/incomes", f"{C}/incomes", READ),
    ("POST", "/api/v1/communities/<string:c>/incomes", f"{C}/incomes", WRITE),
    ("POST", "/api/v1/communities/<string:c>/incomes/<int:income_id>/reversal", f"{C}/incomes/999/reversal", WRITE),
    ("GET", "/api/v1/communities/<string:c>/jobs", f"{C}/jobs", READ),
    ("GET", "/api/v1/communities/<string:c>/jobs/<int:job_id>", f"{C}/jobs/999", READ),
    ("GET", "/api/v1/communities/<string:c>/jobs/<int:job_id>/file", f"{C}/jobs/999/file", READ),
    ("GET", "/api/v1/communities/<string:c>/journal", f"{C}/journal", PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/journal.csv", f"{C}/journal.csv", READ),
    ("GET", "/api/v1/communities/<string:c>/operators", f"{C}/operators", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/operators", f"{C}/operators", WRITE),
    ("POST", "/api/v1/communities/<string:c>/periods/<string:month>/close", f"{C}/periods/2026-01/close", WRITE),
    ("GET", "/api/v1/communities/<string:c>/projects", f"{C}/projects", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/projects", f"{C}/projects", WRITE),
    ("GET", "/api/v1/communities/<string:c>/projects/<string:code>", f"{C}/projects/none", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/projects/<string:code>/budget", f"{C}/projects/none/budget", WRITE),
    ("GET", "/api/v1/communities/<string:c>/public", f"{C}/public", PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/questions", f"{C}/questions", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/questions", f"{C}/questions", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/questions/<int:question_id>/answer", f"{C}/questions/999/answer", WRITE),
    ("POST", "/api/v1/communities/<string:c>/questions/<int:question_id>/refuse", f"{C}/questions/999/refuse", WRITE),
    ("POST", "/api/v1/communities/<string:c>/questions/<int:question_id>/release", f"{C}/questions/999/release",
     WRITE),
    ("POST", "/api/v1/communities/<string:c>/remittances", f"{C}/remittances", WRITE),
    ("GET", "/api/v1/communities/<string:c>/reports/audit.xlsx", f"{C}/reports/audit.xlsx", READ),
    ("POST", "/api/v1/communities/<string:c>/transactions", f"{C}/transactions", WRITE),
    ("GET", "/api/v1/communities/<string:c>/transactions/<int(min=1, max=9223372036854775807):seq>",
     f"{C}/transactions/1", PUBLIC),
    ("POST", "/api/v1/communities/<string:c>/transactions/<int(min=1, max=9223372036854775807):seq>/reversal",
     f"{C}/transactions/1/reversal", WRITE),
    ("GET", "/api/v1/communities/<string:c>/todo", f"{C}/todo", REVIEW),
    ("GET", "/api/v1/communities/<string:c>/transactions/<string:seq>/proof", f"{C}/transactions/1/proof",
     PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/tree", f"{C}/tree", PUBLIC),
    ("GET", "/api/v1/communities/<string:c>/trial-balance", f"{C}/trial-balance", READ),
    ("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", PUBLIC),
]


@pytest.fixture
def callers(app, client, community, make_community):
    """A client per kind of caller, each with a bearer token (none: no header)."""
    make_community("east", "东社区")
    tokens = {}
    with app.app_context(), db.unit_of_work(app) as session:
        for name, role, scope in (("stranger", "officer", ["east"]), ("officer", "officer", ["fenghe"]),
                                  ("approver", "approver", ["fenghe"]), ("auditor", "auditor", ["fenghe"]),
                                  ("admin", "admin", [])):
            user = auth.create_user(session, f"{name}-x", role, created_by="system", communities=scope)
            tokens[name] = auth.issue_token(session, user, created_by="system")

    def status(who: str, method: str, path: str) -> int:
        headers = {"Authorization": f"Bearer {tokens[who]}"} if who != "none" else {}
        response = client.open(path, method=method, headers=headers, json={} if method == "POST" else None)
        response.close()  # file responses (workbooks) hold a temporary file until closed
        return response.status_code
    return status


def test_every_api_route_is_in_the_table(app):
    served = {(method, rule.rule) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == {(method, rule) for method, rule, _, _ in ROUTES}


@pytest.mark.parametrize("method, rule, path, permission", ROUTES, ids=[f"{m} {p}" for m, _, p, _ in ROUTES])
def test_who_may_call_each_route(callers, method, rule, path, permission):
    got = {who: callers(who, method, path) for who in CALLERS}
    for who, status in got.items():
        if who in ALLOWED[permission]:
            assert status not in (401, 403), (who, status)
        else:
            assert status == (401 if who == "none" else 403), (who, status)
    assert all(status < 500 for status in got.values()), got


def test_a_revoked_token_stops_at_once(app, officer):
    assert officer.get(f"{C}/incomes").status_code == 200
    with app.app_context(), db.unit_of_work(app) as session:
        token = session.execute(select(ApiToken).where(ApiToken.token_hash == auth.hash_token(officer.token))).scalar_one()
        auth.revoke_token(session, token.id, revoked_by="system")
    assert officer.get(f"{C}/incomes").status_code == 401
