"""`ledger serve` runs the job workers beside gunicorn: a job asked for over HTTP gets done,
and stopping the command stops them both."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.jobs.workers import ROOT
from tests.reliability.conftest import Server, free_port


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


@pytest.mark.slow
def test_serve_runs_the_workers_and_stops_with_them(tmp_path, sqlite_template):
    instance = tmp_path / "instance"
    instance.mkdir()
    shutil.copyfile(sqlite_template, instance / "ledger.sqlite3")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEDGER_INSTANCE_DIR": str(instance),
           "LEDGER_SECRET_KEY": "serve-test"}
    subprocess.run([sys.executable, "-m", "ledger", "demo"], env=env, cwd=ROOT, check=True, capture_output=True,
                   timeout=600)
    token = subprocess.run([sys.executable, "-m", "ledger", "token", "auditor"], env=env, cwd=ROOT, check=True,
                           capture_output=True, text=True, timeout=120).stdout.strip()
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen([sys.executable, "-m", "ledger", "serve", "--port", str(port), "--job-workers", "1"],
                             env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", env, port)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if server.request("GET", "/api/v1/openapi.json")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(0.2)
        status, body = server.request("POST", "/api/v1/communities/fenghe/exports", {"kind": "journal_csv"}, token)
        assert status == 202, body
        deadline = time.monotonic() + 120
        while (job := server.request("GET", body["url"], None, token)[1])["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline, job
            time.sleep(0.3)
        assert job["state"] == "done" and job["size"] > 0
        group = list(_children(serve.pid))
        assert len(group) >= 2  # gunicorn's workers and `ledger worker`
    finally:
        os.kill(serve.pid, signal.SIGTERM)  # what stopping the command does
        serve.wait(timeout=60)
        log.close()
    time.sleep(1)
    left = [pid for pid in group if os.path.exists(f"/proc/{pid}") and
            open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"]
    assert left == [], (tmp_path / "serve.log").read_text()[-3000:]
