"""A small HTTP load generator: N threads, each with its own keep-alive connection
(http.client reconnects when the server closes it), sending a bounded number of
``POST`` requests of income bodies. Run as its own process so it does not share the
server's interpreter:

``python -m benchmarks.loadgen --port 8000 --path /api/v1/communities/c/incomes --token T
--connections 16 --requests 2000 --warmup 100``

Prints one JSON object: requests, seconds, requests_per_second, p50_ms, p90_ms, p99_ms,
max_ms, statuses.
"""
from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from collections import Counter
from itertools import count

from benchmarks.support import percentile


def body(i: int) -> bytes:
    amount = 1 + (i * 7919) % 50_000
    return json.dumps({"operator": "cafe", "occurred_on": "2026-03-05", "amount": f"{amount // 100}.{amount % 100:02d}",
                       "channel": "wechat"}).encode()


def fire(args, total: int, label: str) -> tuple[float, list[float], Counter]:
    """Send ``total`` requests over ``args.connections`` connections; wall seconds, latencies, statuses."""
    numbers = count()
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection(args.host, args.port, timeout=60)
        mine, codes = [], Counter()
        while (i := next(numbers)) < total:
            headers = {"Content-Type": "application/json", "Authorization": f"Bearer {args.token}",
                       "Idempotency-Key": f"{label}-{i}"}
            started = time.perf_counter()
            try:
                connection.request("POST", args.path, body=body(i), headers=headers)
                response = connection.getresponse()
                response.read()
                codes[response.status] += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                codes[exc.__class__.__name__] += 1
                connection.close()
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(codes)

    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--token", default="")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--label", default="load")
    args = parser.parse_args()
    if args.warmup:
        fire(args, args.warmup, f"{args.label}-warm")
    seconds, latencies, statuses = fire(args, args.requests, args.label)
    latencies.sort()
    print(json.dumps({"requests": len(latencies), "seconds": seconds,
                      "requests_per_second": len(latencies) / seconds,
                      "p50_ms": percentile(latencies, 0.5) * 1000, "p90_ms": percentile(latencies, 0.9) * 1000,
                      "p99_ms": percentile(latencies, 0.99) * 1000, "max_ms": latencies[-1] * 1000,
                      "statuses": {str(k): v for k, v in statuses.items()}}))


if __name__ == "__main__":
    main()
