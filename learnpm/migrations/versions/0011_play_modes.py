"""Each play keeps the way it is played: coached (verdicts after each choice) or on the job (verdicts at the end).

Plays started before this were coached.

Revision ID: 0011_play_modes
Revises: 0010_play_seeds
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_play_modes'
down_revision = '0010_play_seeds'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=12), nullable=True))
    op.execute("UPDATE plays SET mode = 'coached'")
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.alter_column('mode', existing_type=sa.String(length=12), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.drop_column('mode')
