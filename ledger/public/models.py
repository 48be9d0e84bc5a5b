"""Month-end figures of the public pages, stored when a month closes.

The public pages show, per operator and month, the gross income and what its
agreements sent to each fund. Closed months never change (nothing can be posted into
them), so their figures are computed once, in the same database transaction as the
close, next to the balance snapshot of ``ledger/journal/balances.py``. Open months are
computed from indexed range queries (see ``ledger/public/rollup.py``). A page thus
reads a handful of rows per closed month, however long the journal is.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel


class OperatorMonth(SQLModel, table=True):
    """An operator's gross income in a closed month: incomes dated in the month minus
    incomes reversed in the month (journal dates). Rows exist only for non-zero months."""
    __tablename__ = "operator_month"

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    month: date = Field(primary_key=True)  # first day of the month
    operator_id: int = Field(foreign_key="operator.id", primary_key=True)
    gross: int = Field(sa_type=BigInteger)


class ShareMonth(SQLModel, table=True):
    """What the shares of an operator's agreements posted to one account in a closed
    month: credits (shares of incomes and declarations) and debits (shares taken back
    by reversals and corrected declarations). Remainders are not shares."""
    __tablename__ = "share_month"

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    month: date = Field(primary_key=True)
    operator_id: int = Field(foreign_key="operator.id", primary_key=True)
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    credit: int = Field(sa_type=BigInteger)  # fen >= 0
    debit: int = Field(sa_type=BigInteger)  # fen >= 0
