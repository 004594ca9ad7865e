"""Documents prepared in the background count their attempts, so that a job lost with Redis or a dead worker is
started again once, and never rendered twice.

Revision ID: document_attempts
Revises: background_work
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'document_attempts'
down_revision = 'background_work'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('prepared_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('prepared_documents', schema=None) as batch_op:
        batch_op.drop_column('attempts')
