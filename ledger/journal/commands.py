"""``ledger verify`` and ``ledger close-period``."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ledger import db
from ledger.auth.services import SYSTEM_USER
from ledger.auth.access import find_community
from ledger.communities.services import list_communities
from ledger.core.periods import parse_month
from ledger.closing import close_month
from ledger.journal import chain
from ledger.timeutil import local_today


@click.command("verify")
@click.option("--community", "code", default=None, help="only this community (default: all)")
@with_appcontext
def verify_command(code: str | None) -> None:
    """Recompute every hash chain; exit 1 at the first broken link."""
    with db.unit_of_work(write=False) as session:
        communities = [find_community(code)] if code else list_communities(session)
        for community in communities:
            head = chain.head(session, community)
            broken = chain.verify(session, community)
            if broken is not None:
                click.echo(f"{community.code}: BROKEN at seq {broken.seq}: {broken.reason}")
                raise SystemExit(1)
            click.echo(f"{community.code}: {head.seq} transactions verify; head {head.hash}")


@click.command("close-period")
@click.argument("month")
@click.option("--community", "code", required=True)
@with_appcontext
def close_period_command(month: str, code: str) -> None:
    """Close an accounting month (YYYY-MM) of a community."""
    with db.unit_of_work() as session:
        community = find_community(code)
        closed, snapshot = close_month(session, community, parse_month(month),
                                                closed_by=SYSTEM_USER, today=local_today())
    click.echo(f"{code}: {month} closed; {len(snapshot)} account balances stored")


commands = [verify_command, close_period_command]
