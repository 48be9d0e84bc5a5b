"""Run the benchmark modules and print one table.

``python -m benchmarks [--scale tiny|small|full] [--only NAME ...] [--markdown] [--json FILE]``

Exit status 1 when a module raised (its row says why); a module that cannot be imported,
or a backend that is not reachable, is reported in a note row and does not fail the run.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback

from benchmarks import support

# The benchmark modules, in the order they run. Each follows the contract in benchmarks/__init__.py.
MODULES = ("posting", "api", "balances", "verify", "imports", "workbook", "public_pages", "proofs")

FAILED = "failed: "


def run_module(name: str, scale: str) -> list[dict]:
    """The rows of one module, or a single note row saying why there are none."""
    try:
        module = importlib.import_module(f"benchmarks.{name}")
    except Exception as exc:  # a module still being written, or a missing dependency
        return [support.note_row(name, f"skipped: cannot import ({exc.__class__.__name__}: {exc})")]
    own_scale = scale if scale in getattr(module, "SCALES", ("small", "full")) else "small"
    try:
        rows = support.check_rows(module.run(own_scale), name)
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        return [support.note_row(name, f"{FAILED}{exc.__class__.__name__}: {exc}")]
    if own_scale != scale:
        rows = [{**r, "note": f"{r['note']} (scale {own_scale})".strip()} for r in rows]
    return rows


def run_suite(scale: str, only: list[str] | None = None) -> list[dict]:
    rows = []
    for name in MODULES:
        if only and name not in only:
            continue
        support.progress(f"{name}: starting at scale {scale}")
        started = time.perf_counter()
        rows += run_module(name, scale)
        support.progress(f"{name}: done in {time.perf_counter() - started:.1f} s")
    return rows


def failed(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["note"].startswith(FAILED)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=support.SCALES, default="small",
                        help="small: minutes on two cores (CI); full: the sizes the product promises")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=MODULES, help="run only these modules")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument("--json", metavar="FILE", help="also write the rows and the machine to FILE")
    args = parser.parse_args(argv)
    machine = support.machine()
    support.progress("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    started = time.perf_counter()
    rows = run_suite(args.scale, args.only)
    elapsed = time.perf_counter() - started
    print(support.markdown_table(rows) if args.markdown else support.format_table(rows))
    print(f"\nscale {args.scale}; {elapsed:.0f} s in all")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"scale": args.scale, "seconds": elapsed, "machine": machine, "rows": rows}, handle,
                      ensure_ascii=False, indent=2)
    return 1 if failed(rows) else 0
