"""Reviews of project descriptions: a review is of a written answer or of a project, never both.

Revision ID: 0009_description_reviews
Revises: 0008_notifications
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009_description_reviews'
down_revision = '0008_notifications'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.alter_column('answer_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_reviews_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_reviews_project_id_projects'), 'projects', ['project_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint('one_subject', '(answer_id IS NULL) <> (project_id IS NULL)')



def downgrade() -> None:
    op.execute("DELETE FROM reviews WHERE answer_id IS NULL")
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_reviews_one_subject'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_reviews_project_id_projects'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_reviews_project_id'))
        batch_op.alter_column('answer_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('project_id')

