"""Project weeks: a run of a week, and each play's place in it.

Revision ID: 0013_week_runs
Revises: 0012_play_timers
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_week_runs'
down_revision = '0012_play_timers'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'week_runs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('week_id', sa.String(length=80), nullable=False),
        sa.Column('mode', sa.String(length=12), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_week_runs_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_week_runs')),
    )
    with op.batch_alter_table('week_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_week_runs_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_week_runs_week_id'), ['week_id'], unique=False)
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.add_column(sa.Column('week_run_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('week_day', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_plays_week_run_id'), ['week_run_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_plays_week_run_id_week_runs'), 'week_runs', ['week_run_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plays_week_run_id_week_runs'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_plays_week_run_id'))
        batch_op.drop_column('week_day')
        batch_op.drop_column('week_run_id')
    with op.batch_alter_table('week_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_week_runs_week_id'))
        batch_op.drop_index(batch_op.f('ix_week_runs_user_id'))
    op.drop_table('week_runs')
