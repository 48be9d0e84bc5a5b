"""32 concurrent clients against the running server, each request sent twice with the same
Idempotency-Key: nothing lost, nothing duplicated, every share exact, the chain whole."""
from __future__ import annotations

import http.client
import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from ledger.core.money import format_fen, parse_amount

from tests.reliability.invariants import check_ledger

CLIENTS, PER_CLIENT = 32, 200
OPERATORS = ("cafe", "canteen", "parking", "market")


def setup_operators(server) -> None:
    token = server.tokens["officer"]
    for code, settlement in zip(OPERATORS, ("community_collects", "operator_collects") * 2):
        assert server.request("POST", "/api/v1/communities/fenghe/operators", {
            "code": code, "name": code, "kind": "other", "settlement": settlement}, token)[0] == 201
        shares = [{"to": "public_benefit", "tiers": [{"up_to": "1000.00", "percent": "5"},
                                                     {"up_to": None, "percent": "8.25"}]}]
        assert server.request("POST", "/api/v1/communities/fenghe/agreements", {
            "operator": code, "effective_from": "2026-01-01", "shares": shares}, token)[0] == 201


def client_run(server, number: int) -> tuple[int, int, list]:
    rng = random.Random(number)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    posted, total, problems = 0, 0, []
    for i in range(PER_CLIENT):
        body = {"operator": rng.choice(OPERATORS), "amount": format_fen(rng.randint(1, 99999)),
                "channel": "wechat", "occurred_on": f"2026-0{rng.randint(1, 3)}-{rng.randint(1, 28):02d}"}
        key = {"Idempotency-Key": f"client{number}-{i}"}
        first = server.request("POST", "/api/v1/communities/fenghe/incomes", body, server.tokens["officer"], key,
                               connection)
        again = server.request("POST", "/api/v1/communities/fenghe/incomes", body, server.tokens["officer"], key,
                               connection)
        if first[0] != 201 or again != first:
            problems.append((first, again))
        posted += 1
        total += parse_amount(body["amount"])
    connection.close()
    return posted, total, problems


@pytest.mark.slow
def test_thirty_two_clients_lose_and_duplicate_nothing(server, backend):
    if backend != "postgresql":
        pytest.skip("the concurrent-load scenario is run against PostgreSQL")
    setup_operators(server)
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda n: client_run(server, n), range(CLIENTS)))
    assert [p for _, _, p in results if p] == []
    counts = check_ledger(server.url, server.env["LEDGER_INSTANCE_DIR"])
    assert counts["incomes"] == CLIENTS * PER_CLIENT
    assert counts["transactions"] == CLIENTS * PER_CLIENT
    assert counts["income_total"] == sum(total for _, total, _ in results)
