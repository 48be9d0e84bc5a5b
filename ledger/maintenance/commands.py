"""``ledger backup`` and ``ledger restore``."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ledger.maintenance import backup as backups


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write the database, the vouchers and the chain heads to one archive."""
    manifest = backups.backup(current_app, path)
    for chain in manifest["chains"]:
        click.echo(f"{chain['community']}: seq {chain['seq']} head {chain['hash']}")
    click.echo(f"backup written to {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="replace a database that already holds communities")
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Restore an archive made by `ledger backup` and verify every chain against it."""
    manifest = backups.restore(current_app, path, force=force)
    for chain in manifest["chains"]:
        click.echo(f"{chain['community']}: seq {chain['seq']} head {chain['hash']} verified")


commands = [backup_command, restore_command]
