"""The fund statement (公益金收支表): per fund, the opening balance, inflows by operator,
outflows by project (or, for a trust fund, by expense item), other movements by source
and counter-account, and the closing balance.

The opening and closing balances, the inflows by operator (net shares: a reversed share
is a negative inflow) and the outflows by project are the fund figures of
``ledger/funds/figures.py``, the same as the API's and the public pages'. What no share
and no payment explains (opening balances, transfers, reversed hand-posted entries, a
remainder sent to a fund) is grouped by its transaction's source and counter-account:
a credit is an inflow, a debit an outflow. Every line has the same shape (``FundLine``).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.disbursements.models import Disbursement
from ledger.exports.errors import InconsistentExport
from ledger.funds.figures import ProjectOutflow, fund_figures
from ledger.incomes.models import SplitLine
from ledger.journal.models import Account, JournalTransaction, Posting
from reports import labels
from reports.model import INFLOW, OUTFLOW, FundLine, FundStatement



def fund_statement(code: str, name: str, opening: int, closing: int, operator_inflows: list[tuple[str, int]],
                   movements: list[tuple[str, int, int]],
                   project_outflows: list[tuple[str, int]] = ()) -> FundStatement:
    """One fund's statement from its inflows by operator, its outflows by project and its
    other movements ``(label, inflow, outflow)``; refuses figures that do not add up to
    the closing balance."""
    lines = [FundLine(INFLOW, label, amount) for label, amount in operator_inflows if amount]
    lines += [FundLine(OUTFLOW, label, amount) for label, amount in project_outflows if amount]
    lines += [FundLine(INFLOW, label, inflow) for label, inflow, _ in movements if inflow]
    lines += [FundLine(OUTFLOW, label, outflow) for label, _, outflow in movements if outflow]
    statement = FundStatement(code, name, opening, tuple(lines), closing)
    if opening + statement.total(INFLOW) - statement.total(OUTFLOW) != closing:
        raise InconsistentExport(f"fund {code}: opening {opening} + inflows {statement.total(INFLOW)} - outflows "
                                 f"{statement.total(OUTFLOW)} is not the closing balance {closing}")
    return statement


def fund_statements(session: Session, community: Community, start: date, end: date, lang: str) -> list[FundStatement]:
    figures = sorted(fund_figures(session, community, start, end), key=lambda f: f.fund.code)
    if not figures:
        return []
    others = other_movements(session, community, [f.fund.account_id for f in figures], start, end, lang)
    return [fund_statement(f.fund.code, f.fund.name, f.opening, f.closing,
                           sorted((f"{line.name} ({line.operator})", line.amount) for line in f.inflows),
                           others.get(f.fund.account_id, []),
                           sorted((_outflow_label(line), line.amount) for line in f.outflows))
            for f in figures]


def _outflow_label(line: ProjectOutflow) -> str:
    return f"{line.name} ({line.project})" if line.project else (line.item or "—")


def other_movements(session: Session, community: Community, account_ids: list[int], start: date, end: date,
                    lang: str) -> dict[int, list[tuple[str, int, int]]]:
    """Per fund account: (source · counter-account, inflow, outflow) of what the postings of
    the period hold beyond the shares of the same transaction and account, payments left
    out, summed in the database (a fund may have any number of them)."""
    moved = (select(Posting.transaction_id, Posting.account_id, func.sum(Posting.amount).label("amount"))
             .where(Posting.community_id == community.id, Posting.account_id.in_(account_ids),
                    Posting.occurred_on.between(start, end))
             .group_by(Posting.transaction_id, Posting.account_id).subquery())
    shares = (select(func.coalesce(func.sum(SplitLine.amount), 0))  # a share credited is a positive split line
              .where(SplitLine.transaction_id == moved.c.transaction_id, SplitLine.account_id == moved.c.account_id,
                     SplitLine.position >= 0).scalar_subquery())
    rest = select(moved.c.transaction_id, moved.c.account_id, (moved.c.amount + shares).label("amount")).subquery()
    other = aliased(Posting)
    opposite = or_(and_(rest.c.amount < 0, other.amount > 0), and_(rest.c.amount > 0, other.amount < 0))
    counters = [select(bound(other.account_id)).where(other.transaction_id == rest.c.transaction_id, opposite)
                .scalar_subquery() for bound in (func.min, func.max)]
    side = case((rest.c.amount < 0, 0), else_=1)
    disbursed = exists().where(Disbursement.transaction_id == rest.c.transaction_id)
    rows = session.execute(
        select(rest.c.account_id, JournalTransaction.source, counters[0].label("low"), counters[1].label("high"),
               side.label("side"), func.sum(rest.c.amount))
        .join(JournalTransaction, JournalTransaction.id == rest.c.transaction_id)
        .where(rest.c.amount != 0, ~disbursed)
        .group_by(rest.c.account_id, JournalTransaction.source, "low", "high", "side")).all()
    names = _account_names(session, {low for _, _, low, high, _, _ in rows if low == high})
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for account_id, source, low, high, outflow, amount in rows:
        counter = names.get(low, "") if low == high and low is not None else labels.text("funds.various", lang)
        label = f"{labels.text_or(f'source.{source}', lang, source)} · {counter}"
        totals[(account_id, label)][outflow] += abs(int(amount))
    found: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for (account_id, label), (inflow, outflow) in sorted(totals.items()):
        found[account_id].append((label, inflow, outflow))
    return found


def _account_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {account_id: f"{code} {name}" for account_id, code, name in session.execute(
        select(Account.id, Account.code, Account.name).where(Account.id.in_(ids)))}
