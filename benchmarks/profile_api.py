"""Profile one ``POST .../incomes`` request in process with pyinstrument (``pip install
pyinstrument``): the whole Flask request (authentication, body parsing, idempotency,
posting, the answer, the commit), without gunicorn or the network.

``python -m benchmarks.profile_api [--backend sqlite|postgresql] [--count N]`` prints the
rate and where the time goes, as recorded in BENCHMARKS.md (api).
"""
from __future__ import annotations

import argparse
import time

from benchmarks import api, loadgen, support


def post_many(client, token: str, start: int, count: int) -> float:
    """Send ``count`` income requests one after another; return the wall seconds."""
    path = api.PATH.format(c="bench")
    started = time.perf_counter()
    for i in range(start, start + count):
        response = client.post(path, data=loadgen.body(i), headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {token}",
            "Idempotency-Key": f"profile-{i}"})
        if response.status_code != 201:
            raise AssertionError(f"{response.status_code}: {response.get_data(as_text=True)[:500]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=support.BACKENDS, default="sqlite")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--no-profile", action="store_true", help="only time the requests")
    parser.add_argument("--html", help="also write an HTML report to this file")
    args = parser.parse_args()
    from ledger import db
    with support.database(args.backend, "profile") as database:
        token = api.prepare(database)
        app = database.app()
        client = app.test_client()
        post_many(client, token, 0, 100)  # warm up
        support.profiled(
            lambda: post_many(client, token, 100, args.count),
            lambda seconds: f"{args.count / seconds:.0f} requests/s, {1000 * seconds / args.count:.2f} ms each "
                            f"({args.backend}, one after another, in process)",
            html=args.html, enabled=not args.no_profile)
        db.engine(app).dispose()


if __name__ == "__main__":
    main()
