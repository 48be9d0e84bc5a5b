"""``ledger demo``."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ledger import db
from ledger.communities.models import Community
from ledger.demo import builder
from ledger.disbursements.vouchers import voucher_root
from ledger.setup_commands import migrate
from ledger.timeutil import local_today


@click.command("demo")
@click.option("--seed", default=2026, show_default=True, help="random seed of the generated business")
@click.option("--password", default=None, help="one password for every demo user (default: random ones)")
@with_appcontext
def demo_command(seed: int, password: str | None) -> None:
    """Create the demo community 风和社区 with a year of activity and one user per role."""
    migrate(current_app)
    with db.unit_of_work() as session:
        if session.execute(select(Community.id).where(Community.code == builder.CODE)).first():
            click.echo(f"the demo community {builder.CODE} already exists; `ledger token USER` makes new tokens")
            return
        click.echo("building the demo community (a year of incomes)...", err=True)
        demo = builder.build(session, today=local_today(), seed=seed, password=password,
                             vouchers=voucher_root(current_app),
                             max_voucher_bytes=current_app.config["LEDGER"]["VOUCHER_MAX_BYTES"])
    click.echo(f"{builder.NAME} ({builder.CODE}): {demo.incomes} incomes, {demo.months_closed} months closed")
    click.echo(f"{'user':<10} {'password':<16} API token")
    for username, secret in demo.users.passwords.items():
        click.echo(f"{username:<10} {secret:<16} {demo.users.tokens[username]}")
    click.echo(f"public pages: http://127.0.0.1:5000/c/{builder.CODE}    workspace: http://127.0.0.1:5000/login")


commands = [demo_command]
