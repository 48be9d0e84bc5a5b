"""The one definition of a fund's public inflow and outflow (ledger/funds/figures.py)."""
from __future__ import annotations

import pytest

from ledger.funds.figures import Flows, fund_flows, other_inflow, other_outflow


@pytest.mark.parametrize("debits, credits, taken_back, inflow, outflow", [
    (0, 0, 0, 0, 0),
    # shares of 1000.00 in; 200.00 of them taken back by a reversal; 300.00 paid out
    (500_00, 1200_00, 200_00, 1000_00, 300_00),
    # only a reversal in the month: a negative inflow, no outflow
    (20_00, 0, 20_00, -20_00, 0),
])
def test_a_reversal_is_a_negative_inflow_not_an_outflow(debits, credits, taken_back, inflow, outflow):
    flows = fund_flows(debits, credits, taken_back)
    assert flows == Flows(inflow, outflow)
    assert flows.inflow - flows.outflow == credits - debits  # the balance moves by exactly this


def test_the_other_parts_complete_operators_and_projects():
    flows = Flows(1350_00, 900_00)
    assert other_inflow(flows, 350_00) == 1000_00 and other_outflow(flows, 600_00) == 300_00
