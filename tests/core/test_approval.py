"""The disbursement state machine as a table: every (state, action) pair."""
from __future__ import annotations

import pytest

from ledger.core.approval import ACTIONS, STATES, next_state
from ledger.core.errors import InvalidTransition

ALLOWED = {
    ("draft", "submit"): "submitted",
    ("submitted", "approve"): "approved",
    ("submitted", "reject"): "rejected",
    ("approved", "pay"): "paid",
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_state_and_action(state, action):
    if (state, action) in ALLOWED:
        assert next_state(state, action) == ALLOWED[(state, action)]
    else:
        with pytest.raises(InvalidTransition) as refused:
            next_state(state, action)
        assert refused.value.code == "invalid_transition"


def test_states_only_move_forward():
    order = {"draft": 0, "submitted": 1, "approved": 2, "rejected": 2, "paid": 3}
    for state in STATES:
        for action in ACTIONS:
            try:
                assert order[next_state(state, action)] > order[state]
            except InvalidTransition:
                pass


@pytest.mark.parametrize("final", ["rejected", "paid"])
def test_final_states_accept_nothing(final):
    for action in ACTIONS:
        with pytest.raises(InvalidTransition):
            next_state(final, action)
