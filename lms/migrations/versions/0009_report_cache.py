"""national reports kept for a few minutes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 09:30:00

The national practice report and the national competency view aggregate every entry and
every trainee; they are kept here, shared by all workers, and recomputed when older than the
configured age or on request.
"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_cache',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('computed_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_report_cache'))
    )


def downgrade():
    op.drop_table('report_cache')
