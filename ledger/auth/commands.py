"""``ledger user add`` and ``ledger token``."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from ledger import db
from ledger.auth import services
from ledger.auth.models import ROLES


@click.group("user")
def user_group() -> None:
    """Manage users."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--community", "communities", multiple=True, help="community code; repeat for several")
@click.option("--password-stdin", is_flag=True, help="read the password from the first line of stdin")
@with_appcontext
def add_user(username: str, role: str, communities: tuple[str, ...], password_stdin: bool) -> None:
    """Add a user with a role, scoped to communities."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with db.unit_of_work() as session:
        services.create_user(session, username, role, created_by=services.SYSTEM_USER,
                             password=password, communities=list(communities))
    click.echo(f"user {username} ({role}) added" + ("" if password else "; no password: use `ledger token`"),
               err=True)


@click.command("token")
@click.argument("username")
@click.option("--label", default="", help="what the token is for")
@click.option("--expires-in", "days", type=click.IntRange(1, services.MAX_TOKEN_DAYS), default=None,
              help="days the token works for (default LEDGER_TOKEN_DAYS, 90)")
@with_appcontext
def token_command(username: str, label: str, days: int | None) -> None:
    """Print a new API token for a user (and nothing else: its expiry goes to stderr)."""
    days = days or current_app.config["LEDGER"]["TOKEN_DAYS"]
    with db.unit_of_work() as session:
        token = services.issue_token(session, services.get_user(session, username),
                                     created_by=services.SYSTEM_USER, label=label, days=days)
        expires_at = services.token_record(session, token).expires_at
    click.echo(token)
    click.echo(f"expires {expires_at:%Y-%m-%d %H:%M} UTC ({days} days)", err=True)


commands = [user_group, token_command]
