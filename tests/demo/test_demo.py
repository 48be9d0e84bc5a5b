"""The demo community is a sound ledger."""
from __future__ import annotations

from datetime import date

from ledger import db
from ledger.auth.services import get_user, password_matches, user_for_token
from ledger.demo import builder
from ledger.journal.balances import trial_balance
from ledger.journal.chain import verify

TODAY = date(2026, 5, 17)


def test_the_demo_verifies_balances_and_has_every_role(app, client, tmp_path):
    with app.app_context(), db.unit_of_work(app) as session:
        demo = builder.build(session, today=TODAY, months=3, password="demo-password-1",
                             vouchers=tmp_path / "vouchers", max_voucher_bytes=10**6)
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        community = demo.community
        assert verify(session, community) is None
        rows = trial_balance(session, community, date(2026, 1, 1), TODAY)
        assert sum(r.closing for r in rows) == 0 and sum(r.debit for r in rows) == sum(r.credit for r in rows)
        for username, role, _ in builder.USERS:
            user = get_user(session, username)
            assert user.role == role and password_matches(user, "demo-password-1")
            assert user_for_token(session, demo.users.tokens[username]).username == username
    assert demo.months_closed == 3  # February, March and April; May is still open
    assert demo.incomes > (28 + 31 + 30 + 16) * 9  # eight channel totals and the compound's parking a day
    assert client.get("/api/v1/communities/fenghe/chain").json["head_seq"] > demo.incomes
    funds = {f["code"]: f for f in client.get("/api/v1/communities/fenghe/funds").json}
    assert int(funds["public_benefit"]["outflow"].replace(".", "")) > 0 and funds["heyuan"]["balance"] > "0"
    projects = {p["code"]: p for p in client.get("/api/v1/communities/fenghe/projects").json}
    assert projects["elderly_meals"]["spent"] == "9600.00"  # three months of 3,200.00
    queue = client.get("/api/v1/communities/fenghe/disbursements")
    assert queue.status_code == 401  # the approval queue is not public
    check_residents_voice(client, projects)


def check_residents_voice(client, projects: dict) -> None:
    """Every project's budget (all above 5,000.00) rests on a decision with minutes; residents'
    questions are answered, refused and waiting (asked months before today, so overdue)."""
    decisions = client.get("/api/v1/communities/fenghe/decisions").json
    approved = {p["code"]: p["budget"] for d in decisions for p in d["projects"]}
    assert {code: approved[code] for code in projects} == {code: p["budget"] for code, p in projects.items()}
    assert all(len(d["minutes"]["sha256"]) == 64 for d in decisions)
    summary = client.get("/api/v1/communities/fenghe/public").json["questions"]
    assert summary == {"asked": 6, "answered": 3, "overdue": 2}
    shown = client.get("/api/v1/communities/fenghe/questions").json["items"]
    assert sorted(q["state"] for q in shown) == ["refused"] + ["released"] * 5


def test_the_command_prints_passwords_and_tokens_once(runner):
    result = runner.invoke(args=["demo", "--password", "demo-password-2"])
    assert result.exit_code == 0, result.output
    assert "demo-password-2" in result.output and "lgr_" in result.output
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "already exists" in again.output
