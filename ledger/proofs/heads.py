"""Signed monthly heads: closing a month signs the tree and chain head as they stand.

The close holds the chain head (``ledger.journal.closing.close_books``), so the size
signed is every transaction posted before the close, of whatever date.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.merkle import head_message
from ledger.core.periods import format_month
from ledger.journal.models import ChainHead
from ledger.proofs import keys, tree
from ledger.proofs.models import SignedHead


def sign_month(session: Session, community: Community, month: date, *, signed_by: str) -> SignedHead:
    """Extend the tree to the chain head and store the month's signed head."""
    head = session.get(ChainHead, community.id)
    tree.extend(session, community.id, head.seq)
    root = tree.root(session, community.id, head.seq).hex()
    message = head_message(community.code, format_month(month), head.seq, root, head.hash)
    signed = SignedHead(community_id=community.id, month=month, size=head.seq, root=root, chain_head=head.hash,
                        signature=keys.sign(community.code, message), public_key=keys.public_key_hex(community.code),
                        signed_by=signed_by)
    session.add(signed)
    session.flush()
    return signed


def signed_heads(session: Session, community: Community) -> list[SignedHead]:
    return list(session.execute(select(SignedHead).where(SignedHead.community_id == community.id)
                                .order_by(SignedHead.month)).scalars())


def latest_covering(session: Session, community: Community, seq: int) -> SignedHead | None:
    """The latest signed head, if its tree holds transaction ``seq``."""
    latest = session.execute(select(SignedHead).where(SignedHead.community_id == community.id)
                             .order_by(SignedHead.month.desc()).limit(1)).scalar_one_or_none()
    return latest if latest is not None and latest.size >= seq else None


def present(head: SignedHead, community: Community) -> dict:
    return {"month": format_month(head.month), "size": head.size, "root": head.root,
            "chain_head": head.chain_head, "signature": head.signature, "public_key": head.public_key,
            "community": community.code}
