"""``ledger user add`` and ``ledger token``."""
from __future__ import annotations

import sys

import click
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
@with_appcontext
def token_command(username: str, label: str) -> None:
    """Print a new API token for a user (and nothing else)."""
    with db.unit_of_work() as session:
        token = services.issue_token(session, services.get_user(session, username),
                                     created_by=services.SYSTEM_USER, label=label)
    click.echo(token)


commands = [user_group, token_command]
