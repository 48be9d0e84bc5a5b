"""The split engine: how an income, or a declared profit, is shared out.

An agreement's shares send a percentage of each settlement period's total (gross income
or net profit) to funds and accounts. A share is either flat or tiered (marginal
brackets over the period's cumulative amount, like income tax).

The period-exact rule: for every share and period, the fen posted add up to
``round_half_up(f(G))`` where G is the period total and f the share's rate function,
whatever the number, order, size and reversals of the incomes that make up G. Each
income therefore posts ``S(after) - S(before)`` against a per-period accumulator, and
the rest of the income (the remainder) goes to the agreement's ``remainder_to``.

Negative remainders are accepted. Rounding each share half up can hand out a little
more than the income: two 50 % shares of a 0.01 income post 0.01 each, leaving a
remainder of -0.01 that the next income gives back. With n shares an income's
remainder can be as low as 1 - n fen (four 25 % shares, total 0.01 -> 0.02: every share
steps to 0.01, remainder -0.03), and a period's running remainder never falls below
-(n // 2) fen. The postings of every income still balance exactly.

Pure: stdlib and ledger.core only. All rounding goes through money.round_half_up.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, Inexact, localcontext

from ledger.core.errors import ValidationFailed
from ledger.core.money import parse_amount, parse_percent, percent_of, round_half_up
from ledger.core.periods import MONTH, PERIOD_KINDS, period_key

GROSS = "gross"
NET_PROFIT = "net_profit"
BASES = (GROSS, NET_PROFIT)

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_UNREADABLE = object()  # a tier limit that did not parse (already reported)


@dataclass(frozen=True, slots=True)
class Tier:
    up_to: int | None  # cumulative period amount (fen) where this bracket ends; None = open-ended, last
    percent: Decimal


@dataclass(frozen=True, slots=True)
class Share:
    to: str  # account or fund code, resolved by the caller
    percent: Decimal | None = None  # flat share ...
    tiers: tuple[Tier, ...] = ()  # ... or marginal brackets over the period's cumulative amount

    def exact(self, total: int) -> Decimal:
        """f(G): the unrounded share of a period total, in (possibly fractional) fen."""
        if total <= 0:
            return _ZERO
        # Every value here is exact in 28 digits for any realistic total; trapping Inexact
        # makes an absurd one fail loudly instead of being rounded outside round_half_up.
        with localcontext() as context:
            context.traps[Inexact] = True
            if self.tiers:
                return _bracketed(self.tiers, total)
            return percent_of(total, self.percent)

    def amount(self, total: int) -> int:
        """The share of a period total, rounded half up to the fen."""
        return round_half_up(self.exact(total))

    def max_percent(self) -> Decimal:
        """The highest rate this share can take: what counts toward the 100 % ceiling."""
        if self.percent is not None:
            return self.percent
        return max(tier.percent for tier in self.tiers)


def _bracketed(tiers: tuple[Tier, ...], total: int) -> Decimal:
    """Marginal brackets: each tier's rate applies only to the part of the total inside it."""
    exact, floor = _ZERO, 0
    for tier in tiers:
        top = total if tier.up_to is None else min(total, tier.up_to)
        if top <= floor:
            break
        exact += percent_of(top - floor, tier.percent)
        floor = top
    return exact


@dataclass(frozen=True, slots=True)
class Terms:
    """The split-relevant part of an agreement."""

    basis: str  # GROSS | NET_PROFIT
    period: str  # MONTH | QUARTER | YEAR
    shares: tuple[Share, ...]
    minimum: int | None = None  # net_profit only: floor per period per share (保底), fen


@dataclass(frozen=True, slots=True)
class Split:
    shares: tuple[int, ...]  # fen per share, in Terms.shares order; negative for reversals
    remainder: int  # amount - sum(shares); may be slightly negative (see module docstring)


