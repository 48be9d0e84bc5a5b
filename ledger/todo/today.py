"""Today at a glance: the incomes dated today by operator and channel, with totals, and
what their splits sent to each fund (or other share target). An income already reversed
counts for nothing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.funds.models import Fund
from ledger.incomes.models import Income, SplitLine
from ledger.journal.models import Account, JournalTransaction
from ledger.operators.models import Operator

_Reversal = aliased(JournalTransaction)


@dataclass(frozen=True, slots=True)
class Takings:
    operator: str
    operator_name: str
    channel: str
    count: int
    amount: int


@dataclass(frozen=True, slots=True)
class Sent:
    operator: str
    operator_name: str
    to: str  # fund code, or account code for a share to an account that is no fund
    to_name: str
    amount: int


@dataclass(frozen=True, slots=True)
class Glance:
    day: date
    takings: list[Takings]
    sent: list[Sent]

    @property
    def total(self) -> int:
        return sum(t.amount for t in self.takings)

    @property
    def count(self) -> int:
        return sum(t.count for t in self.takings)

    def by_channel(self) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for t in self.takings:
            totals[t.channel] = totals.get(t.channel, 0) + t.amount
        return sorted(totals.items())

    def by_fund(self) -> list[tuple[str, str, int]]:
        totals: dict[tuple[str, str], int] = {}
        for s in self.sent:
            totals[(s.to, s.to_name)] = totals.get((s.to, s.to_name), 0) + s.amount
        return [(to, name, amount) for (to, name), amount in sorted(totals.items())]


def _standing(community: Community, day: date):
    """Incomes of the community dated ``day`` and not reversed."""
    return (select(Income.id).outerjoin(_Reversal, _Reversal.reverses_id == Income.transaction_id)
            .where(Income.community_id == community.id, Income.occurred_on == day, _Reversal.id.is_(None)))


def glance(session: Session, community: Community, day: date) -> Glance:
    standing = _standing(community, day).subquery()
    takings = session.execute(
        select(Operator.code, Operator.name, Income.channel, func.count(Income.id), func.sum(Income.amount))
        .join(Operator, Operator.id == Income.operator_id).where(Income.id.in_(select(standing.c.id)))
        .group_by(Operator.code, Operator.name, Income.channel).order_by(Operator.code, Income.channel)).all()
    sent = session.execute(
        select(Operator.code, Operator.name, func.coalesce(Fund.code, Account.code),
               func.coalesce(Fund.name, Account.name), func.sum(SplitLine.amount))
        .join(Income, Income.transaction_id == SplitLine.transaction_id)
        .join(Operator, Operator.id == Income.operator_id)
        .join(Account, Account.id == SplitLine.account_id)
        .outerjoin(Fund, Fund.account_id == Account.id)
        .where(Income.id.in_(select(standing.c.id)), SplitLine.position >= 0)
        .group_by(Operator.code, Operator.name, Fund.code, Account.code, Fund.name, Account.name)
        .order_by(Operator.code, Account.code)).all()
    return Glance(day, [Takings(code, name, channel, int(n), int(total)) for code, name, channel, n, total in takings],
                  [Sent(code, name, to, to_name, int(total)) for code, name, to, to_name, total in sent])
