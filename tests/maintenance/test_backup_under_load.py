"""Backups taken while the service writes: four writer threads post incomes to a live
gunicorn server (four worker processes) while `ledger backup` runs again and again; every
archive is then restored into a fresh instance, where its chains must verify with the
heads its manifest names and every ledger invariant must hold. On both databases."""
from __future__ import annotations

import http.client
import json
import threading
import time
from pathlib import Path

import pytest

from ledger import create_app, db
from ledger.maintenance import backup as backups
from tests.reliability.conftest import server, server_database  # noqa: F401  (fixtures)
from tests.reliability.invariants import check_ledger

WRITERS = 4
BACKUPS = 5


def post(connection: http.client.HTTPConnection, token: str, path: str, body: dict) -> int:
    connection.request("POST", f"/api/v1/communities/fenghe{path}", body=json.dumps(body),
                       headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    response.read()
    return response.status


class Writer(threading.Thread):
    """Posts incomes one after another on its own connection until told to stop."""

    def __init__(self, port: int, token: str, operator: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.token, self.operator, self.stop = port, token, operator, stop
        self.posted, self.failed = 0, []

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        n = 0
        while not self.stop.is_set():
            n += 1
            status = post(connection, self.token, "/incomes", {
                "operator": self.operator, "amount": f"{1 + n % 97}.{n % 100:02d}", "channel": "wechat",
                "occurred_on": f"2026-03-{1 + n % 28:02d}"})
            if status == 201:
                self.posted += 1
            else:
                self.failed.append(status)
        connection.close()


@pytest.fixture
def busy(server):  # noqa: F811
    """The server with four operators, one writer thread each, posting until the test ends."""
    setup = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    token = server.tokens["officer"]
    for n in range(WRITERS):
        assert post(setup, token, "/operators", {"code": f"op{n}", "name": f"店{n}", "kind": "cafe",
                                                 "settlement": "community_collects"}) == 201
        assert post(setup, token, "/agreements", {"operator": f"op{n}", "effective_from": "2020-01-01",
                                                  "shares": [{"to": "public_benefit", "percent": "7.5"}]}) == 201
    setup.close()
    stop = threading.Event()
    writers = [Writer(server.port, token, f"op{n}", stop) for n in range(WRITERS)]
    for writer in writers:
        writer.start()
    yield writers
    stop.set()
    for writer in writers:
        writer.join(timeout=60)


def test_every_backup_taken_under_load_restores_and_verifies(server, busy, fresh_urls, tmp_path):  # noqa: F811
    instance = server.env["LEDGER_INSTANCE_DIR"]
    app = create_app({"DATABASE_URL": server.url, "INSTANCE_DIR": instance, "SECRET_KEY": "reliability"})
    manifests = []
    try:
        while sum(w.posted for w in busy) < 20:
            time.sleep(0.1)  # the writers are under way
        with app.app_context():
            for n in range(BACKUPS):
                manifests.append(backups.backup(app, tmp_path / f"under-load-{n}.backup"))
                time.sleep(0.3)
    finally:
        db.engine(app).dispose()
    for writer in busy:
        writer.stop.set()
        writer.join(timeout=60)
    assert all(not w.failed for w in busy), [w.failed for w in busy]
    heads = [m["chains"][0]["seq"] for m in manifests]
    assert heads == sorted(heads) and heads[-1] > heads[0], heads  # taken while the journal grew
    for n, manifest in enumerate(manifests):
        url, restored = fresh_urls(), tmp_path / f"restored-instance-{n}"
        target = create_app({"DATABASE_URL": url, "INSTANCE_DIR": str(restored), "SECRET_KEY": "x"})
        try:
            with target.app_context():
                assert backups.restore(target, tmp_path / f"under-load-{n}.backup") == manifest
                assert [h.seq for h in backups.chain_heads(target)] == [manifest["chains"][0]["seq"]]
        finally:
            db.engine(target).dispose()
        counts = check_ledger(url, str(Path(restored)))
        assert counts["transactions"] == manifest["chains"][0]["seq"]
        assert 0 < counts["incomes"] <= sum(w.posted for w in busy)
