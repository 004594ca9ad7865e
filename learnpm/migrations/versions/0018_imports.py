"""Imports from trackers, spreadsheets and calendars: files awaiting their preview's go-ahead, remembered
choices (column mappings, project mappings), and the keys of imported rows, so a second import adds nothing.

Revision ID: imports_files
Revises: imports_exam_plans
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'imports_files'
down_revision = 'imports_exam_plans'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_import_drafts_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_drafts'))
    )
    with op.batch_alter_table('import_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_drafts_user_id'), ['user_id'], unique=False)

    op.create_table('import_memories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_import_memories_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_memories')),
    sa.UniqueConstraint('user_id', 'key', name=op.f('uq_import_memories_user_id'))
    )
    with op.batch_alter_table('import_memories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_memories_user_id'), ['user_id'], unique=False)

    op.create_table('imported_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['hours_entries.id'], name=op.f('fk_imported_rows_entry_id_hours_entries'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_imported_rows_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_rows')),
    sa.UniqueConstraint('user_id', 'key', name=op.f('uq_imported_rows_user_id'))
    )
    with op.batch_alter_table('imported_rows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_rows_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imported_rows_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_table('imported_rows')
    op.drop_table('import_memories')
    op.drop_table('import_drafts')
