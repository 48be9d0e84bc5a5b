"""Recording incomes and reversing them: one balanced transaction each, split by the
agreement in force under the period-exact rule (see ledger/core/splits.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.agreements import services as agreements
from ledger.agreements.models import Agreement
from ledger.communities.models import Community
from ledger.core.chart import CHANNEL_ACCOUNTS
from ledger.core.errors import NotFound, ValidationFailed
from ledger.core.journal import Entry
from ledger.core.periods import period_key
from ledger.core.splits import split_income
from ledger.incomes.models import Income
from ledger.incomes.splitting import Allocation, add_to_accumulator, lock_accumulator, record_split, split_lines
from ledger.journal import account_keys
from ledger.journal.models import Account, JournalTransaction
from ledger.journal.services import (Posted, ensure_open, ensure_reversible, keep_reason, post_entry,
                                     reversal_description)
from ledger.operators.models import Operator
from ledger.operators.services import find_operator


_ACCOUNT_CODE = select(Account.code).where(Account.id == bindparam("account_id"))
# An income is written with one Core INSERT (no unit-of-work flush); the Income returned is not
# attached to the session, and reading it back (get_income) loads the stored row.
_INSERT_INCOME = insert(Income.__table__).returning(Income.__table__.c.id)
_INCOME_COLUMNS = tuple(column.key for column in Income.__table__.columns if column.key != "id")


@dataclass(frozen=True, slots=True)
class Recorded:
    income: Income
    operator: Operator
    seq: int
    allocation: Allocation


def record_income(session: Session, community: Community, body: dict, *, created_by: str,
                  import_batch_id: int | None = None) -> Recorded:
    """Post one income: Dr cash/bank (or the operator's receivable), Cr each share, Cr the rest."""
    operator = find_operator(session, community, body["operator"])
    day, amount, category = body["occurred_on"], body["amount"], body.get("category")
    if body["channel"] not in CHANNEL_ACCOUNTS:
        raise ValidationFailed.on("channel", f"one of {', '.join(CHANNEL_ACCOUNTS)}")
    ensure_open(session, community, day)  # fail fast; post_entry checks again under its lock
    agreement = _agreement_for(session, community, operator, category, day)
    key = period_key(day, agreement.period) if agreement else None
    allocation = _allocate(session, operator, agreement, key, amount)
    posted = _post(session, community, operator, body["channel"], amount, allocation,
                   occurred_on=day, description=_describe(operator, category), source="income",
                   created_by=created_by)
    income = Income(community_id=community.id, operator_id=operator.id, occurred_on=day, amount=amount,
                    channel=body["channel"], category=category, reference=body.get("reference"),
                    payer=body.get("payer"), note=body.get("note"), agreement_id=agreement.id if agreement else None,
                    period_key=key, transaction_id=posted.id, import_batch_id=import_batch_id, created_by=created_by)
    income.id = session.execute(_INSERT_INCOME, {name: getattr(income, name) for name in _INCOME_COLUMNS}).scalar_one()
    _record(session, community, posted, agreement, key, allocation, operator, income_id=income.id)
    return Recorded(income, operator, posted.seq, allocation)


def _agreement_for(session: Session, community: Community, operator: Operator, category: str | None,
                   day: date) -> Agreement | None:
    agreement = agreements.in_force(session, operator, category, day)
    if agreement is None and not (community.allow_unsplit_income and not agreements.has_any(session, operator)):
        raise ValidationFailed.on("occurred_on", f"no agreement of operator {operator.code!r} is in force on "
                                                 f"{day.isoformat()}" + (f" for category {category!r}" if category else ""))
    return agreement


def _allocate(session: Session, operator: Operator, agreement: Agreement | None, key: str | None,
              amount: int) -> Allocation:
    """Run the split engine on the locked accumulator (gross agreements only: net-profit
    agreements take their share from declarations, so the income itself is not split)."""
    remainder_account = _remainder_code(session, operator, agreement)
    if agreement is None:
        return Allocation((), remainder_account, amount)
    terms = agreements.terms_of(session, agreement)
    targets = [(share["to"], share["account"]) for share in agreement.shares]
    if terms.basis != "gross":
        return Allocation(tuple((to, account, 0) for to, account in targets), remainder_account, amount)
    before = add_to_accumulator(session, agreement, key, amount)
    split = split_income(terms, before, amount)
    return Allocation(tuple((to, account, share) for (to, account), share in zip(targets, split.shares)),
                      remainder_account, split.remainder)


def _remainder_code(session: Session, operator: Operator, agreement: Agreement | None) -> str:
    account_id = agreement.remainder_account_id if agreement else operator.revenue_account_id
    code = account_keys.recall(session, account_keys.code_key(account_id))
    if code is None:
        code = session.execute(_ACCOUNT_CODE, {"account_id": account_id}).scalar_one()
        account_keys.remember(session, account_keys.code_key(account_id), code)
    return code


def _post(session: Session, community: Community, operator: Operator, channel: str, amount: int,
          allocation: Allocation, *, occurred_on: date, description: str, source: str, created_by: str,
          reverses_id: int | None = None) -> Posted:
    """Post the split of ``amount`` (negative for a reversal) in the operator's settlement mode."""
    collects = operator.settlement == "community_collects"
    if collects:
        debit_account, debit = CHANNEL_ACCOUNTS[channel], amount
    else:
        debit_account, debit = _receivable_code(session, operator), sum(a for _, _, a in allocation.shares)
    lines = split_lines(debit_account, debit, allocation, book_remainder=collects)
    return post_entry(session, community, Entry(occurred_on, description, source, lines, reverses_id=reverses_id),
                      created_by=created_by)


def _receivable_code(session: Session, operator: Operator) -> str:
    return session.get(Account, operator.receivable_account_id).code


def _record(session: Session, community: Community, posted: Posted, agreement: Agreement | None, key: str | None,
            allocation: Allocation, operator: Operator, *, income_id: int) -> None:
    record_split(session, community, posted, agreement=agreement, period_key=key, allocation=allocation,
                 income_id=income_id, book_remainder=operator.settlement == "community_collects")


def _describe(operator: Operator, category: str | None) -> str:
    # Public text: never the payer, the note or the reference (a plate number, say).
    return f"{operator.name} 收入" + (f" · {category}" if category else "")


def get_income(session: Session, community: Community, income_id: int) -> Income:
    income = session.get(Income, income_id)
    if income is None or income.community_id != community.id:
        raise NotFound(f"no income {income_id}")
    return income


def reverse_income(session: Session, community: Community, income_id: int, reason: str, *,
                   occurred_on: date, created_by: str) -> Recorded:
    """Undo an income once: the split engine runs backwards on the income's own period."""
    income = get_income(session, community, income_id)
    operator = session.get(Operator, income.operator_id)
    original = session.get(JournalTransaction, income.transaction_id)
    agreement = session.get(Agreement, income.agreement_id) if income.agreement_id else None
    if agreement is not None:
        lock_accumulator(session, agreement, income.period_key)  # one reversal of an income at a time
    ensure_reversible(session, original)
    allocation = _allocate(session, operator, agreement, income.period_key, -income.amount)
    posted = _post(session, community, operator, income.channel, -income.amount, allocation,
                   occurred_on=occurred_on, description=reversal_description(original, reason),
                   source="reversal", created_by=created_by, reverses_id=original.id)
    keep_reason(session, community, posted, reason)
    _record(session, community, posted, agreement, income.period_key, allocation, operator, income_id=income.id)
    return Recorded(income, operator, posted.seq, allocation)


def reversal_seq(session: Session, income: Income) -> int | None:
    return session.execute(select(JournalTransaction.seq).where(
        JournalTransaction.reverses_id == income.transaction_id)).scalar_one_or_none()


_Reversal = aliased(JournalTransaction)


def list_incomes(session: Session, community: Community, *, start: date | None, end: date | None,
                 operator: Operator | None, after: tuple[date, int] | None, limit: int) -> list[tuple]:
    """A page of (income, operator code, seq, reversal seq) in (date, id) order after a keyset cursor."""
    query = (select(Income, Operator.code, JournalTransaction.seq, _Reversal.seq)
             .join(Operator, Operator.id == Income.operator_id)
             .join(JournalTransaction, JournalTransaction.id == Income.transaction_id)
             .outerjoin(_Reversal, _Reversal.reverses_id == Income.transaction_id)
             .where(Income.community_id == community.id))
    if start is not None:
        query = query.where(Income.occurred_on >= start)
    if end is not None:
        query = query.where(Income.occurred_on <= end)
    if operator is not None:
        query = query.where(Income.operator_id == operator.id)
    if after is not None:
        day, last_id = after
        query = query.where((Income.occurred_on > day) | ((Income.occurred_on == day) & (Income.id > last_id)))
    return list(session.execute(query.order_by(Income.occurred_on, Income.id).limit(limit)))

