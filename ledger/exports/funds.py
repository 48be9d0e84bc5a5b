"""The fund statement (公益金收支表): per fund, the opening balance, inflows by operator,
outflows by project (or, for a trust fund, by expense item), other movements by source
and counter-account, and the closing balance.

Inflows by operator come from the split records (``SplitLine``): what each operator's
incomes, income reversals and declarations sent to the fund in the period. Every other
posting to a fund account (opening balances, transfers, disbursements) is grouped by
its transaction's source and counter-account. Fund accounts are credit-side: a credit
is an inflow, a debit an outflow. Outflows by project come from the paid
disbursements (``Disbursement.transaction_id``) and are lines of the same shape
(``FundLine``) as every other line.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.disbursements.models import Disbursement
from ledger.core.chart import normal_balance
from ledger.exports.errors import InconsistentExport
from ledger.funds.models import Fund
from ledger.incomes.models import Declaration, Income, SplitLine
from ledger.journal import balances
from ledger.journal.balances import fen_sum
from ledger.journal.models import Account, JournalTransaction, Posting
from ledger.operators.models import Operator
from ledger.projects.models import Project
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
    funds = session.execute(select(Fund.code, Fund.name, Account.id, Account.type)
                            .join(Account, Account.id == Fund.account_id)
                            .where(Fund.community_id == community.id).order_by(Fund.code)).all()
    if not funds:
        return []
    ids = [account_id for _, _, account_id, _ in funds]
    opening = balances.balances_at(session, community, start - timedelta(days=1))
    closing = balances.balances_at(session, community, end)
    inflows = operator_inflows(session, community, ids, start, end)
    others = other_movements(session, community, ids, start, end, lang)
    paid = project_outflows(session, community, ids, start, end)
    return [fund_statement(code, name, normal_balance(kind, opening.get(account_id, 0)),
                           normal_balance(kind, closing.get(account_id, 0)), inflows.get(account_id, []),
                           others.get(account_id, []), paid.get(account_id, []))
            for code, name, account_id, kind in funds]


def project_outflows(session: Session, community: Community, account_ids: list[int], start: date,
                     end: date) -> dict[int, list[tuple[str, int]]]:
    """Per fund account: (project, or expense item, fen) of the disbursements paid in the period."""
    rows = session.execute(
        select(Posting.account_id, Project.code, Project.name, Disbursement.item, fen_sum(Posting.amount))
        .join(Disbursement, Disbursement.transaction_id == Posting.transaction_id)
        .outerjoin(Project, Project.id == Disbursement.project_id)
        .where(Posting.community_id == community.id, Posting.account_id.in_(account_ids),
               Posting.occurred_on.between(start, end))
        .group_by(Posting.account_id, Project.code, Project.name, Disbursement.item)).all()
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for account_id, code, name, item, amount in rows:
        found[account_id].append((f"{name} ({code})" if code else (item or "—"), int(amount)))
    return {account_id: sorted(lines) for account_id, lines in found.items()}


def operator_inflows(session: Session, community: Community, account_ids: list[int], start: date,
                     end: date) -> dict[int, list[tuple[str, int]]]:
    """Per fund account: (operator label, fen) of the shares split to it in the period."""
    operator_id = func.coalesce(Income.operator_id, Declaration.operator_id).label("operator_id")
    rows = session.execute(
        select(SplitLine.account_id, operator_id, func.sum(SplitLine.amount))
        .join(JournalTransaction, JournalTransaction.id == SplitLine.transaction_id)
        .outerjoin(Income, Income.id == SplitLine.income_id)
        .outerjoin(Declaration, Declaration.id == SplitLine.declaration_id)
        .where(SplitLine.community_id == community.id, SplitLine.account_id.in_(account_ids),
               JournalTransaction.occurred_on.between(start, end))
        .group_by(SplitLine.account_id, operator_id)).all()
    names = {oid: f"{name} ({code})" for oid, code, name in session.execute(
        select(Operator.id, Operator.code, Operator.name).where(Operator.community_id == community.id))}
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for account_id, oid, amount in rows:
        found[account_id].append((names.get(oid, "—"), int(amount)))
    return {account_id: sorted(lines) for account_id, lines in found.items()}


def other_movements(session: Session, community: Community, account_ids: list[int], start: date, end: date,
                    lang: str) -> dict[int, list[tuple[str, int, int]]]:
    """Per fund account: (source · counter-account, inflow, outflow) of every posting in
    the period that no split record explains, summed in the database (a fund may have
    any number of them)."""
    other = aliased(Posting)
    opposite = or_(and_(Posting.amount < 0, other.amount > 0), and_(Posting.amount > 0, other.amount < 0))
    counters = [select(bound(other.account_id)).where(other.transaction_id == Posting.transaction_id, opposite)
                .scalar_subquery() for bound in (func.min, func.max)]
    side = case((Posting.amount < 0, 0), else_=1)
    split = exists().where(SplitLine.transaction_id == Posting.transaction_id,
                           SplitLine.account_id == Posting.account_id)
    disbursed = exists().where(Disbursement.transaction_id == Posting.transaction_id)
    rows = session.execute(
        select(Posting.account_id, JournalTransaction.source, counters[0].label("low"), counters[1].label("high"),
               side.label("side"), func.sum(Posting.amount))
        .join(JournalTransaction, JournalTransaction.id == Posting.transaction_id)
        .where(Posting.community_id == community.id, Posting.account_id.in_(account_ids),
               Posting.occurred_on.between(start, end), Posting.amount != 0, ~split, ~disbursed)
        .group_by(Posting.account_id, JournalTransaction.source, "low", "high", "side")).all()
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
