"""signed heads: each month close's tree size, root and chain head, signed with the community's Ed25519 key

Revision ID: 0063
Revises: 0062
Create Date: 2026-12-04 09:01:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0063'
down_revision = '0062'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Months closed before this revision stay unsigned: their sizes were not recorded.
    op.create_table('signed_head',
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('root', sa.String(length=64), nullable=False),
    sa.Column('chain_head', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.String(length=128), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('signed_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.PrimaryKeyConstraint('community_id', 'month')
    )


def downgrade() -> None:
    op.drop_table('signed_head')
