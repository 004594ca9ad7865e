"""Each play keeps a random seed, from which the order of every decision's choices follows.

Plays started before this get a seed of their own; an attempt that retries a decision shares its parent's.

Revision ID: 0010_play_seeds
Revises: 0009_description_reviews
Create Date: 2026-12-01
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0010_play_seeds'
down_revision = '0009_description_reviews'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seed', sa.String(length=32), nullable=True))
    plays = sa.table('plays', sa.column('id', sa.Integer()), sa.column('retry_of_id', sa.Integer()),
                     sa.column('seed', sa.String(length=32)))
    connection = op.get_bind()
    seeds: dict[int, str] = {}
    for play_id, retry_of_id in connection.execute(sa.select(plays.c.id, plays.c.retry_of_id).order_by(plays.c.id)):
        seeds[play_id] = seeds.get(retry_of_id, secrets.token_hex(8)) if retry_of_id else secrets.token_hex(8)
        connection.execute(plays.update().where(plays.c.id == play_id).values(seed=seeds[play_id]))
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.alter_column('seed', existing_type=sa.String(length=32), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('plays', schema=None) as batch_op:
        batch_op.drop_column('seed')
