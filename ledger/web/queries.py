"""Reads that only the workspace pages need (lists for pickers, recent entries, the split
of one income). Plain selects; every write goes through the domain services."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.agreements.models import Agreement
from ledger.communities.models import Community
from ledger.funds.models import Fund
from ledger.incomes.models import Income, SplitLine
from ledger.incomes.splitting import REMAINDER
from ledger.journal.models import Account, ClosedPeriod, JournalTransaction, Posting, ReversalReason
from ledger.operators.models import Operator

_Reversal = aliased(JournalTransaction)


@dataclass(frozen=True, slots=True)
class IncomeRow:
    income: Income
    operator_code: str
    operator_name: str
    seq: int
    reversed_by: int | None
    reversal_reason: str | None = None  # staff only, as the officer typed it


def _income_rows(community: Community):
    return (select(Income, Operator.code, Operator.name, JournalTransaction.seq, _Reversal.seq, ReversalReason.reason)
            .join(Operator, Operator.id == Income.operator_id)
            .join(JournalTransaction, JournalTransaction.id == Income.transaction_id)
            .outerjoin(_Reversal, _Reversal.reverses_id == Income.transaction_id)
            .outerjoin(ReversalReason, ReversalReason.transaction_id == _Reversal.id)
            .where(Income.community_id == community.id))


def recent_incomes(session: Session, community: Community, limit: int = 20) -> list[IncomeRow]:
    """The latest entries, newest first (the entry desk's list)."""
    rows = session.execute(_income_rows(community).order_by(Income.id.desc()).limit(limit))
    return [IncomeRow(*row) for row in rows]


def income_row(session: Session, community: Community, income_id: int) -> IncomeRow | None:
    row = session.execute(_income_rows(community).where(Income.id == income_id)).first()
    return IncomeRow(*row) if row else None


@dataclass(frozen=True, slots=True)
class SplitPart:
    position: int  # -1: the remainder
    account: str
    account_name: str
    amount: int

    @property
    def is_remainder(self) -> bool:
        return self.position == REMAINDER


def split_of(session: Session, transaction_id: int) -> list[SplitPart]:
    """How one posted income (or reversal) was split, shares first, the remainder last."""
    rows = session.execute(select(SplitLine.position, Account.code, Account.name, SplitLine.amount)
                           .join(Account, Account.id == SplitLine.account_id)
                           .where(SplitLine.transaction_id == transaction_id))
    parts = [SplitPart(*row) for row in rows]
    return sorted(parts, key=lambda p: (p.is_remainder, p.position))


def account_names(session: Session, community: Community, codes: set[str]) -> dict[str, str]:
    """Names of share targets: a fund code names its fund, an account code its account."""
    names = {}
    if codes:
        names.update(session.execute(select(Fund.code, Fund.name).where(
            Fund.community_id == community.id, Fund.code.in_(codes))).all())
        names.update({code: name for code, name in session.execute(select(Account.code, Account.name).where(
            Account.community_id == community.id, Account.code.in_(codes - names.keys()))).all()})
    return names


def share_targets(session: Session, community: Community) -> list[tuple[str, str]]:
    """(code, name) of the funds, then of the fund and liability accounts: where shares usually go."""
    funds = session.execute(select(Fund.code, Fund.name).where(Fund.community_id == community.id)
                            .order_by(Fund.code)).all()
    accounts = session.execute(select(Account.code, Account.name).where(
        Account.community_id == community.id, Account.type.in_(("equity", "liability")))
        .order_by(Account.code)).all()
    return [tuple(row) for row in funds] + [tuple(row) for row in accounts]


def agreements_with_operators(session: Session, community: Community) -> list[tuple[Agreement, str, str, str]]:
    """(agreement, operator code, operator name, remainder account code), newest first per operator."""
    return [tuple(row) for row in session.execute(
        select(Agreement, Operator.code, Operator.name, Account.code)
        .join(Operator, Operator.id == Agreement.operator_id)
        .join(Account, Account.id == Agreement.remainder_account_id)
        .where(Agreement.community_id == community.id)
        .order_by(Operator.code, Agreement.category, Agreement.effective_from.desc()))]


def month_activity(session: Session, community: Community, first, last) -> tuple[int, int]:
    """(transactions, total debits in fen) dated inside a month: what closing it will freeze."""
    count = session.execute(select(func.count()).select_from(JournalTransaction).where(
        JournalTransaction.community_id == community.id,
        JournalTransaction.occurred_on.between(first, last))).scalar_one()
    debits = session.execute(select(func.coalesce(func.sum(Posting.amount), 0)).where(
        Posting.community_id == community.id, Posting.amount > 0,
        Posting.occurred_on.between(first, last))).scalar_one()
    return count, int(debits)


def closed_months(session: Session, community: Community, limit: int = 12) -> list[ClosedPeriod]:
    return list(session.execute(select(ClosedPeriod).where(ClosedPeriod.community_id == community.id)
                                .order_by(ClosedPeriod.month.desc()).limit(limit)).scalars())


def last_operator_of(session: Session, community: Community, username: str) -> str | None:
    """The operator of the latest income this person recorded here."""
    return session.execute(select(Operator.code).join(Income, Income.operator_id == Operator.id).where(
        Income.community_id == community.id, Income.created_by == username)
        .order_by(Income.id.desc()).limit(1)).scalar_one_or_none()
