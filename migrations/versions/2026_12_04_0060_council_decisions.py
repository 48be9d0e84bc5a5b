"""council decisions: votes, minutes stored by SHA-256, and the project budgets they approved

Revision ID: 0060
Revises: 0007
Create Date: 2026-12-04 16:01:23.992467
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0060'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('council_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('body', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('abstentions', sa.Integer(), nullable=False),
    sa.Column('attendance', sa.Integer(), nullable=False),
    sa.Column('minutes_sha256', sa.String(length=64), nullable=True),
    sa.Column('minutes_content_type', sa.String(length=32), nullable=True),
    sa.Column('minutes_size', sa.BigInteger(), nullable=True),
    sa.Column('minutes_filename', sa.String(length=200), nullable=True),
    sa.Column('minutes_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint('votes_for + votes_against + abstentions <= attendance', name='ck_council_decision_attendance'),
    sa.CheckConstraint('votes_for >= 0 AND votes_against >= 0 AND abstentions >= 0', name='ck_council_decision_votes'),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('council_decision', schema=None) as batch_op:
        batch_op.create_index('ix_council_decision_community', ['community_id', 'decided_on'], unique=False)

    op.create_table('approved_budget',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('project_code', sa.String(length=32), nullable=False),
    sa.Column('budget', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('budget >= 0', name='ck_approved_budget_budget'),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['decision_id'], ['council_decision.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('decision_id', 'project_code', name='uq_approved_budget_project')
    )
    with op.batch_alter_table('approved_budget', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approved_budget_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index('ix_approved_budget_project', ['community_id', 'project_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('approved_budget', schema=None) as batch_op:
        batch_op.drop_index('ix_approved_budget_project')
        batch_op.drop_index(batch_op.f('ix_approved_budget_decision_id'))

    op.drop_table('approved_budget')
    with op.batch_alter_table('council_decision', schema=None) as batch_op:
        batch_op.drop_index('ix_council_decision_community')

    op.drop_table('council_decision')
