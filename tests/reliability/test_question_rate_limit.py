"""The questions' rate limit holds under real concurrency: 16 clients post at the same
instant from one address to gunicorn with 4 worker processes, on SQLite and PostgreSQL.
Exactly QUESTION_RATE_LIMIT questions are stored, every other post is a 429, and the
counter saw every post once."""
from __future__ import annotations

import http.client
import json
import threading

from sqlalchemy import create_engine, text

CLIENTS, LIMIT = 16, 5
PATH = "/api/v1/communities/fenghe/questions"


def post_together(server, count: int) -> list[int]:
    """``count`` POSTs released at the same moment, each on its own connection."""
    barrier, statuses = threading.Barrier(count), [None] * count
    connections = [http.client.HTTPConnection("127.0.0.1", server.port, timeout=60) for _ in range(count)]
    for connection in connections:
        connection.connect()

    def send(index: int) -> None:
        body = json.dumps({"about": {"kind": "operator", "ref": "cafe"}, "text": f"问题 {index}",
                           "contact": "13800000000"})
        barrier.wait()
        connections[index].request("POST", PATH, body=body, headers={"Content-Type": "application/json"})
        response = connections[index].getresponse()
        response.read()
        statuses[index] = response.status

    threads = [threading.Thread(target=send, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for connection in connections:
        connection.close()
    return statuses


def test_sixteen_concurrent_posts_from_one_address(server):
    status, body = server.request("POST", "/api/v1/communities/fenghe/operators", {
        "code": "cafe", "name": "邻里咖啡吧", "kind": "cafe", "settlement": "community_collects"},
        token=server.tokens["officer"])
    assert status == 201, body
    statuses = post_together(server, CLIENTS)
    assert sorted(statuses) == [201] * LIMIT + [429] * (CLIENTS - LIMIT), statuses
    engine = create_engine(server.url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM question")).scalar_one()
        hits = connection.execute(text("SELECT sum(hits) FROM rate_window WHERE scope = 'question'")).scalar_one()
    engine.dispose()
    assert (stored, hits) == (LIMIT, CLIENTS)
