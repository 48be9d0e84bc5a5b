"""Who may do what: roles, community scope, bearer tokens. Refusals write nothing."""
import hashlib

import pytest
from sqlalchemy import text

from ledger import db
from ledger.auth import services as auth
from tests.entries import entry

C = "/api/v1/communities"
# Each action of the journal API, run in this order (the writes build on each other).
ACTIONS = [
    ("post", "post", "/transactions", entry("2024-02-11", "Dr 101 5.00", "Cr 301 5.00")),
    ("reverse", "post", "/transactions/1/reversal", {"reason": "录错", "occurred_on": "2024-02-12"}),
    ("add account", "post", "/accounts", {"code": "501.cafe", "name": "咖啡吧", "type": "revenue"}),
    ("close", "post", "/periods/2024-01/close", None),
    ("accounts", "get", "/accounts", None),
    ("balance", "get", "/accounts/101/balance?as_of=2024-02-28", None),
    ("trial balance", "get", "/trial-balance?from=2024-02-01&to=2024-02-29", None),
    ("verification", "get", "/chain/verification", None),
    ("community", "get", "", None),
    ("journal", "get", "/journal", None),
    ("transaction", "get", "/transactions/1", None),
    ("chain", "get", "/chain", None),
]
WRITES = {"post", "reverse", "add account", "close"}
READS = {"accounts", "balance", "trial balance", "verification"}


def expected(write: int, read: int, public: int = 200) -> dict[str, int]:
    return {name: write if name in WRITES else read if name in READS else public for name, *_ in ACTIONS}


# role, where its scope lies, what each kind of action answers
MATRIX = [
    ("officer", "fenghe", expected(write=201, read=200)),
    ("officer", "hexie", expected(write=403, read=403)),
    ("auditor", "fenghe", expected(write=403, read=200)),
    ("auditor", "hexie", expected(write=403, read=403)),
    ("approver", "fenghe", expected(write=403, read=403)),
    ("admin", None, expected(write=403, read=403)),
    (None, None, expected(write=401, read=401)),
]


@pytest.fixture
def two_communities(make_community, make_user):
    make_community("fenghe", "风和社区")
    make_community("hexie", "和谐社区")
    bookkeeper = make_user("officer", "fenghe", username="bookkeeper")
    response = bookkeeper.post(f"{C}/fenghe/transactions", json=entry("2024-02-10", "Dr 101 9.00", "Cr 301 9.00"))
    assert response.status_code == 201


@pytest.mark.parametrize("role, scope, statuses", MATRIX,
                         ids=[f"{role}-{scope}" for role, scope, _ in MATRIX])
def test_roles_and_scopes(two_communities, make_user, client, database_state, role, scope, statuses):
    caller = make_user(role, *([scope] if scope else [])) if role else client
    before = database_state()
    answers = {}
    for name, method, path, body in ACTIONS:
        kwargs = {"json": body} if method == "post" else {}
        response = getattr(caller, method)(f"{C}/fenghe{path}", **kwargs)
        answers[name] = response.status_code
        if response.status_code >= 400:
            assert response.json["code"] == {401: "not_authenticated", 403: "forbidden"}[response.status_code]
    assert answers == statuses
    if not WRITES & {name for name, status in answers.items() if status < 400}:
        assert database_state() == before


@pytest.fixture
def officer_token(app, community):
    with app.app_context(), db.unit_of_work(app) as session:
        user = auth.create_user(session, "clerk", "officer", created_by="system", communities=[community])
        token = auth.issue_token(session, user, created_by="system")
    return token


def _revoke_all(app, username):
    with app.app_context(), db.unit_of_work(app) as session:
        user = auth.get_user(session, username)
        for (token_id,) in session.execute(text("SELECT id FROM api_token WHERE user_id = :u"), {"u": user.id}):
            auth.revoke_token(session, token_id, revoked_by="system")


def _deactivate(app, username):
    with app.app_context(), db.unit_of_work(app) as session:
        user = auth.get_user(session, username)
        user.is_active = False
        session.add(user)


@pytest.mark.parametrize("header", [
    pytest.param(None, id="missing"),
    pytest.param("Bearer lgr_unknown-token", id="unknown"),
    pytest.param("Bearer ", id="empty"),
    pytest.param("Basic Y2xlcms6cGFzc3dvcmQ=", id="basic"),
    pytest.param("revoked", id="revoked"),
    pytest.param("inactive", id="inactive-user"),
])
def test_without_a_valid_token_is_401(app, client, officer_token, database_state, header):
    if header == "revoked":
        _revoke_all(app, "clerk")
    if header == "inactive":
        _deactivate(app, "clerk")
    if header in ("revoked", "inactive"):
        header = f"Bearer {officer_token}"
    headers = {"Authorization": header} if header else {}
    before = database_state()
    for response in (
        client.post(f"{C}/fenghe/transactions", headers=headers, json=entry("2024-02-11", "Dr 101 5.00", "Cr 301 5.00")),
        client.get(f"{C}/fenghe/trial-balance", headers=headers),
    ):
        assert (response.status_code, response.json["code"]) == (401, "not_authenticated")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert database_state() == before


def test_a_valid_token_works_in_any_case_of_the_scheme(client, officer_token):
    for scheme in ("Bearer", "bearer", "BEARER"):
        response = client.get(f"{C}/fenghe/trial-balance", headers={"Authorization": f"{scheme} {officer_token}"})
        assert response.status_code == 200


def test_revoking_one_token_leaves_the_others(app, client, officer_token):
    with app.app_context(), db.unit_of_work(app) as session:
        second = auth.issue_token(session, auth.get_user(session, "clerk"), created_by="system")
        first_id = session.execute(text("SELECT min(id) FROM api_token")).scalar_one()
        auth.revoke_token(session, first_id, revoked_by="system")
    assert client.get(f"{C}/fenghe/accounts", headers={"Authorization": f"Bearer {officer_token}"}).status_code == 401
    assert client.get(f"{C}/fenghe/accounts", headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_tokens_and_passwords_are_stored_hashed(app, community):
    with app.app_context(), db.unit_of_work(app) as session:
        user = auth.create_user(session, "clerk", "officer", created_by="system", password="correct horse battery",
                                communities=[community])
        token = auth.issue_token(session, user, created_by="system")
    with db.engine(app).connect() as connection:
        stored = connection.execute(text("SELECT token_hash, prefix FROM api_token")).one()
        password_hash = connection.execute(text("SELECT password_hash FROM app_user WHERE username = 'clerk'")).scalar_one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith(stored.prefix) and len(stored.prefix) < len(token) // 2
    assert password_hash.startswith("$argon2id$") and "correct horse battery" not in password_hash


@pytest.mark.parametrize("password, matches", [("correct horse battery", True), ("correct horse batter", False),
                                                ("", False)])
def test_password_check(app, session, password, matches):
    user = auth.create_user(session, "clerk", "officer", created_by="system", password="correct horse battery")
    assert auth.password_matches(user, password) is matches


def test_a_user_without_password_cannot_sign_in_with_one(app, session):
    user = auth.create_user(session, "robot", "officer", created_by="system")
    assert auth.password_matches(user, "") is False
