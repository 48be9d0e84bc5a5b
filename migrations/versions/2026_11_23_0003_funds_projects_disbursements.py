"""projects, budget changes, disbursements, their events and vouchers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:32:31.048299
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.String(length=1000), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=False),
    sa.Column('budget', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint('budget >= 0', name='ck_project_budget'),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['fund_id'], ['fund.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('community_id', 'code', name='uq_project_code')
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_fund_id'), ['fund_id'], unique=False)

    op.create_table('budget_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('budget_before', sa.BigInteger(), nullable=False),
    sa.Column('budget_after', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('budget_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_change_project_id'), ['project_id'], unique=False)

    op.create_table('disbursement',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('item', sa.String(length=32), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('payee', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('submitted_by', sa.String(length=64), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=True),
    sa.Column('transaction_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("(state = 'paid') = (transaction_id IS NOT NULL)", name='ck_disbursement_paid'),
    sa.CheckConstraint("state IN ('draft','submitted','approved','rejected','paid')", name='ck_disbursement_state'),
    sa.CheckConstraint('amount > 0', name='ck_disbursement_amount'),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['fund_id'], ['fund.id'], ),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], ),
    sa.ForeignKeyConstraint(['transaction_id'], ['journal_transaction.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('transaction_id')
    )
    with op.batch_alter_table('disbursement', schema=None) as batch_op:
        batch_op.create_index('ix_disbursement_community', ['community_id', 'id'], unique=False)
        batch_op.create_index('ix_disbursement_fund_state', ['fund_id', 'state'], unique=False)
        batch_op.create_index('ix_disbursement_project_state', ['project_id', 'state'], unique=False)

    op.create_table('disbursement_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('disbursement_id', sa.BigInteger(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('from_state', sa.String(length=16), nullable=True),
    sa.Column('to_state', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['disbursement_id'], ['disbursement.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('disbursement_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disbursement_event_disbursement_id'), ['disbursement_id'], unique=False)

    op.create_table('voucher',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('disbursement_id', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], ),
    sa.ForeignKeyConstraint(['disbursement_id'], ['disbursement.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('disbursement_id', 'sha256', name='uq_voucher_file')
    )
    with op.batch_alter_table('voucher', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voucher_disbursement_id'), ['disbursement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voucher_sha256'), ['sha256'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('voucher', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voucher_sha256'))
        batch_op.drop_index(batch_op.f('ix_voucher_disbursement_id'))

    op.drop_table('voucher')
    with op.batch_alter_table('disbursement_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disbursement_event_disbursement_id'))

    op.drop_table('disbursement_event')
    with op.batch_alter_table('disbursement', schema=None) as batch_op:
        batch_op.drop_index('ix_disbursement_project_state')
        batch_op.drop_index('ix_disbursement_fund_state')
        batch_op.drop_index('ix_disbursement_community')

    op.drop_table('disbursement')
    with op.batch_alter_table('budget_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_change_project_id'))

    op.drop_table('budget_change')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_fund_id'))
        batch_op.drop_index(batch_op.f('ix_project_community_id'))

    op.drop_table('project')
