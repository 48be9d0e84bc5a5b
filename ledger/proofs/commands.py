"""``ledger keys``: each community's signing key, made where missing; the public keys printed."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ledger import db
from ledger.auth.access import find_community
from ledger.communities.services import list_communities
from ledger.proofs import keys


def ensure_keys(code: str | None = None) -> list[tuple[str, str]]:
    """(community, public key hex) of one or every community, making the keys they lack."""
    with db.unit_of_work(write=False) as session:
        codes = [find_community(code).code] if code else [c.code for c in list_communities(session)]
    return [(found, keys.public_key_hex(found)) for found in codes]


@click.command("keys")
@click.option("--community", "code", default=None, help="only this community (default: all)")
@with_appcontext
def keys_command(code: str | None) -> None:
    """Make each community's Ed25519 signing key if it has none; print the public keys."""
    for found, public in ensure_keys(code):
        click.echo(f"{found}: {public}  ({keys.key_path(current_app.instance_path, found)})")


commands = [keys_command]
