"""What residents read as a fund's inflows and outflows: the one definition.

A fund account is credited by the shares of operators' incomes (and declarations) and
by other money paid in (an opening balance, a transfer); it is debited by payments and
transfers out, and by shares taken back when an income is reversed or a declaration is
corrected downwards. For residents a share taken back is a negative inflow of the
operator, not an outflow, so:

- inflow  = credits - shares taken back  (= net shares of operators + other inflow)
- outflow = debits  - shares taken back  (= paid to projects + other outflow)
- balance at the end = balance at the start + inflow - outflow.

Payments are never reversed (a disbursement, once paid, stays paid), so outflows by
project are the paid disbursements by payment date. Pure: plain integers in fen.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Flows:
    inflow: int
    outflow: int


def fund_flows(debits: int, credits: int, shares_taken_back: int) -> Flows:
    """A fund's public inflow and outflow from its account's debits and credits and the
    part of the debits that took shares back (reversals, corrected declarations)."""
    return Flows(credits - shares_taken_back, debits - shares_taken_back)


def other_inflow(flows: Flows, operator_shares: int) -> int:
    """The inflow not explained by operators' net shares."""
    return flows.inflow - operator_shares


def other_outflow(flows: Flows, project_payments: int) -> int:
    """The outflow not explained by payments to projects (transfers, item expenses)."""
    return flows.outflow - project_payments
