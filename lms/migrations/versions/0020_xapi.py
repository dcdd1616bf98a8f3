"""xAPI statements: the outbox of statements for the Learning Record Store, and its cursor

Revision ID: 0020_xapi
Revises: 0019_api_tokens
Create Date: 2026-12-07 01:00:00

"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0020_xapi'
down_revision = '0019_api_tokens'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('xapi_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.Column('verb', sa.String(length=64), nullable=False),
    sa.Column('event_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('statement_json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claim', sa.String(length=32), nullable=True),
    sa.Column('claimed_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('waiting', 'sending', 'delivered', 'rejected')", name=op.f('ck_xapi_statements_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xapi_statements')),
    sa.UniqueConstraint('statement_id', name=op.f('uq_xapi_statements_statement_id'))
    )
    op.create_index('ix_xapi_statements_status_id', 'xapi_statements', ['status', 'id'], unique=False)
    op.create_index('ix_xapi_statements_claim', 'xapi_statements', ['claim'], unique=False)
    op.create_table('xapi_cursor',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('collected_to', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_xapi_cursor'))
    )


def downgrade():
    op.drop_table('xapi_cursor')
    op.drop_index('ix_xapi_statements_claim', table_name='xapi_statements')
    op.drop_index('ix_xapi_statements_status_id', table_name='xapi_statements')
    op.drop_table('xapi_statements')
