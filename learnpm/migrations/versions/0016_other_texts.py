"""Projects keep the words PMI's form asks for when "Other" is chosen as reporting area or primary focus.

Revision ID: imports_other_texts
Revises: accounts_account_links
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'imports_other_texts'
down_revision = 'accounts_account_links'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('functional_reporting_area_other', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('organization_primary_focus_other', sa.String(length=200), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.alter_column('functional_reporting_area_other', server_default=None)
        batch_op.alter_column('organization_primary_focus_other', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('organization_primary_focus_other')
        batch_op.drop_column('functional_reporting_area_other')
