"""The agreement form as plain fields, and the agreement body the API takes.

Shares are rows of three fields: ``shares-N-to``, ``shares-N-percent`` and
``shares-N-tiers``. Tiers are typed one bracket per line, "up-to-amount percent", the
last line starting with "*" (no upper limit):

    10000.00 5
    * 10

static/js/agreement-preview.js reads the same fields the same way for the live preview.
"""
from __future__ import annotations

import re

from ledger.agreements.models import Agreement
from ledger.core.money import format_fen
from ledger.web.forms import Form

SCALARS = ("operator", "category", "basis", "period", "effective_from", "effective_to", "remainder_to",
           "minimum", "note")
TERMS = ("basis", "period", "remainder_to", "minimum")
SHARE_PARTS = ("to", "percent", "tiers")
DEFAULT_ROWS, MAX_ROWS = 3, 20
OPEN_ENDED = {"*", "-", "∞", ""}
_SEPARATORS = re.compile(r"[\s,，:：=%]+")
TIERS_HELP = "each line: the amount up to which a rate applies and the rate; the last line: * and the rate"


def row_count(form: Form) -> int:
    try:
        wanted = int(form.get("rows") or DEFAULT_ROWS)
    except ValueError:
        wanted = DEFAULT_ROWS
    filled = [i for i in range(MAX_ROWS) if any(form.get(f"shares-{i}-{p}").strip() for p in SHARE_PARTS)]
    return max(1, min(MAX_ROWS, max(wanted, (filled[-1] + 1) if filled else 0)))


def compact(form: Form) -> None:
    """Renumber the filled share rows 0, 1, 2 ... so that error keys (shares.0.to) and the
    rows on the page line up."""
    rows = row_count(form)
    filled = [{p: form.get(f"shares-{i}-{p}") for p in SHARE_PARTS} for i in range(rows)
              if any(form.get(f"shares-{i}-{p}").strip() for p in SHARE_PARTS)]
    for i in range(rows):
        for part in SHARE_PARTS:
            form.values.pop(f"shares-{i}-{part}", None)
    for i, share in enumerate(filled):
        for part, value in share.items():
            form.values[f"shares-{i}-{part}"] = value
    form.values["rows"] = str(max(rows, len(filled)))


def parse_tiers(text: str) -> list[dict] | None:
    """Tier lines as the API's [{"up_to": "10000.00" | None, "percent": "5"}], or None if unreadable."""
    tiers = []
    for line in text.strip().splitlines():
        if not line.strip():
            continue
        words = [w for w in _SEPARATORS.split(line.strip()) if w]
        if len(words) == 1 and line.strip()[0] in "*-∞":
            words = ["*", *words[0].lstrip("*-∞").split()]
        if len(words) != 2:
            return None
        tiers.append({"up_to": None if words[0] in OPEN_ENDED else words[0], "percent": words[1]})
    return tiers or None


def terms_body(form: Form, keys: tuple[str, ...] = SCALARS) -> tuple[dict, dict[str, list[str]]]:
    """The body the API takes, from the (compacted) form, and the rows it could not read."""
    body = {k: form.get(k).strip() for k in keys if form.get(k).strip()}
    shares, problems = [], {}
    for i in range(row_count(form)):
        to, percent, tiers = (form.get(f"shares-{i}-{p}").strip() for p in SHARE_PARTS)
        if not (to or percent or tiers):
            continue
        share = {"to": to} if to else {}
        if percent:
            share["percent"] = percent.rstrip("%").strip()
        if tiers:
            parsed = parse_tiers(tiers)
            if parsed is None:
                problems[f"shares.{i}.tiers"] = [TIERS_HELP]
            else:
                share["tiers"] = parsed
        shares.append(share)
    if shares:
        body["shares"] = shares
    return body, problems


def values_of(agreement: Agreement, operator_code: str, remainder_code: str) -> dict[str, str]:
    """Form values that start a new version of an agreement (dates left to fill)."""
    values = {"operator": operator_code, "category": agreement.category or "", "basis": agreement.basis,
              "period": agreement.period, "remainder_to": remainder_code,
              "minimum": format_fen(agreement.minimum) if agreement.minimum is not None else "",
              "rows": str(max(DEFAULT_ROWS, len(agreement.shares)))}
    for i, share in enumerate(agreement.shares):
        values[f"shares-{i}-to"] = share["to"]
        values[f"shares-{i}-percent"] = share.get("percent") or ""
        values[f"shares-{i}-tiers"] = "\n".join(
            f"{tier['up_to'] or '*'} {tier['percent']}" for tier in share.get("tiers") or ())
    return values
