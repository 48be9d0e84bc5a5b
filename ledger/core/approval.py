"""The life of a disbursement: draft -> submitted -> approved | rejected -> paid.

States only move forward along these transitions; ``rejected`` and ``paid`` are final.
"""
from __future__ import annotations

from ledger.core.errors import InvalidTransition

DRAFT, SUBMITTED, APPROVED, REJECTED, PAID = "draft", "submitted", "approved", "rejected", "paid"
STATES = (DRAFT, SUBMITTED, APPROVED, REJECTED, PAID)
SUBMIT, APPROVE, REJECT, PAY = "submit", "approve", "reject", "pay"
ACTIONS = (SUBMIT, APPROVE, REJECT, PAY)

TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, SUBMIT): SUBMITTED,
    (SUBMITTED, APPROVE): APPROVED,
    (SUBMITTED, REJECT): REJECTED,
    (APPROVED, PAY): PAID,
}


def next_state(state: str, action: str) -> str:
    """The state ``action`` leads to from ``state``; InvalidTransition (409) if none."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        allowed = sorted(a for (s, a) in TRANSITIONS if s == state)
        hint = f"; possible now: {', '.join(allowed)}" if allowed else "; it is final"
        raise InvalidTransition(f"cannot {action} a disbursement that is {state}{hint}",
                                {"state": [state]}) from None
