"""background jobs on the queue

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 18:30:00

Long work (a cohort's certificates, exports) runs on the job queue; each job keeps a row here
with its status, progress, result and error, so its page survives a reload and admins see what
failed.
"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('args_json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress_done', sa.Integer(), nullable=False),
    sa.Column('progress_total', sa.Integer(), nullable=False),
    sa.Column('result_json', sa.Text(), nullable=False),
    sa.Column('download_name', sa.String(length=255), nullable=True),
    sa.Column('download', sa.LargeBinary(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_jobs_status')),
    sa.CheckConstraint('progress_done >= 0 AND progress_total >= 0', name=op.f('ck_jobs_progress')),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_jobs_started_by_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    op.create_index('ix_jobs_status_created_at', 'jobs', ['status', 'created_at'], unique=False)
    op.create_index('ix_jobs_started_by_id', 'jobs', ['started_by_id'], unique=False)


def downgrade():
    op.drop_index('ix_jobs_started_by_id', table_name='jobs')
    op.drop_index('ix_jobs_status_created_at', table_name='jobs')
    op.drop_table('jobs')