# -- the engine -------------------------------------------------------------------------
def split_income(terms: Terms, before: int, amount: int) -> Split:
    """Split one income (or a reversal, amount < 0) that moves the period total from
    ``before`` to ``before + amount``. Each share posts S(after) - S(before), so the
    shares of a period always add up to the rounded share of its total."""
    after = before + amount
    if before < 0 or after < 0:
        raise ValueError(f"a period total cannot be negative (before {before}, after {after})")
    shares = tuple(share.amount(after) - share.amount(before) for share in terms.shares)
    return Split(shares, amount - sum(shares))


def period_total_shares(terms: Terms, total: int) -> tuple[int, ...]:
    """What each share comes to over a whole period of ``total`` fen."""
    return tuple(share.amount(total) for share in terms.shares)


def declaration_due(terms: Terms, profit: int) -> tuple[int, ...]:
    """Net-profit basis: each share of the declared profit, a loss counting as zero,
    but never below the agreed minimum."""
    floor = terms.minimum or 0
    return tuple(max(floor, share.amount(max(profit, 0))) for share in terms.shares)


def share_due(terms: Terms, share: Share, total: int) -> int:
    """What one share comes to over a whole period whose basis is ``total``: the share
    rounded once (gross), or for net profit the share of the profit (a loss counting
    as zero) but never below the minimum. Every figure it needs is on the row that
    shows it, so the row can be recomputed by hand."""
    if terms.basis == NET_PROFIT:
        return max(terms.minimum or 0, share.amount(max(total, 0)))
    return share.amount(total)


def simulate(terms: Terms, amounts: list[tuple[date, int]]) -> list[dict]:
    """Run the engine over dated amounts, in the order given, writing nothing.
    Each settlement period keeps its own accumulator, as the ledger does."""
    totals: dict[str, int] = {}
    rows = []
    for occurred_on, amount in amounts:
        key = period_key(occurred_on, terms.period)
        split = split_income(terms, totals.get(key, 0), amount)
        totals[key] = totals.get(key, 0) + amount
        rows.append({"occurred_on": occurred_on, "period": key, "amount": amount,
                     "shares": split.shares, "remainder": split.remainder})
    return rows


# -- parsing: every problem is collected, then reported at once --------------------------
def parse_terms(data: dict) -> Terms:
    """Terms from JSON-shaped data. Other agreement fields in ``data`` are ignored."""
    if not isinstance(data, dict):
        raise ValidationFailed.on("terms", "the agreement terms must be an object")
    errors: dict[str, list[str]] = {}
    basis = _choice(data, "basis", BASES, GROSS, errors)
    period = _choice(data, "period", PERIOD_KINDS, MONTH, errors)
    shares = _parse_shares(data.get("shares"), errors)
    minimum = _parse_minimum(data.get("minimum"), basis, errors)
    if errors:
        raise ValidationFailed("the agreement terms are not valid", errors)
    return Terms(basis, period, shares, minimum)


