"""The one rule every journal write passes: money leaves a fund only by rule, and no fund
goes below zero.

:func:`ledger.journal.services.post_entry` calls :func:`guard_funds` for every entry,
under the chain head (so every writer of the community is serialised and the balances
read here are the latest). A hand entry (source ``transfer`` / ``opening``) may put money
into a fund but never take it out; paying an approved disbursement, a reversal and a
downward profit correction may, and so may a charge fixed by agreement (a trust's fixed
remuneration), as long as the fund stays at or above zero on the entry's date and every
later date.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import FundDebitRefused, Overdraft
from ledger.core.journal import FUND_DEBIT_SOURCES, Entry, fund_debits
from ledger.core.money import format_fen
from ledger.journal.balances import lowest_credit_balance_from
from ledger.journal.models import JournalTransaction, Posting

_NAMED_PAYMENTS = 5


def guard_funds(session: Session, community: Community, entry: Entry, account_ids: dict[str, int], *,
                agreed_charge: bool) -> None:
    """Refuse an entry that takes money out of a fund against the rules, or below zero."""
    taken = fund_debits(entry.lines)
    if not taken:
        return
    if entry.source not in FUND_DEBIT_SOURCES and not agreed_charge:
        message = ("a hand entry cannot take money out of a fund: pay it through an approved "
                   "disbursement, or reverse the entry that put it in")
        raise FundDebitRefused(message, {f"postings.{i}.account": [message]
                                         for i, line in enumerate(entry.lines) if line.account in taken})
    for code, amount in sorted(taken.items()):
        left = lowest_credit_balance_from(session, community, account_ids[code], entry.occurred_on) - amount
        if left < 0:
            raise Overdraft(_overdraft_message(session, community, entry, code, account_ids[code], left),
                            {"amount": [f"fund account {code} would fall below zero"]})


def _overdraft_message(session: Session, community: Community, entry: Entry, code: str, account_id: int,
                       left: int) -> str:
    message = f"fund account {code} would fall to {format_fen(left)}"
    if entry.reverses_id is None:
        return message
    since = session.get(JournalTransaction, entry.reverses_id).occurred_on
    payments = _payments_since(session, community, account_id, since)
    if payments:
        message += "; the money was spent by payments " + ", ".join(f"#{seq}" for seq in payments)
    return message + "; put the money back into the fund first (a transfer into it), then reverse"


def _payments_since(session: Session, community: Community, account_id: int, since: date) -> list[int]:
    """The latest disbursements paid out of the account on or after ``since`` (their seqs)."""
    return list(session.execute(
        select(JournalTransaction.seq).join(Posting, Posting.transaction_id == JournalTransaction.id)
        .where(JournalTransaction.community_id == community.id, JournalTransaction.source == "disbursement",
               Posting.account_id == account_id, Posting.amount > 0, JournalTransaction.occurred_on >= since)
        .order_by(JournalTransaction.seq.desc()).limit(_NAMED_PAYMENTS)).scalars())
