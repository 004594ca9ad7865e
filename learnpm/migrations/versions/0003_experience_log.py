"""Experience log: projects, hours, education, certificates, certifications and PDUs.

Revision ID: 0003_experience_log
Revises: 0002_scenario_plays
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_experience_log'
down_revision = '0002_scenario_plays'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('cycle_start', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certifications'))
    )
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certifications_user_id'), ['user_id'], unique=False)

    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organization', sa.String(length=200), nullable=False),
    sa.Column('job_title', sa.String(length=120), nullable=False),
    sa.Column('functional_reporting_area', sa.String(length=60), nullable=False),
    sa.Column('organization_primary_focus', sa.String(length=60), nullable=False),
    sa.Column('approach', sa.String(length=60), nullable=False),
    sa.Column('team_size', sa.String(length=60), nullable=False),
    sa.Column('budget', sa.String(length=60), nullable=False),
    sa.Column('start_month', sa.Date(), nullable=False),
    sa.Column('end_month', sa.Date(), nullable=True),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('breakdown', sa.String(length=20), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('verifier_name', sa.String(length=120), nullable=False),
    sa.Column('verifier_title', sa.String(length=120), nullable=False),
    sa.Column('verifier_organization', sa.String(length=200), nullable=False),
    sa.Column('verifier_email', sa.String(length=254), nullable=False),
    sa.Column('verifier_phone', sa.String(length=40), nullable=False),
    sa.Column('verifier_relationship', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_projects_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_user_id'), ['user_id'], unique=False)

    op.create_table('uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_uploads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uploads'))
    )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploads_user_id'), ['user_id'], unique=False)

    op.create_table('academic_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=30), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=80), nullable=False),
    sa.Column('field_of_study', sa.String(length=120), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=True),
    sa.Column('end_year', sa.Integer(), nullable=True),
    sa.Column('gac_accredited', sa.Boolean(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['uploads.id'], name=op.f('fk_academic_records_certificate_id_uploads'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_academic_records_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_academic_records'))
    )
    with op.batch_alter_table('academic_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_academic_records_user_id'), ['user_id'], unique=False)

    op.create_table('courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('start_month', sa.Date(), nullable=False),
    sa.Column('end_month', sa.Date(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['uploads.id'], name=op.f('fk_courses_certificate_id_uploads'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_courses_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses'))
    )
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_courses_user_id'), ['user_id'], unique=False)

    op.create_table('hours_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('activity', sa.String(length=200), nullable=False),
    sa.Column('process_groups', sa.JSON(), nullable=False),
    sa.Column('domains', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_hours_entries_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_hours_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hours_entries'))
    )
    with op.batch_alter_table('hours_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hours_entries_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_hours_entries_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hours_entries_user_id'), ['user_id'], unique=False)

    op.create_table('pdu_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('earned_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['certification_id'], ['certifications.id'], name=op.f('fk_pdu_records_certification_id_certifications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_pdu_records_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pdu_records'))
    )
    with op.batch_alter_table('pdu_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pdu_records_certification_id'), ['certification_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pdu_records_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pdu_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pdu_records_user_id'))
        batch_op.drop_index(batch_op.f('ix_pdu_records_certification_id'))

    op.drop_table('pdu_records')
    with op.batch_alter_table('hours_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hours_entries_user_id'))
        batch_op.drop_index(batch_op.f('ix_hours_entries_project_id'))
        batch_op.drop_index(batch_op.f('ix_hours_entries_day'))

    op.drop_table('hours_entries')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_courses_user_id'))

    op.drop_table('courses')
    with op.batch_alter_table('academic_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_academic_records_user_id'))

    op.drop_table('academic_records')
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uploads_user_id'))

    op.drop_table('uploads')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_user_id'))

    op.drop_table('projects')
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certifications_user_id'))

    op.drop_table('certifications')
