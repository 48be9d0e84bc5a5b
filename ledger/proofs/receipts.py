"""Receipts: what a payer may see of their own income, and the proof that it is in the ledger.

A receipt's link carries a token that only the ledger can make: the first 128 bits of
HMAC-SHA256 keyed with the community's signing key, over the community and the seq.
Derived, not stored, so the officer can print the same link again at any time without
the income's write path storing anything, and the token survives a backup and restore
with the key it is derived from. A receipt shows nothing private (no payer, note or
reference): the date, operator, amount, the shares to funds, the seq and hash, and the
inclusion proof against the latest signed monthly head.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from flask import url_for
from sqlalchemy import case, func, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import NotFound
from ledger.funds.models import Fund
from ledger.incomes.models import Income, SplitLine
from ledger.journal.models import JournalTransaction
from ledger.operators.models import Operator
from ledger.proofs import heads, keys
from ledger.proofs.services import inclusion_answer
from ledger.proofs.models import SignedHead

TOKEN_BYTES = 16


def receipt_token(community_code: str, seq: int) -> str:
    message = f"receipt\x00{community_code}\x00{seq}".encode()
    return hmac.new(keys.secret_bytes(community_code), message, hashlib.sha256).digest()[:TOKEN_BYTES].hex()


def receipt_url(community_code: str, seq: int, *, external: bool = True) -> str:
    return url_for("receipts.receipt", c=community_code, seq=seq, t=receipt_token(community_code, seq),
                   _external=external)


def check_token(community: Community, seq: int, token: str | None) -> None:
    """404 unless ``token`` is the receipt's: a wrong token tells nothing about the seq."""
    if not token or not hmac.compare_digest(token.encode(), receipt_token(community.code, seq).encode()):
        raise NotFound("no such receipt")


@dataclass(frozen=True, slots=True)
class FundShare:
    name: str
    kind: str
    amount: int  # fen


@dataclass(frozen=True, slots=True)
class Receipt:
    seq: int
    hash: str
    occurred_on: date
    operator: str
    amount: int  # fen
    shares: tuple[FundShare, ...]
    reversed_by: int | None
    head: SignedHead | None  # the latest signed head, when it holds this income
    proof: dict | None  # {seq, hash, leaf_hash, size, root, path} against ``head``

    @property
    def public_benefit(self) -> int:
        return sum(share.amount for share in self.shares if share.kind == "public_benefit")


def find_receipt(session: Session, community: Community, seq: int) -> Receipt:
    row = session.execute(
        select(JournalTransaction.id, JournalTransaction.hash, Income.occurred_on, Operator.name, Income.amount)
        .join(Income, Income.transaction_id == JournalTransaction.id)
        .join(Operator, Operator.id == Income.operator_id)
        .where(JournalTransaction.community_id == community.id, JournalTransaction.seq == seq)).first()
    if row is None:
        raise NotFound("no such receipt")
    transaction_id, digest, occurred_on, operator, amount = row
    head = heads.latest_covering(session, community, seq)
    return Receipt(seq, digest, occurred_on, operator, amount, _fund_shares(session, transaction_id),
                   _reversal_of(session, transaction_id), head,
                   inclusion_answer(session, community, seq, head.size) if head else None)


def _fund_shares(session: Session, transaction_id: int) -> tuple[FundShare, ...]:
    rows = session.execute(select(Fund.name, Fund.kind, func.sum(SplitLine.amount))
                           .join(Fund, Fund.account_id == SplitLine.account_id)
                           .where(SplitLine.transaction_id == transaction_id)
                           .group_by(Fund.name, Fund.kind)
                           .order_by(case((Fund.kind == "public_benefit", 0), else_=1), Fund.name))
    return tuple(FundShare(name, kind, int(amount)) for name, kind, amount in rows)


def _reversal_of(session: Session, transaction_id: int) -> int | None:
    return session.execute(select(JournalTransaction.seq).where(
        JournalTransaction.reverses_id == transaction_id)).scalar_one_or_none()

