"""Scenario plays: saved states, decisions and written answers.

Revision ID: 0002_scenario_plays
Revises: 0001_accounts
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_scenario_plays'
down_revision = '0001_accounts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.String(length=80), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('moves', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.String(length=80), nullable=False),
    sa.Column('draft_text', sa.Text(), nullable=True),
    sa.Column('ending_id', sa.String(length=80), nullable=True),
    sa.Column('ending_rating', sa.String(length=10), nullable=True),
    sa.Column('retry_of_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['retry_of_id'], ['plays.id'], name=op.f('fk_plays_retry_of_id_plays'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_plays_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plays'))
    )
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plays_scenario_id'), ['scenario_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plays_user_id'), ['user_id'], unique=False)

    op.create_table('play_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('play_id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.String(length=80), nullable=False),
    sa.Column('move', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.String(length=80), nullable=False),
    sa.Column('choice_id', sa.String(length=80), nullable=True),
    sa.Column('quality', sa.String(length=12), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['play_id'], ['plays.id'], name=op.f('fk_play_decisions_play_id_plays'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_play_decisions'))
    )
    with op.batch_alter_table('play_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_play_decisions_play_id'), ['play_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_play_decisions_scenario_id'), ['scenario_id'], unique=False)

    op.create_table('write_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('play_id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.String(length=80), nullable=False),
    sa.Column('node_id', sa.String(length=80), nullable=False),
    sa.Column('move', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('self_scores', sa.JSON(), nullable=False),
    sa.Column('strong', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['play_id'], ['plays.id'], name=op.f('fk_write_answers_play_id_plays'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_write_answers'))
    )
    with op.batch_alter_table('write_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_write_answers_play_id'), ['play_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('write_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_write_answers_play_id'))

    op.drop_table('write_answers')
    with op.batch_alter_table('play_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_play_decisions_scenario_id'))
        batch_op.drop_index(batch_op.f('ix_play_decisions_play_id'))

    op.drop_table('play_decisions')
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plays_user_id'))
        batch_op.drop_index(batch_op.f('ix_plays_scenario_id'))

    op.drop_table('plays')
