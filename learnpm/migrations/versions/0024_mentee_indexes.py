"""Indexes that hold what a mentor's dashboard reads of each mentee (project periods, degrees, courses' hours, the
reviews waiting), so that it reads index entries rather than rows however much the mentees have logged.

Revision ID: mentee_indexes
Revises: project_shortfalls
Create Date: 2026-12-02
"""
from __future__ import annotations

from alembic import op

revision = 'mentee_indexes'
down_revision = 'project_shortfalls'
branch_labels = None
depends_on = None

INDEXES = (
    ('projects', 'ix_projects_user_id_start_month', ['user_id', 'start_month', 'end_month']),
    ('academic_records', 'ix_academic_records_user_id_level', ['user_id', 'level', 'gac_accredited']),
    ('courses', 'ix_courses_user_id_end_month', ['user_id', 'end_month', 'hours']),
    ('reviews', 'ix_reviews_mentor_id_state', ['mentor_id', 'state', 'learner_id', 'answer_id', 'project_id']),
    ('reviews', 'ix_reviews_mentor_id_updated_at', ['mentor_id', 'updated_at', 'id']),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, name, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
