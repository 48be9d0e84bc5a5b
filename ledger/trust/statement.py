"""Rows for a compound's monthly statement, read from the journal and classified.

Every posting to the compound's trust fund account from 1 January to the end of the
month becomes one or two rows (see ledger/core/trust.py for the statement itself):

- an income (or its reversal): income under the income's item, counted before the
  remuneration; the remuneration share posted with it becomes a remuneration row;
- a fixed remuneration (or its reversal): a remuneration row;
- a disbursement: an expense row under its item, with its vouchers, payee masked;
- anything else (an opening balance, a transfer): income or expense 其他 by its side.

So closing = opening + income - remuneration - expenses equals the fund's postings.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.masking import mask_person, mask_phones
from ledger.core.periods import month_end
from ledger.core.trust import EXPENSE, INCOME, OTHER, REMUNERATION, Statement, TrustRow, income_item, monthly_statement
from ledger.disbursements.models import Disbursement
from ledger.disbursements.queries import vouchers_of
from ledger.funds.models import Fund
from ledger.funds.services import fund_balance
from ledger.incomes.models import Income
from ledger.journal.models import JournalTransaction, Posting
from ledger.operators.models import Operator
from ledger.trust.models import Compound, FixedRemuneration


def statement(session: Session, community: Community, compound: Compound, month: date) -> Statement:
    fund = session.get(Fund, compound.fund_id)
    first = date(month.year, 1, 1)
    year_opening = fund_balance(session, community, fund, first - timedelta(days=1))
    return monthly_statement(month, year_opening, trust_rows(session, compound, fund, first, month_end(month)))


def trust_rows(session: Session, compound: Compound, fund: Fund, start: date, end: date) -> list[TrustRow]:
    moves = session.execute(
        select(JournalTransaction.id, JournalTransaction.seq, JournalTransaction.occurred_on,
               JournalTransaction.reverses_id, Posting.amount)
        .join(Posting, Posting.transaction_id == JournalTransaction.id)
        .where(Posting.account_id == fund.account_id, Posting.occurred_on.between(start, end))
        .order_by(JournalTransaction.seq)).all()
    ids = {m.id for m in moves}
    origins = ids | {m.reverses_id for m in moves if m.reverses_id is not None}
    remuneration = dict(session.execute(select(Posting.transaction_id, Posting.amount).where(
        Posting.account_id == compound.remuneration_account_id, Posting.transaction_id.in_(ids))).all())
    incomes = {tx: (category, kind) for tx, category, kind in session.execute(
        select(Income.transaction_id, Income.category, Operator.kind).join(Operator, Operator.id == Income.operator_id)
        .where(Income.transaction_id.in_(origins)))}
    fixed = set(session.execute(select(FixedRemuneration.transaction_id).where(
        FixedRemuneration.transaction_id.in_(origins))).scalars())
    paid = {d.transaction_id: d for d in session.execute(select(Disbursement).where(
        Disbursement.transaction_id.in_(ids))).scalars()}
    vouchers = vouchers_of(session, [d.id for d in paid.values()])
    rows = []
    for m in moves:
        origin = m.reverses_id if m.reverses_id is not None else m.id
        if origin in incomes:
            rows += _income_rows(m, remuneration.get(m.id, 0), incomes[origin])
        elif origin in fixed:
            rows.append(TrustRow(m.occurred_on, REMUNERATION, None, m.amount, m.seq))
        elif m.id in paid:
            d = paid[m.id]
            rows.append(TrustRow(m.occurred_on, EXPENSE, d.item or OTHER, m.amount, m.seq, payee=mask_person(d.payee),
                                 purpose=mask_phones(d.purpose), disbursement=d.id,
                                 vouchers=tuple(v.sha256 for v in vouchers.get(d.id, ()))))
        else:
            rows.append(TrustRow(m.occurred_on, INCOME if m.amount < 0 else EXPENSE, OTHER, abs(m.amount), m.seq))
    return rows


def _income_rows(move, remuneration: int, income: tuple[str | None, str]) -> list[TrustRow]:
    """An income credits the fund (-amount) and the remuneration (-remuneration): the
    owners earned both; the remuneration is then charged to them."""
    item = income_item(*income)
    rows = [TrustRow(move.occurred_on, INCOME, item, -move.amount - remuneration, move.seq)]
    if remuneration:
        rows.append(TrustRow(move.occurred_on, REMUNERATION, None, -remuneration, move.seq))
    return rows

