"""A worked ledger of three months for the proofs: parking incomes (10 % to the
public-benefit fund), one reversed, each month closed after its incomes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.entries import JOURNAL

VERIFIER = Path(__file__).resolve().parents[2] / "ledger" / "proofs" / "verify.py"
MONTHS = {
    "2024-01": [("20.00", "2024-01-03"), ("35.50", "2024-01-17")],
    "2024-02": [("12.00", "2024-02-02"), ("8.80", "2024-02-20"), ("100.00", "2024-02-27")],
    "2024-03": [("20.00", "2024-03-09")],
}


@pytest.fixture
def parking(make_operator):
    return make_operator("parking", name="和园停车场", kind="parking", percent="10")


@pytest.fixture
def receipt_income(parking, post_income):
    """A resident's 20-yuan parking payment of January: the income's API answer."""
    return post_income("parking", "20.00", "2024-01-05", payer="王小明", note="私人备注 plate 沪A12345")


@pytest.fixture
def closed_months(parking, post_income, close, officer):
    """Post each month's incomes and close it; reverse one February income before closing."""
    answers = []
    for month, incomes in MONTHS.items():
        answers += [post_income("parking", amount, day) for amount, day in incomes]
        if month == "2024-02":
            reversal = officer.post(f"{JOURNAL}/incomes/{answers[-2]['id']}/reversal",
                                    json={"reason": "录错金额", "occurred_on": "2024-02-21"})
            assert reversal.status_code == 201, reversal.json
        close(month)
    return answers


def chain_hashes(client) -> list[bytes]:
    """Every transaction hash in seq order, read from the public API."""
    head = client.get(f"{JOURNAL}/chain").json["head_seq"]
    return [bytes.fromhex(client.get(f"{JOURNAL}/transactions/{seq}").json["hash"]) for seq in range(1, head + 1)]


def run_verifier(*args, python: str = sys.executable, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([python, str(VERIFIER), *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def write_json(path: Path, value) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False))
    return path
