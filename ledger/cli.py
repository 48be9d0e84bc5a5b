"""The ``ledger`` command. Each domain keeps its commands in its own ``commands``
module (a list named ``commands``); this file only assembles them."""
from __future__ import annotations

from importlib import import_module

import click
from flask import Flask
from flask.cli import FlaskGroup

COMMAND_MODULES = (
    "ledger.setup_commands",
    "ledger.auth.commands",
    "ledger.journal.commands",
    "ledger.maintenance.commands",
    "ledger.demo.commands",
    "ledger.exports.commands",
    "ledger.imports.commands",
    "ledger.proofs.commands",
    "ledger.jobs.commands",
)


def register_commands(app: Flask) -> None:
    for name in COMMAND_MODULES:
        for command in import_module(name).commands:
            app.cli.add_command(command)


def _create_app() -> Flask:
    from ledger import create_app
    return create_app()


class LedgerGroup(FlaskGroup):
    """Domain errors end a command with their message and exit status 1, not a traceback."""

    def invoke(self, ctx: click.Context):
        from ledger.core.errors import LedgerError
        try:
            return super().invoke(ctx)
        except LedgerError as error:
            details = "; ".join(f"{field}: {', '.join(msgs)}" for field, msgs in error.errors.items())
            raise click.ClickException(error.message + (f" ({details})" if details else "")) from None


@click.group(cls=LedgerGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False, set_debug_flag=False)
def main() -> None:
    """Community enterprise ledger. Settings come from LEDGER_* environment variables."""


def _add_standalone_commands() -> None:
    """Commands that need no application or database (an auditor checking a workbook
    with nothing but the project installed) hang on the group itself."""
    from ledger.exports.commands import verify_workbook_command
    main.add_command(verify_workbook_command)


_add_standalone_commands()
# Flask's own options (--env-file, --app, --debug) mean nothing to a user of the ledger:
# the application is always ledger's and settings come from LEDGER_* variables.
main.params = [param for param in main.params if param.name not in ("env_file", "app", "debug")]
