"""personal access tokens for the JSON API

Revision ID: 0019_api_tokens
Revises: 0018
Create Date: 2026-12-07 00:45:00

A token belongs to one person; only the SHA-256 of its secret is stored, with a short prefix
to tell tokens apart. Tokens are revoked (revoked_at, revoked_by_id), never deleted, so the
audit log's references stay meaningful.

"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0019_api_tokens'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.String(length=500), nullable=False),
    sa.Column('created_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_api_tokens_revoked_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_api_tokens_secret_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_api_tokens_user_id_created_at', ['user_id', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_api_tokens_user_id_created_at')
    op.drop_table('api_tokens')
