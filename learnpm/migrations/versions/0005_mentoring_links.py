"""Mentoring: invitations, links with what each mentor may see, mentor capacity.

Revision ID: 0005_mentoring_links
Revises: 0004_issued_documents
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_mentoring_links'
down_revision = '0004_issued_documents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('code_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['learner_id'], ['users.id'], name=op.f('fk_invitations_learner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('code_digest', name=op.f('uq_invitations_code_digest'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_learner_id'), ['learner_id'], unique=False)

    op.create_table('mentor_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('can_see_progress', sa.Boolean(), nullable=False),
    sa.Column('can_see_answers', sa.Boolean(), nullable=False),
    sa.Column('can_see_experience', sa.Boolean(), nullable=False),
    sa.Column('can_see_documents', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['users.id'], name=op.f('fk_mentor_links_learner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_mentor_links_mentor_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_links'))
    )
    with op.batch_alter_table('mentor_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_links_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_links_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('mentor_settings',
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_mentor_settings_mentor_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mentor_id', name=op.f('pk_mentor_settings'))
    )


def downgrade() -> None:
    op.drop_table('mentor_settings')
    with op.batch_alter_table('mentor_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_links_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_mentor_links_learner_id'))

    op.drop_table('mentor_links')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_learner_id'))

    op.drop_table('invitations')
