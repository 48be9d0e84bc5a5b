"""residents' questions and the per-address request counters that rate-limit them

Revision ID: 0061
Revises: 0060
Create Date: 2026-12-04 16:01:23.992467
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0061'
down_revision = '0060'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('question',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('about_kind', sa.String(length=16), nullable=False),
    sa.Column('about_ref', sa.String(length=32), nullable=False),
    sa.Column('about_month', sa.Date(), nullable=True),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('refusal_reason', sa.String(length=500), nullable=True),
    sa.Column('answer', sa.String(length=2000), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by', sa.String(length=64), nullable=True),
    sa.Column('answerer', sa.String(length=100), nullable=True),
    sa.CheckConstraint("(state = 'refused') = (refusal_reason IS NOT NULL)", name='ck_question_refusal'),
    sa.CheckConstraint("about_kind IN ('transaction','project','operator','compound')", name='ck_question_kind'),
    sa.CheckConstraint("state IN ('pending','released','refused')", name='ck_question_state'),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index('ix_question_about', ['community_id', 'about_kind', 'about_ref', 'id'], unique=False)
        batch_op.create_index('ix_question_community', ['community_id', 'id'], unique=False)

    op.create_table('rate_window',
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('slot', sa.BigInteger(), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'address', 'slot')
    )
    with op.batch_alter_table('rate_window', schema=None) as batch_op:
        batch_op.create_index('ix_rate_window_slot', ['scope', 'slot'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index('ix_question_community')
        batch_op.drop_index('ix_question_about')

    op.drop_table('question')
    with op.batch_alter_table('rate_window', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_window_slot')

    op.drop_table('rate_window')
