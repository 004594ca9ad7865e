"""The day a learner plans to take the PMP exam, which picks the exam content outline shown beside their work.

Revision ID: imports_exam_plans
Revises: imports_other_texts
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'imports_exam_plans'
down_revision = 'imports_other_texts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exam_plans',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_exam_plans_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_exam_plans'))
    )


def downgrade() -> None:
    op.drop_table('exam_plans')
