"""kill -9 in the middle of a stream of income posts: after a restart the database holds
whole transactions only, the chain verifies, and re-sending every request with its
Idempotency-Key posts exactly the missing incomes and nothing twice."""
from __future__ import annotations

import threading
import time

import pytest

from ledger.core.money import format_fen

from tests.reliability.invariants import check_ledger
from tests.reliability.test_load import setup_operators

REQUESTS = 400


def body(i: int) -> dict:
    return {"operator": ("cafe", "canteen", "parking", "market")[i % 4], "amount": format_fen(100 + i * 7),
            "channel": "cash", "occurred_on": f"2026-02-{1 + i % 28:02d}"}


def send_all(server, answers: dict, stop: threading.Event | None = None) -> None:
    for i in range(REQUESTS):
        if stop is not None and stop.is_set():
            return
        try:
            answers[i] = server.request("POST", "/api/v1/communities/fenghe/incomes", body(i),
                                        server.tokens["officer"], {"Idempotency-Key": f"stream-{i}"})[0]
        except OSError:  # the server died under us
            answers[i] = None


@pytest.mark.slow
def test_kill_nine_during_a_stream_of_incomes(server):
    setup_operators(server)
    answers: dict[int, int | None] = {}
    stream = threading.Thread(target=send_all, args=(server, answers, threading.Event()))
    stream.start()
    while len(answers) < REQUESTS // 3:
        time.sleep(0.01)
    server.kill()
    stream.join(timeout=60)
    after_crash = check_ledger(server.url, server.env["LEDGER_INSTANCE_DIR"])
    assert 0 < after_crash["incomes"] < REQUESTS
    assert after_crash["transactions"] == after_crash["incomes"]
    server.start()
    replies: dict[int, int | None] = {}
    send_all(server, replies)
    assert set(replies.values()) == {201}
    final = check_ledger(server.url, server.env["LEDGER_INSTANCE_DIR"])
    assert final["incomes"] == REQUESTS
    assert final["income_total"] == sum(100 + i * 7 for i in range(REQUESTS))
