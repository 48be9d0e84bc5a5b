"""`kill -9` in the middle of `ledger import --commit` leaves nothing half done, and running
the import again posts every row."""
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import ledger
from import_rows import csv_bytes

ROOT = Path(ledger.__file__).resolve().parent.parent
ROWS = 3000


def _ledger(database_url: str, instance: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEDGER_DATABASE_URL": database_url,
           "LEDGER_INSTANCE_DIR": str(instance), "LEDGER_SECRET_KEY": "test-secret"}
    return subprocess.Popen([sys.executable, "-c", "from ledger.cli import main; main()", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(process: subprocess.Popen, text: str, timeout: float) -> str:
    """Read the process's stderr until ``text`` appears; return what was read."""
    seen, found = [], threading.Event()

    def read():
        for line in process.stderr:
            seen.append(line)
            if text in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(timeout), f"{text!r} never appeared: {''.join(seen)}"
    return "".join(seen)


@pytest.mark.slow
def test_kill_9_while_posting_leaves_nothing_and_a_rerun_posts_everything(
        shop, database_url, tmp_path, ledger_counts):
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes(*(f"2026-03-{1 + n % 28:02d},{('cafe', 'canteen')[n % 2]},{1 + n % 97}.{n % 100:02d},"
                                 f"微信,,K-{n},," for n in range(ROWS))))
    args = ("import", str(path), "--community", "fenghe", "--commit")
    victim = _ledger(database_url, tmp_path / "instance", *args)
    try:
        _wait_for(victim, "posting rows", timeout=120)
        time.sleep(0.3)  # inside the posting of 3,000 rows (checked just below)
        assert victim.poll() is None, "the import finished before it could be killed"
        os.kill(victim.pid, signal.SIGKILL)
        assert victim.wait(timeout=30) == -signal.SIGKILL
    finally:
        if victim.poll() is None:
            victim.kill()
        victim.stdout.close()
        victim.stderr.close()
    assert ledger_counts() == (0, 0, 0)  # no income, no journal entry, no batch

    rerun = _ledger(database_url, tmp_path / "instance", *args)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, out + err
    assert f"posted {ROWS} income(s)" in out
    assert ledger_counts() == (ROWS, ROWS, 1)

    verify = _ledger(database_url, tmp_path / "instance", "verify", "--community", "fenghe")
    out, err = verify.communicate(timeout=600)
    assert verify.returncode == 0, out + err
    third = _ledger(database_url, tmp_path / "instance", *args)
    out, err = third.communicate(timeout=600)
    assert third.returncode != 0 and "already imported as batch" in out + err
    assert ledger_counts() == (ROWS, ROWS, 1)
