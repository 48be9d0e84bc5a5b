"""public month figures: each closed month's gross income per operator and shares per account

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 09:36:39.817063
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('operator_month',
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('gross', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.PrimaryKeyConstraint('community_id', 'month', 'operator_id')
    )
    op.create_table('share_month',
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('credit', sa.BigInteger(), nullable=False),
    sa.Column('debit', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], ),
    sa.PrimaryKeyConstraint('community_id', 'month', 'operator_id', 'account_id')
    )
    backfill(op.get_bind())


def downgrade() -> None:
    op.drop_table('share_month')
    op.drop_table('operator_month')


def backfill(bind) -> None:
    """Months closed before this revision get their figures now (later closes store them)."""
    def month(column: str) -> str:
        if bind.dialect.name == "postgresql":
            return f"CAST(date_trunc('month', {column}) AS DATE)"
        return f"date({column}, 'start of month')"

    bind.execute(sa.text(f"""
        INSERT INTO operator_month (community_id, month, operator_id, gross)
        SELECT g.community_id, g.month, g.operator_id, SUM(g.amount) FROM (
            SELECT i.community_id, {month('i.occurred_on')} AS month, i.operator_id, i.amount
            FROM income i
            UNION ALL
            SELECT t.community_id, {month('t.occurred_on')}, i.operator_id, -i.amount
            FROM journal_transaction t JOIN income i ON i.transaction_id = t.reverses_id
            WHERE t.source = 'reversal'
        ) g JOIN closed_period cp ON cp.community_id = g.community_id AND cp.month = g.month
        GROUP BY g.community_id, g.month, g.operator_id
        HAVING SUM(g.amount) <> 0"""))
    credit = "SUM(CASE WHEN s.amount > 0 THEN s.amount ELSE 0 END)"
    debit = "SUM(CASE WHEN s.amount < 0 THEN -s.amount ELSE 0 END)"
    bind.execute(sa.text(f"""
        INSERT INTO share_month (community_id, month, operator_id, account_id, credit, debit)
        SELECT t.community_id, {month('t.occurred_on')}, a.operator_id, s.account_id, {credit}, {debit}
        FROM split_line s
        JOIN journal_transaction t ON t.id = s.transaction_id
        JOIN agreement a ON a.id = s.agreement_id
        JOIN closed_period cp ON cp.community_id = t.community_id AND cp.month = {month('t.occurred_on')}
        WHERE s.position >= 0
        GROUP BY t.community_id, {month('t.occurred_on')}, a.operator_id, s.account_id
        HAVING {credit} <> 0 OR {debit} <> 0"""))
