"""Profile the service-layer posting path with pyinstrument (``pip install pyinstrument``).

``python -m benchmarks.profile_posting [--backend sqlite|postgresql] [--count N] [--batch B]``
prints where the time of ``record_income`` goes, as recorded in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse

from benchmarks import posting, support


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=support.BACKENDS, default="sqlite")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=posting.BATCH)
    parser.add_argument("--html", help="also write an HTML report to this file")
    args = parser.parse_args()
    from ledger import db
    with support.database(args.backend, "profile") as database:
        app = database.app()
        with app.app_context(), db.unit_of_work(app) as session:
            support.seed_community(session, "ours", percent=posting.PERCENT)
        posting.through_services(app, "ours", posting.incomes(50, 7), args.batch)  # warm up
        support.profiled(
            lambda: posting.through_services(app, "ours", posting.incomes(args.count, 8), args.batch),
            lambda seconds: f"{args.count / seconds:.0f} incomes/s ({args.backend}, {args.batch} per transaction)",
            html=args.html)
        db.engine(app).dispose()


if __name__ == "__main__":
    main()
