"""Reviews of written answers: revisions and mentor feedback.

Revision ID: 0007_reviews
Revises: 0006_verification
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_reviews'
down_revision = '0006_verification'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['write_answers.id'], name=op.f('fk_reviews_answer_id_write_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['learner_id'], ['users.id'], name=op.f('fk_reviews_learner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_reviews_mentor_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('review_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('revision_number', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comments', sa.JSON(), nullable=False),
    sa.Column('overall', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_feedback_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_feedback'))
    )
    with op.batch_alter_table('review_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_feedback_review_id'), ['review_id'], unique=False)

    op.create_table('review_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('self_scores', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_review_revisions_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_revisions'))
    )
    with op.batch_alter_table('review_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_revisions_review_id'), ['review_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('review_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_revisions_review_id'))

    op.drop_table('review_revisions')
    with op.batch_alter_table('review_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_feedback_review_id'))

    op.drop_table('review_feedback')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_reviews_learner_id'))
        batch_op.drop_index(batch_op.f('ix_reviews_answer_id'))

    op.drop_table('reviews')
