"""The communities' signing keys: made by ``ledger keys`` and ``ledger init``, private to the
instance folder, published on the public page, carried by backups."""
import json
import os
import re
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger import db
from tests.entries import JOURNAL
from tests.exports.export_downloads import download, workbook
from tests.proofs.conftest import run_verifier, write_json
from tests.maintenance.test_backup import restored_app


def key_file(app, code: str = "fenghe") -> Path:
    return Path(app.instance_path) / "keys" / f"{code}.ed25519.pem"


def printed_key(output: str, code: str = "fenghe") -> str:
    return re.search(rf"^{code}: ([0-9a-f]{{64}})", output, re.M).group(1)


def test_ledger_keys_makes_a_private_key_once(app, runner, community, make_community):
    make_community("xinhe", "新河社区")
    first = runner.invoke(args=["keys"])
    assert first.exit_code == 0, first.output
    assert stat.S_IMODE(os.stat(key_file(app)).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(key_file(app).parent).st_mode) == 0o700
    assert key_file(app, "xinhe").exists()
    again = runner.invoke(args=["keys", "--community", "fenghe"])
    assert printed_key(again.output) == printed_key(first.output)
    assert "xinhe" not in again.output


def test_an_unknown_community_has_no_key(runner, community):
    result = runner.invoke(args=["keys", "--community", "nowhere"])
    assert result.exit_code != 0 and "nowhere" in result.output + str(result.exception)


def test_ledger_init_makes_the_keys(app, runner, community):
    assert not key_file(app).exists()
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert key_file(app).exists()


def test_the_public_page_shows_the_key_that_signs_the_heads(client, runner, closed_months):
    key = printed_key(runner.invoke(args=["keys"]).output)
    page = client.get("/c/fenghe").get_data(as_text=True)
    assert re.search(rf'id="public-key">\s*{key}\s*<', page)
    assert {head["public_key"] for head in client.get(f"{JOURNAL}/heads").json} == {key}
    assert "/c/fenghe/verify.py" in page


def test_a_restored_instance_keeps_the_key_and_the_receipt_links(app, runner, receipt_income, fresh_url,
                                                                 tmp_path, client):
    key = printed_key(runner.invoke(args=["keys"]).output)
    archive = tmp_path / "ledger.backup"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    target = restored_app(fresh_url, tmp_path)
    restored = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    assert stat.S_IMODE(os.stat(key_file(target)).st_mode) == 0o600
    assert printed_key(target.test_cli_runner().invoke(args=["keys"]).output) == key
    link = receipt_income["receipt_url"].removeprefix("http://localhost")
    assert target.test_client().get(link).status_code == 200
    db.engine(target).dispose()


def test_the_workbook_cover_states_the_key_and_heads_signed_by_another_fail(runner, closed_months, auditor,
                                                                             client, tmp_path):
    key = printed_key(runner.invoke(args=["keys"]).output)
    data = download(auditor, f"{JOURNAL}/reports/audit.xlsx?from=2024-01-01&to=2024-12-31").data
    cover = {row[0]: row[1] for row in workbook(data)["封面"].iter_rows(values_only=True) if row and row[0]}
    assert cover["社区公钥 (Ed25519，签署每月链头)"] == key
    (tmp_path / "audit.xlsx").write_bytes(data)
    heads = client.get(f"{JOURNAL}/heads").json
    assert run_verifier(tmp_path / "audit.xlsx", "--heads", write_json(tmp_path / "h.json", heads)).returncode == 0

    impostor = Ed25519PrivateKey.generate()  # a well-formed head, signed by someone else's key
    forged = dict(heads[-1], public_key=impostor.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex())
    message = json.dumps({k: forged[k] for k in ("chain_head", "community", "month", "root", "size")},
                         sort_keys=True, separators=(",", ":")).encode()
    forged["signature"] = impostor.sign(message).hex()
    alone = run_verifier("--heads", write_json(tmp_path / "f.json", heads[:-1] + [forged]))
    assert alone.returncode == 0  # self-consistent: only the published key tells it apart
    against = run_verifier(tmp_path / "audit.xlsx", "--heads", tmp_path / "f.json")
    assert against.returncode == 1 and "not by" in against.stdout
