"""API tokens expire: 90 days by default (LEDGER_TOKEN_DAYS), or as many days as asked;
from the moment of expiry a token answers 401, however it was made."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from ledger import db
from ledger.auth import services as auth
from ledger.auth.models import ApiToken
from ledger.cli import main
from ledger.timeutil import utcnow

API = "/api/v1/communities/fenghe/accounts"


@pytest.fixture
def clerk(app, community):
    with app.app_context(), db.unit_of_work(app) as session:
        auth.create_user(session, "clerk", "officer", created_by="system", communities=[community])
    return "clerk"


def issue(app, days: int | None = None) -> tuple[str, ApiToken]:
    with app.app_context(), db.unit_of_work(app) as session:
        extra = {} if days is None else {"days": days}
        token = auth.issue_token(session, auth.get_user(session, "clerk"), created_by="system", **extra)
        return token, auth.token_record(session, token)


def expire(app, token_id: int, seconds_ago: int = 1) -> None:
    with app.app_context(), db.unit_of_work(app) as session:
        session.execute(update(ApiToken).where(ApiToken.id == token_id)
                        .values(expires_at=utcnow() - timedelta(seconds=seconds_ago)))


def call(client, token: str):
    return client.get(API, headers={"Authorization": f"Bearer {token}"})


def test_a_token_works_for_90_days_by_default(app, client, clerk):
    token, record = issue(app)
    assert record.expires_at - record.created_at == timedelta(days=90)
    assert call(client, token).status_code == 200


def test_an_expired_token_is_401_and_says_so(app, client, clerk, database_state):
    token, record = issue(app)
    other, _ = issue(app)
    expire(app, record.id)
    before = database_state()
    response = call(client, token)
    assert (response.status_code, response.json["code"]) == (401, "not_authenticated")
    assert "expired" in response.json["message"]
    posted = client.post("/api/v1/communities/fenghe/transactions", headers={"Authorization": f"Bearer {token}"},
                         json={"occurred_on": "2026-01-02", "description": "x", "postings": []})
    assert posted.status_code == 401 and database_state() == before
    assert call(client, other).status_code == 200  # only that token


def test_the_boundary_is_the_expiry_itself(app, clerk):
    token, record = issue(app, days=1)
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        assert auth.user_for_token(session, token, now=record.expires_at - timedelta(microseconds=1)) is not None
        assert auth.user_for_token(session, token, now=record.expires_at) is None


@pytest.mark.parametrize("days", [0, -1, auth.MAX_TOKEN_DAYS + 1])
def test_a_lifetime_out_of_range_is_refused(app, clerk, days):
    with pytest.raises(auth.ValidationFailed):
        issue(app, days)


def test_the_command_prints_only_the_token_and_tells_the_expiry_on_stderr(app, runner, client, clerk):
    result = runner.invoke(main, ["token", "clerk", "--expires-in", "30"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and token.startswith("lgr_")
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        record = auth.token_record(session, token)
    assert record.expires_at - record.created_at == timedelta(days=30)
    assert f"expires {record.expires_at:%Y-%m-%d %H:%M} UTC (30 days)" in result.stderr
    assert call(client, token).status_code == 200


def test_the_default_lifetime_is_a_setting(app, runner, clerk):
    app.config["LEDGER"]["TOKEN_DAYS"] = 7
    token = runner.invoke(main, ["token", "clerk"]).stdout.strip()
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        record = auth.token_record(session, token)
    assert record.expires_at - record.created_at == timedelta(days=7)


@pytest.mark.parametrize("days", ["0", "3651", "soon"])
def test_the_command_refuses_a_lifetime_out_of_range(runner, clerk, database_state, days):
    before = database_state()
    result = runner.invoke(main, ["token", "clerk", "--expires-in", days])
    assert result.exit_code == 2 and "lgr_" not in result.stdout
    assert database_state() == before
