"""Tables of the Merkle tree and the signed monthly heads. Rows are only ever added."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, SmallInteger
from sqlmodel import Field, SQLModel

from ledger.timeutil import utcnow


class MerkleNode(SQLModel, table=True):
    """The hash of a complete aligned subtree of two or more leaves (see ledger/core/merkle.py).
    Single leaves are not stored: a leaf's hash comes from its transaction's hash."""
    __tablename__ = "merkle_node"

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    level: int = Field(sa_type=SmallInteger, primary_key=True)
    position: int = Field(sa_type=BigInteger, primary_key=True)
    hash: str = Field(max_length=64)


class MerkleTree(SQLModel, table=True):
    """How far a community's stored tree reaches: every complete subtree within the first
    ``size`` leaves is stored. The row writers of the tree lock."""
    __tablename__ = "merkle_tree"

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    size: int = Field(default=0, sa_type=BigInteger)


class SignedHead(SQLModel, table=True):
    """A month's close, signed: the tree and chain head when the month closed."""
    __tablename__ = "signed_head"

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    month: date = Field(primary_key=True)  # first day of the month
    size: int = Field(sa_type=BigInteger)
    root: str = Field(max_length=64)
    chain_head: str = Field(max_length=64)
    signature: str = Field(max_length=128)
    public_key: str = Field(max_length=64)
    signed_at: datetime = Field(default_factory=utcnow)
    signed_by: str = Field(max_length=64)
