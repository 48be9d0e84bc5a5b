"""The README against the program it describes: its command table lists every command of
`ledger --help`, it explains Idempotency-Key and the chain's canonical form, and `ledger
--help` shows the ledger's options, not Flask's."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from ledger.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def help_of(tmp_path, monkeypatch, *args) -> str:
    monkeypatch.setenv("LEDGER_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.setenv("LEDGER_DATABASE_URL", f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def test_the_command_table_lists_every_command(tmp_path, monkeypatch):
    listed = help_of(tmp_path, monkeypatch).split("Commands:", 1)[1]
    commands = set(re.findall(r"^\s{2}([a-z][a-z-]*)\s", listed, re.M))
    assert {"demo", "export", "verify-workbook", "openapi", "serve", "import"} <= commands
    table = set(re.findall(r"^\| `ledger ([a-z][a-z-]*)", section("Command line"), re.M))
    assert table == commands


def test_ledger_help_shows_no_flask_options(tmp_path, monkeypatch):
    options = help_of(tmp_path, monkeypatch).split("Options:", 1)[1].split("Commands:", 1)[0]
    for flask_option in ("--env-file", "--app", "--debug"):
        assert flask_option not in options


def test_the_commands_still_run_without_flask_options(tmp_path, monkeypatch):
    assert "--community" in help_of(tmp_path, monkeypatch, "export")


def test_the_readme_explains_idempotency_keys():
    api = section("Using the API")
    assert "Idempotency-Key" in api and "409" in api.split("Idempotency-Key", 1)[1]


def test_the_readme_states_the_canonical_form_or_points_to_chain_md():
    text = README.read_text(encoding="utf-8")
    assert "CHAIN.md" in text
    chain = (README.parent / "CHAIN.md").read_text(encoding="utf-8")
    keys = re.search(r"exactly nine keys.*?:\s*(.*?)\.\n", chain, re.S).group(1)
    for key in re.findall(r"`(\w+)`", keys):  # every hashed field CHAIN.md names is named in the README too
        assert f"`{key}`" in section("Checking the ledger yourself"), key


def test_the_readme_starts_with_its_two_set_up_commands():
    blocks = re.findall(r"```sh\n(.*?)\n```", README.read_text(encoding="utf-8"), re.S)[:2]
    assert blocks == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/ledger demo && .venv/bin/ledger serve",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"]
