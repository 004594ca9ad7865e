"""A play may be timed: each decision then has this many seconds before the day moves on without the learner.

Plays started before this are untimed.

Revision ID: 0012_play_timers
Revises: 0011_play_modes
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_play_timers'
down_revision = '0011_play_modes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_seconds', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.drop_column('decision_seconds')
