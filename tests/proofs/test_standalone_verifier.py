"""verify.py run as a resident would: the downloaded file alone, in a bare Python without the
project or any package installed, on the journal CSV, the audit workbook, proofs and heads."""
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.entries import JOURNAL
from tests.exports.export_downloads import download
from tests.proofs.conftest import VERIFIER, run_verifier, write_json

# Text the exports must carry exactly: Chinese, quotes, a backslash, a formula character first.
AWKWARD = '-冲正 "周末" 集市\\摊位 =SUM(A1)'


@pytest.fixture(scope="session")
def bare_python(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    python = str(folder / "bin" / "python")
    probe = subprocess.run([python, "-c", "import flask"], capture_output=True, cwd=folder)
    assert probe.returncode != 0, "the bare interpreter must not see the project's packages"
    return python


@pytest.fixture
def downloaded(client, community, tmp_path) -> Path:
    """verify.py as the public page serves it."""
    answer = client.get("/c/fenghe/verify.py")
    assert answer.status_code == 200
    assert answer.get_data() == VERIFIER.read_bytes()
    path = tmp_path / "verify.py"
    path.write_bytes(answer.get_data())
    return path


@pytest.fixture
def exports(closed_months, post, auditor, tmp_path) -> dict:
    post("2024-04-01", "Dr 101 3.00", "Cr 301 3.00", description=AWKWARD)
    files = {}
    for name, url in [("journal.csv", "journal.csv"), ("journal-en.csv", "journal.csv?lang=en"),
                      ("audit.xlsx", "reports/audit.xlsx?from=2024-01-01&to=2024-12-31"),
                      ("audit-en.xlsx", "reports/audit.xlsx?from=2024-01-01&to=2024-12-31&lang=en")]:
        answer = download(auditor, f"{JOURNAL}/{url}")
        assert answer.status == 200, answer.data[:300]
        files[name] = tmp_path / name
        files[name].write_bytes(answer.data)
    return files


def run_bare(python: str, script: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([python, str(script), *map(str, args)], capture_output=True, text=True, timeout=300,
                          cwd=script.parent, env={"PATH": "/usr/bin:/bin"})


def test_unknown_community_has_no_verifier(client):
    assert client.get("/c/nowhere/verify.py").status_code == 404


@pytest.mark.parametrize("name", ["journal.csv", "journal-en.csv", "audit.xlsx", "audit-en.xlsx"])
def test_the_verifier_recomputes_every_hash_and_prints_the_head(bare_python, downloaded, exports, client, name):
    checked = run_bare(bare_python, downloaded, exports[name])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    chain = client.get(f"{JOURNAL}/chain").json
    tree = client.get(f"{JOURNAL}/tree").json
    assert f"head: seq {chain['head_seq']} hash {chain['head_hash']}" in checked.stdout
    assert f"tree: size {tree['size']} root {tree['root']}" in checked.stdout


def test_journal_heads_and_proof_together(bare_python, downloaded, exports, client, tmp_path):
    heads = write_json(tmp_path / "heads.json", client.get(f"{JOURNAL}/heads").json)
    proof = write_json(tmp_path / "proof.json", client.get(f"{JOURNAL}/transactions/3/proof?size=5").json)
    checked = run_bare(bare_python, downloaded, exports["journal.csv"], "--heads", heads, "--proof", proof)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "the journal agrees" in checked.stdout


def test_a_consistency_answer_of_the_api_is_what_the_heads_carry(client, closed_months):
    heads = client.get(f"{JOURNAL}/heads").json
    answer = client.get(f"{JOURNAL}/consistency?from={heads[0]['size']}&to={heads[1]['size']}").json
    assert answer == heads[1]["consistency"]


def tampered_csv(source: Path, target: Path) -> Path:
    """Change the amount of seq 3's cash line (12.00 received becomes 21.00)."""
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    changed = [line.replace("12.00", "21.00") if line.startswith("3,") else line for line in lines]
    assert changed != lines
    target.write_text("\n".join(changed) + "\n", encoding="utf-8-sig")
    return target


def test_a_changed_amount_in_the_csv_is_found(bare_python, downloaded, exports, tmp_path):
    failed = run_bare(bare_python, downloaded, tampered_csv(exports["journal.csv"], tmp_path / "t.csv"))
    assert failed.returncode == 1 and "seq 3" in failed.stdout, failed.stdout


def test_a_changed_description_in_the_workbook_is_found(bare_python, downloaded, exports, tmp_path):
    book = load_workbook(exports["audit.xlsx"])
    sheet = book["凭证明细"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == 2:
            row[3].value = row[3].value + " "
    book.save(tmp_path / "t.xlsx")
    failed = run_bare(bare_python, downloaded, tmp_path / "t.xlsx")
    assert failed.returncode == 1 and "seq 2" in failed.stdout, failed.stdout


def test_unreadable_input_is_exit_status_2(tmp_path):
    (tmp_path / "x.json").write_text("not json")
    assert run_verifier("--proof", tmp_path / "x.json").returncode == 2
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    assert run_verifier(tmp_path / "x.csv").returncode == 2


def test_a_csv_of_a_later_range_checks_from_the_hash_before_it(closed_months, auditor, client, tmp_path):
    part = tmp_path / "feb.csv"
    part.write_bytes(download(auditor, f"{JOURNAL}/journal.csv?from=2024-02-01").data)
    alone = run_verifier(part)
    assert alone.returncode == 0 and "give --previous" in alone.stdout, alone.stdout
    before = client.get(f"{JOURNAL}/transactions/2").json["hash"]
    linked = run_verifier(part, "--previous", before)
    assert linked.returncode == 0 and "give --previous" not in linked.stdout
    wrong = run_verifier(part, "--previous", "0" * 64)
    assert wrong.returncode == 1 and "seq 3" in wrong.stdout
