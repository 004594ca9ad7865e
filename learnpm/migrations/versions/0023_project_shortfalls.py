"""Each project's count of what PMI's application still lacks, kept with every write, so that the experience
dashboard reads only the projects that lack something; counted here for the projects already stored.

Revision ID: project_shortfalls
Revises: document_attempts
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from learnpm.experience.core.fields import APPLICATION_FIELDS
from learnpm.experience.core.summary import project_shortfalls
from learnpm.experience.values import project_facts

revision = 'project_shortfalls'
down_revision = 'document_attempts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shortfalls', sa.Integer(), server_default='0', nullable=False))
    texts = ('title', *APPLICATION_FIELDS[1:], 'objective', 'role', 'outcome', 'breakdown', 'verifier_name',
             'verifier_email')
    projects = sa.table('projects', sa.column('id', sa.Integer()), sa.column('shortfalls', sa.Integer()),
                        sa.column('start_month', sa.Date()), sa.column('end_month', sa.Date()),
                        sa.column('sections', sa.JSON()), *(sa.column(name, sa.Text()) for name in texts))
    connection = op.get_bind()
    rows = connection.execute(sa.select(*(column for column in projects.c if column.name != 'shortfalls')))
    counts = [{"project_id": row.id, "count": len(project_shortfalls(project_facts(row)))} for row in rows]
    if counts:
        connection.execute(projects.update().where(projects.c.id == sa.bindparam("project_id"))
                           .values(shortfalls=sa.bindparam("count")), counts)


def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('shortfalls')
