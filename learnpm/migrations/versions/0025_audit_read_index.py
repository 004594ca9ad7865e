"""An index of each learner's audit log by time, so that a read already recorded within the hour is found among
that hour's lines rather than the whole log.

Revision ID: audit_read_index
Revises: mentee_indexes
Create Date: 2026-12-02
"""
from __future__ import annotations

from alembic import op

revision = 'audit_read_index'
down_revision = 'mentee_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_learner_id_created_at', ['learner_id', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_learner_id_created_at')
