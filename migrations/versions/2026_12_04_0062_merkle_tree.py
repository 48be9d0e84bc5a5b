"""merkle tree: stored hashes of complete subtrees over each community's transaction hashes

Revision ID: 0062
Revises: 0061
Create Date: 2026-12-04 09:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0062'
down_revision = '0061'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('merkle_node',
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.SmallInteger(), nullable=False),
    sa.Column('position', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.PrimaryKeyConstraint('community_id', 'level', 'position')
    )
    # Existing journals get their tree on first use (a proof, a tree, a month close).
    op.create_table('merkle_tree',
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('size', sa.BigInteger(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.PrimaryKeyConstraint('community_id')
    )


def downgrade() -> None:
    op.drop_table('merkle_tree')
    op.drop_table('merkle_node')