def _add(errors: dict[str, list[str]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _choice(data: dict, field: str, allowed: tuple[str, ...], default: str, errors) -> str | None:
    value = data.get(field)
    if value is None:
        return default
    if not isinstance(value, str) or value not in allowed:
        _add(errors, field, f"must be one of: {', '.join(allowed)}")
        return None
    return value


def _parse_minimum(raw: object, basis: str | None, errors) -> int | None:
    if raw is None:
        return None
    if basis == GROSS:
        _add(errors, "minimum", "a minimum (保底) applies only to net-profit agreements")
        return None
    return _amount(raw, "minimum", errors)


def _parse_shares(raw: object, errors) -> tuple[Share, ...]:
    if not isinstance(raw, list) or not raw:
        _add(errors, "shares", "at least one share is required")
        return ()
    parsed = [_parse_share(item, f"shares.{i}", errors) for i, item in enumerate(raw)]
    _check_distinct_destinations(raw, errors)
    shares = tuple(share for share in parsed if share is not None)
    # Checked on the valid shares alone: if they already exceed 100 % the whole set does.
    if sum(share.max_percent() for share in shares) > _HUNDRED:
        _add(errors, "shares", "the shares add up to more than 100 % (tiers count at their highest rate)")
    return shares


def _check_distinct_destinations(raw: list, errors) -> None:
    seen: set[str] = set()
    for i, item in enumerate(raw):
        to = item.get("to") if isinstance(item, dict) else None
        if not isinstance(to, str):
            continue  # reported by _parse_share
        if to in seen:
            _add(errors, f"shares.{i}.to", f"{to!r} already has a share in this agreement")
        seen.add(to)


def _parse_share(item: object, key: str, errors) -> Share | None:
    if not isinstance(item, dict):
        _add(errors, key, "a share must be an object")
        return None
    to = item.get("to")
    if not isinstance(to, str) or not to.strip():
        _add(errors, f"{key}.to", "a share needs the code of the account or fund it goes to")
        to = None
    if (item.get("percent") is None) == (item.get("tiers") is None):
        _add(errors, key, "a share has either a percent or tiers, not both and not neither")
        return None
    if item.get("percent") is not None:
        percent = _percent(item["percent"], f"{key}.percent", errors)
        return Share(to, percent) if to and percent is not None else None
    tiers = _parse_tiers(item["tiers"], f"{key}.tiers", errors)
    return Share(to, tiers=tiers) if to and tiers else None


def _parse_tiers(raw: object, key: str, errors) -> tuple[Tier, ...] | None:
    if not isinstance(raw, list) or not raw:
        _add(errors, key, "tiers must be a non-empty list")
        return None
    parsed = [_parse_tier(item, f"{key}.{i}", errors) for i, item in enumerate(raw)]
    # Limits are checked even when a rate is wrong, so both problems are reported together.
    limits_ok = _check_tier_limits([up_to for up_to, _ in parsed], key, errors)
    if not limits_ok or any(up_to is _UNREADABLE or rate is None for up_to, rate in parsed):
        return None
    return tuple(Tier(up_to, rate) for up_to, rate in parsed)


def _parse_tier(item: object, key: str, errors) -> tuple[object, Decimal | None]:
    """(up_to, percent): up_to is _UNREADABLE and percent None where they fail to parse."""
    if not isinstance(item, dict):
        _add(errors, key, "a tier must be an object")
        return _UNREADABLE, None
    raw_limit = item.get("up_to")
    up_to = None if raw_limit is None else _amount(raw_limit, f"{key}.up_to", errors)
    if raw_limit is not None and up_to is None:
        up_to = _UNREADABLE
    return up_to, _percent(item.get("percent"), f"{key}.percent", errors)


def _check_tier_limits(limits: list, key: str, errors) -> bool:
    """Brackets start at zero and rise strictly; only the last is open-ended (up_to null)."""
    ok, floor, last = True, 0, len(limits) - 1
    for i, up_to in enumerate(limits):
        if up_to is _UNREADABLE:
            continue
        problem = None
        if i == last and up_to is not None:
            problem = "the last tier must be open-ended (up_to null)"
        elif i < last and up_to is None:
            problem = "only the last tier may be open-ended; give this one an up_to"
        elif up_to is not None and up_to <= floor:
            problem = "tier limits must rise strictly, starting above zero"
        if problem:
            _add(errors, f"{key}.{i}.up_to", problem)
            ok = False
        floor = max(floor, up_to or 0)
    return ok


def _percent(raw: object, key: str, errors) -> Decimal | None:
    try:
        return parse_percent(raw)
    except ValidationFailed as exc:
        _add(errors, key, exc.message)
        return None


def _amount(raw: object, key: str, errors) -> int | None:
    try:
        return parse_amount(raw)
    except ValidationFailed as exc:
        _add(errors, key, exc.message)
        return None
