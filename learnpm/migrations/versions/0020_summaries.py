"""Summaries kept beside the rows they sum, so that dashboards need not read every row: hours totals per project,
month and tag (and their sums over projects per month and tag), kept with every entry written, and each learner's
competency sums, added to with every move; filled here from the entries and moves already stored.

Revision ID: summaries
Revises: mail_outbox
Create Date: 2026-12-02
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from learnpm.experience.core.totals import entry_tags
from learnpm.paths import content_dir
from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.core.play.progress import move_sums

revision = 'summaries'
down_revision = 'mail_outbox'
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
    op.create_table('competency_totals',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('competency', sa.String(length=80), nullable=False),
    sa.Column('score_sum', sa.Float(), nullable=False),
    sa.Column('moves', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_competency_totals_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'competency', name=op.f('pk_competency_totals'))
    )
    _fill()
    _fill_competencies()
    # Indexes that let dashboards read a learner's latest moment and a project's page of entries without scanning.
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


INDEXES = (
    ('plays', 'ix_plays_user_id_updated_at', ['user_id', 'updated_at']),
    ('plays', 'ix_plays_user_id_scenario_id', ['user_id', 'scenario_id', 'ending_id']),
    ('hours_entries', 'ix_hours_entries_user_id_created_at', ['user_id', 'created_at']),
    ('hours_entries', 'ix_hours_entries_user_id_day', ['user_id', 'day']),
    ('hours_entries', 'ix_hours_entries_project_id_day', ['project_id', 'day', 'id']),
    ('projects', 'ix_projects_user_id_updated_at', ['user_id', 'updated_at']),
)


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


def _fill_competencies() -> None:
    """Sum every learner's stored moves per competency, with the competencies the content gives their nodes."""
    plays = sa.table('plays', sa.column('id'), sa.column('user_id'))
    decisions = sa.table('play_decisions', sa.column('id'), sa.column('play_id'), sa.column('scenario_id'),
                         sa.column('node_id'), sa.column('choice_id'), sa.column('quality'), sa.column('score'))
    columns = (decisions.c.scenario_id, decisions.c.node_id, decisions.c.choice_id, decisions.c.quality,
               decisions.c.score)
    rows = op.get_bind().execute(sa.select(plays.c.user_id, *columns, sa.func.count(decisions.c.id).label("times"))
                                 .join(plays, plays.c.id == decisions.c.play_id).group_by(plays.c.user_id, *columns))
    by_learner: dict[int, list] = {}
    for row in rows:
        by_learner.setdefault(row.user_id, []).append(row)
    if not by_learner:
        return
    scenarios = load_library(content_dir()).scenarios
    table = sa.table('competency_totals', sa.column('user_id'), sa.column('competency'), sa.column('score_sum'),
                     sa.column('moves'))
    op.bulk_insert(table, [{"user_id": user_id, "competency": competency, "score_sum": total, "moves": count}
                           for user_id, tallies in by_learner.items()
                           for competency, (total, count) in move_sums(tallies, scenarios).items()])


def _tags(value: object) -> list[str]:
    """Return a JSON list of tags as stored (a list, or its text on a driver that hands JSON back as text)."""
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or [])


def downgrade() -> None:
    for table, name, _columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
    op.drop_table('competency_totals')
    op.drop_table('hours_month_totals')
    with op.batch_alter_table('hours_totals', schema=None) as batch_op:
        batch_op.drop_index('ix_hours_totals_user_id_tag')
    op.drop_table('hours_totals')
