"""Journal entries written like a worked ledger ("Dr 102.basic 1000.00", "Cr 301 1000.00"),
and amounts compared as Decimals, independently of ledger.core.money."""
from __future__ import annotations

from decimal import Decimal

JOURNAL = "/api/v1/communities/fenghe"
SIDES = {"Dr": "debit", "Cr": "credit"}


def postings(*lines: str) -> list[dict]:
    result = []
    for line in lines:
        side, account, amount = line.split()
        result.append({"account": account, SIDES[side]: amount})
    return result


def entry(day: str, *lines: str, description: str = "entry") -> dict:
    return {"occurred_on": day, "description": description, "postings": postings(*lines)}


def fen(text: str) -> int:
    """"12.30" -> 1230."""
    value = Decimal(text) * 100
    assert value == value.to_integral_value(), text
    return int(value)


def yuan(fen_amount: int) -> str:
    """1230 -> "12.30" (written the way the API writes amounts)."""
    return f"{Decimal(fen_amount) / 100:.2f}"


def signed(posting: dict) -> int:
    """A posting of an API answer as signed fen, debit > 0."""
    return fen(posting["debit"]) if "debit" in posting else -fen(posting["credit"])
