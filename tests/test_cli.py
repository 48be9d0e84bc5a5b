"""The `ledger` command: init, users and tokens, verify, close-period."""
import pytest
from sqlalchemy import inspect, text

from ledger import create_app, db
from ledger.auth import services as auth
from ledger.cli import main
from ledger.models import metadata
from tests.entries import entry

C = "/api/v1/communities"


def ledger(runner, *args, input=None):
    return runner.invoke(main, list(args), input=input)


def test_init_twice_on_an_empty_database(empty_database_url, tmp_path):
    app = create_app({"DATABASE_URL": empty_database_url, "INSTANCE_DIR": str(tmp_path / "instance"),
                      "SECRET_KEY": "test-secret"})
    runner = app.test_cli_runner()
    try:
        for _ in range(2):
            result = ledger(runner, "init")
            assert result.exit_code == 0, result.output
            assert "database ready" in result.output
        engine = db.engine(app)
        assert set(inspect(engine).get_table_names()) == {t.name for t in metadata.sorted_tables} | {"alembic_version"}
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM app_user WHERE username = 'system'")).scalar_one() == 1
    finally:
        db.engine(app).dispose()


def test_user_add_with_password_from_stdin(app, runner, community):
    result = ledger(runner, "user", "add", "clerk", "--role", "officer", "--community", community,
                    "--password-stdin", input="correct horse battery\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the confirmation goes to stderr
    with app.app_context(), db.unit_of_work(app) as session:
        user = auth.get_user(session, "clerk")
        assert user.role == "officer" and user.created_by == "system"
        assert auth.password_matches(user, "correct horse battery")
        assert len(auth.community_ids(session, user)) == 1


def test_user_add_in_several_communities(app, runner, make_community):
    make_community("fenghe")
    make_community("hexie")
    result = ledger(runner, "user", "add", "checker", "--role", "auditor", "--community", "fenghe",
                    "--community", "hexie")
    assert result.exit_code == 0, result.output
    with app.app_context(), db.unit_of_work(app) as session:
        user = auth.get_user(session, "checker")
        assert len(auth.community_ids(session, user)) == 2 and user.password_hash is None


@pytest.mark.parametrize("args, input, message", [
    (["clerk", "--role", "officer", "--community", "nowhere"], None, "no community 'nowhere'"),
    (["clerk", "--role", "officer", "--password-stdin"], "short\n", "at least 10 characters"),
    (["Clerk!", "--role", "officer"], None, "username"),
    (["system", "--role", "officer"], None, "already exists"),
])
def test_user_add_refusals_write_nothing(runner, community, database_state, args, input, message):
    before = database_state()
    result = ledger(runner, "user", "add", *args, input=input)
    assert result.exit_code == 1 and message in result.output
    assert database_state() == before


def test_user_add_refuses_unknown_roles(runner, database_state):
    before = database_state()
    result = ledger(runner, "user", "add", "clerk", "--role", "treasurer")
    assert result.exit_code == 2
    assert database_state() == before


def test_token_prints_only_a_working_token(runner, client, community):
    ledger(runner, "user", "add", "clerk", "--role", "officer", "--community", community)
    result = ledger(runner, "token", "clerk")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and result.stdout == lines[0] + "\n"
    token = lines[0]
    assert token.strip() == token and len(token) >= 40
    response = client.post(f"{C}/{community}/transactions", headers={"Authorization": f"Bearer {token}"},
                           json=entry("2024-03-01", "Dr 101 1.00", "Cr 301 1.00"))
    assert response.status_code == 201 and response.json["created_by"] == "clerk"


def test_each_token_is_new(runner, community):
    ledger(runner, "user", "add", "clerk", "--role", "officer", "--community", community)
    assert ledger(runner, "token", "clerk").stdout != ledger(runner, "token", "clerk").stdout


def test_token_for_an_unknown_user(runner, database_state):
    before = database_state()
    result = ledger(runner, "token", "nobody")
    assert result.exit_code == 1 and "no user 'nobody'" in result.output and result.stdout.count("lgr_") == 0
    assert database_state() == before


@pytest.fixture
def posted(post):
    for day in ("2024-01-05", "2024-01-20", "2024-02-03"):
        post(day, "Dr 102.basic 10.00", "Cr 501 10.00")


def test_verify_a_good_chain(runner, posted, make_community):
    make_community("hexie", "和谐社区")
    result = ledger(runner, "verify")
    assert result.exit_code == 0, result.output
    assert "fenghe: 3 transactions verify" in result.output
    assert "hexie: 0 transactions verify" in result.output


@pytest.mark.parametrize("tamper", [
    "UPDATE journal_transaction SET description = 'edited' WHERE seq = 2",
    "UPDATE posting SET amount = 1001 WHERE line_no = 1 AND transaction_id = "
    "(SELECT id FROM journal_transaction WHERE seq = 2)",
    "UPDATE journal_transaction SET hash = '{}' WHERE seq = 2".format("a" * 64),
    "UPDATE posting SET occurred_on = '2001-01-01' WHERE line_no = 1 AND transaction_id = "
    "(SELECT id FROM journal_transaction WHERE seq = 2)",
])
def test_verify_finds_tampering(app, runner, posted, tamper):
    with db.engine(app).begin() as connection:
        connection.execute(text(tamper))
    result = ledger(runner, "verify")
    assert result.exit_code == 1
    assert "BROKEN at seq 2" in result.output


def test_verify_one_community(app, runner, posted, make_community):
    make_community("hexie", "和谐社区")
    with db.engine(app).begin() as connection:
        connection.execute(text("UPDATE journal_transaction SET created_by = 'mallory' WHERE seq = 1"))
    assert ledger(runner, "verify", "--community", "hexie").exit_code == 0
    result = ledger(runner, "verify", "--community", "fenghe")
    assert result.exit_code == 1 and "seq 1" in result.output


def test_close_period(runner, officer, posted):
    result = ledger(runner, "close-period", "2024-01", "--community", "fenghe")
    assert result.exit_code == 0, result.output
    refused = officer.post(f"{C}/fenghe/transactions", json=entry("2024-01-31", "Dr 101 1.00", "Cr 301 1.00"))
    assert (refused.status_code, refused.json["code"]) == (409, "period_closed")
    assert officer.get(f"{C}/fenghe/accounts/501/balance?as_of=2024-01-31").json["balance"] == "20.00"


@pytest.mark.parametrize("args, message", [
    (["2024-03", "--community", "fenghe"], "close 2024-02 first"),
    (["2024-01", "--community", "fenghe"], "already closed"),
    (["2024-13", "--community", "fenghe"], "not a month"),
    (["2024-02", "--community", "nowhere"], "no community"),
])
def test_close_period_refusals(runner, posted, database_state, args, message):
    assert ledger(runner, "close-period", "2024-01", "--community", "fenghe").exit_code == 0
    before = database_state()
    result = ledger(runner, "close-period", *args)
    assert result.exit_code == 1 and message in result.output, result.output
    assert database_state() == before
