"""Claims of scheduled runs: the weekly digest and other scheduled jobs run once per period, however many schedulers.

Revision ID: scheduled_runs
Revises: mail_outbox
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'scheduled_runs'
down_revision = 'mail_outbox'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scheduled_runs',
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('name', 'period_start', name=op.f('pk_scheduled_runs'))
    )


def downgrade() -> None:
    op.drop_table('scheduled_runs')
