"""reversal_reason: a reversal's reason, kept for officers and auditors beside the transaction

Revision ID: 0095
Revises: 0065
Create Date: 2026-12-04 19:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0095'
down_revision = '0065'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reversal_reason',
    sa.Column('transaction_id', sa.BigInteger(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['transaction_id'], ['journal_transaction.id'], ),
    sa.PrimaryKeyConstraint('transaction_id')
    )


def downgrade() -> None:
    op.drop_table('reversal_reason')
