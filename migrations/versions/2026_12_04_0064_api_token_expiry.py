"""api token expiry: every token works until its expires_at, then answers 401

Revision ID: 0064
Revises: 0063
Create Date: 2026-12-04 16:40:00

Tokens made before this revision expire 90 days after the upgrade (a fixed moment, not a
server default: a new token always gets its expiry from the service, which knows the
configured number of days). The column is added nullable, filled, then made NOT NULL.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op


revision = '0064'
down_revision = '0063'
branch_labels = None
depends_on = None

GRACE = timedelta(days=90)


def upgrade() -> None:
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    token = sa.table('api_token', sa.column('expires_at', sa.DateTime(timezone=True)))
    expires = datetime.now(timezone.utc) + GRACE
    op.execute(token.update().where(token.c.expires_at.is_(None)).values(expires_at=expires))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
