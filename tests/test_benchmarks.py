"""The benchmark suite works: every module runs at a tiny scale and reports figures.

No timing is asserted; speed is read from the table (see BENCHMARKS.md). The runner's
handling of broken modules is checked with stand-in modules.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from benchmarks import runner, support

ROOT = Path(__file__).resolve().parent.parent
# The server the database tests use (tests/conftest.py); CI makes PostgreSQL mandatory.
PG_ADMIN_URL = os.environ.get("LEDGER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("LEDGER_REQUIRE_POSTGRES") == "1"


def test_a_row_carries_the_ratio_of_ours_to_the_baseline():
    found = support.row("posting", 300.0, 1200.0, "incomes/s", note="aim >= 0.25")
    assert found == {"name": "posting", "ours": 300.0, "baseline": 1200.0, "unit": "incomes/s",
                     "ratio": 0.25, "note": "aim >= 0.25"}
    assert support.row("nothing measured", None, None, "")["ratio"] is None


def test_the_table_shows_every_row_and_a_header():
    rows = [support.row("balance_at", 1.25, 1.0, "ms", note="aim <= 1.5"), support.note_row("api", "skipped: x")]
    lines = support.format_table(rows).splitlines()
    assert lines[0].split() == ["benchmark", "ours", "baseline", "unit", "ratio", "note"]
    assert lines[2].split()[:5] == ["balance_at", "1.25", "1.00", "ms", "1.25"]
    assert lines[3].split()[:4] == ["api", "-", "-", "-"]
    markdown = support.markdown_table(rows).splitlines()
    assert markdown[2] == "| balance_at | 1.25 | 1.00 | ms | 1.25 | aim <= 1.5 |"


def test_rows_that_break_the_contract_are_refused():
    with pytest.raises(TypeError, match="lacks baseline"):
        support.check_rows([{"name": "x", "ours": 1, "unit": "", "ratio": None, "note": ""}], "mod")
    with pytest.raises(TypeError, match="list of dicts"):
        support.check_rows(None, "mod")


def _stand_in(monkeypatch, name: str, run=None, scales=None) -> None:
    module = types.ModuleType(f"benchmarks.{name}")
    if run is not None:
        module.run = run
    if scales is not None:
        module.SCALES = scales
    monkeypatch.setitem(sys.modules, f"benchmarks.{name}", module)


def test_a_module_that_cannot_be_imported_becomes_a_note_and_the_run_goes_on(monkeypatch):
    _stand_in(monkeypatch, "fine", run=lambda scale: [support.row("fine", 2.0, 4.0, "x/s")],
              scales=("tiny", "small", "full"))
    monkeypatch.setattr(runner, "MODULES", ("not_written_yet", "fine"))
    rows = runner.run_suite("tiny")
    assert rows[0]["name"] == "not_written_yet" and rows[0]["note"].startswith("skipped: cannot import")
    assert rows[1]["name"] == "fine" and rows[1]["ratio"] == 0.5
    assert runner.failed(rows) == []


def test_a_module_that_raises_fails_the_run_with_its_reason(monkeypatch, capsys):
    def broken(scale):
        raise RuntimeError("the server did not start")
    _stand_in(monkeypatch, "broken", run=broken)
    monkeypatch.setattr(runner, "MODULES", ("broken",))
    assert runner.main(["--scale", "small"]) == 1
    out = capsys.readouterr().out
    assert "failed: RuntimeError: the server did not start" in out


def test_a_module_without_the_tiny_scale_runs_small(monkeypatch):
    seen = []
    _stand_in(monkeypatch, "plain", run=lambda scale: seen.append(scale) or [support.row("plain", 1.0, 1.0, "s")])
    monkeypatch.setattr(runner, "MODULES", ("plain",))
    rows = runner.run_suite("tiny")
    assert seen == ["small"] and rows[0]["note"] == "(scale small)"


@pytest.mark.slow
def test_the_whole_suite_runs_at_a_tiny_scale(tmp_path):
    """``python -m benchmarks --scale tiny``: every module gives figures on both backends."""
    out = tmp_path / "rows.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEDGER_BENCH_POSTGRES_URL": PG_ADMIN_URL,
           "LEDGER_BENCH_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--scale", "tiny", "--json", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    rows = json.loads(out.read_text())["rows"]
    names = [r["name"] for r in rows]
    skipped = [r for r in rows if r["note"].startswith("skipped")]
    if REQUIRE_PG:
        assert skipped == []
    measured = [r for r in rows if r not in skipped]
    for module in runner.MODULES:
        assert any(module_rows(module, r) for r in measured), f"no figures from {module}: {names}"
    for r in measured:
        assert r["ours"] > 0 and r["baseline"] > 0 and r["ratio"] == pytest.approx(r["ours"] / r["baseline"]), r
    assert "benchmark" in done.stdout and "ratio" in done.stdout
    assert list(tmp_path.glob("ledger-bench-*")) == []  # temporary databases are removed


def module_rows(module: str, row: dict) -> bool:
    prefixes = {"posting": "posting", "api": "POST incomes", "balances": ("balance_at", "trial_balance"),
                "verify": "verify", "imports": "import ", "workbook": ("audit workbook", "journal CSV"),
                "public_pages": "public pages",
                "proofs": ("inclusion proof", "consistency proof", "GET .../proof", "tree extension")}
    return row["name"].startswith(prefixes[module])
