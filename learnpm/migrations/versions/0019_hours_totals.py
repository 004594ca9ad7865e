"""Hours totals per project, month and tag (and their sums over projects per month and tag), kept with every entry
written, so that dashboards need not read every entry; filled here from the entries already logged.

Revision ID: hours_totals
Revises: imports_files
Create Date: 2026-12-02
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from learnpm.experience.core.totals import entry_tags

revision = 'hours_totals'
down_revision = 'imports_files'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hours_totals',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('tag', sa.String(length=80), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_hours_totals_project_id_projects'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_hours_totals_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'month', 'tag', name=op.f('pk_hours_totals'))
    )
    with op.batch_alter_table('hours_totals', schema=None) as batch_op:
        batch_op.create_index('ix_hours_totals_user_id_tag', ['user_id', 'tag', 'month', 'hours'], unique=False)
    op.create_table('hours_month_totals',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('tag', sa.String(length=80), nullable=False),
    sa.Column('hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_hours_month_totals_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'month', 'tag', name=op.f('pk_hours_month_totals'))
    )
    _fill()


def _fill() -> None:
    """Sum the entries already logged into their buckets, as experience.core.totals defines them."""
    entries = sa.table('hours_entries', sa.column('user_id'), sa.column('project_id'), sa.column('day', sa.Date),
                       sa.column('hours', sa.Numeric(6, 2)), sa.column('process_groups'), sa.column('domains'))
    totals: dict[tuple[int, int, date, str], Decimal] = {}
    rows = op.get_bind().execute(sa.select(entries.c.user_id, entries.c.project_id, entries.c.day, entries.c.hours,
                                           entries.c.process_groups, entries.c.domains))
    for user_id, project_id, day, hours, groups, domains in rows:
        for tag in entry_tags(_tags(groups), _tags(domains)):
            key = (user_id, project_id, day.replace(day=1), tag)
            totals[key] = totals.get(key, Decimal(0)) + Decimal(hours)
    table = sa.table('hours_totals', sa.column('user_id'), sa.column('project_id'), sa.column('month', sa.Date),
                     sa.column('tag'), sa.column('hours', sa.Numeric(12, 2)))
    if totals:
        op.bulk_insert(table, [{"user_id": u, "project_id": p, "month": m, "tag": t, "hours": h}
                               for (u, p, m, t), h in totals.items()])
    op.execute("INSERT INTO hours_month_totals (user_id, month, tag, hours) "
               "SELECT user_id, month, tag, SUM(hours) FROM hours_totals GROUP BY user_id, month, tag")


def _tags(value: object) -> list[str]:
    """Return a JSON list of tags as stored (a list, or its text on a driver that hands JSON back as text)."""
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or [])


def downgrade() -> None:
    op.drop_table('hours_month_totals')
    with op.batch_alter_table('hours_totals', schema=None) as batch_op:
        batch_op.drop_index('ix_hours_totals_user_id_tag')
    op.drop_table('hours_totals')
