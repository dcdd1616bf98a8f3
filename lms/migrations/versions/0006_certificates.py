"""certificates, ToT co-facilitation records, pool members, rate-limit windows

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 12:10:00

"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=32), nullable=False),
    sa.Column('verification_code', sa.String(length=17), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.String(length=32), nullable=False),
    sa.Column('holder_name', sa.String(length=200), nullable=False),
    sa.Column('issued_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('facts_json', sa.Text(), nullable=False),
    sa.Column('signature', sa.String(length=128), nullable=False),
    sa.Column('key_id', sa.String(length=128), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('valid', 'revoked', 'superseded')", name=op.f('ck_certificates_status')),
    sa.CheckConstraint("status != 'revoked' OR revoked_reason IS NOT NULL", name=op.f('ck_certificates_revoked_reason')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_certificates_issued_by_id_users')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_certificates_revoked_by_id_users')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['certificates.id'], name=op.f('fk_certificates_superseded_by_id_certificates')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificates_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificates_serial')),
    sa.UniqueConstraint('verification_code', name=op.f('uq_certificates_verification_code'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_certificates_one_valid', ['user_id', 'programme'], unique=True,
                              sqlite_where=sa.text("status = 'valid'"),
                              postgresql_where=sa.text("status = 'valid'"))

    op.create_table('co_facilitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('observer_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('recorded_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_co_facilitations_rating')),
    sa.ForeignKeyConstraint(['observer_id'], ['users.id'], name=op.f('fk_co_facilitations_observer_id_users')),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_co_facilitations_trainee_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_co_facilitations'))
    )
    with op.batch_alter_table('co_facilitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_co_facilitations_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('pool_members',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('modules', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_pool_members_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_pool_members'))
    )
    op.create_table('rate_windows',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('window_start', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'window_start', name=op.f('pk_rate_windows'))
    )


def downgrade():
    op.drop_table('rate_windows')
    op.drop_table('pool_members')
    with op.batch_alter_table('co_facilitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_co_facilitations_trainee_id'))
    op.drop_table('co_facilitations')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('uq_certificates_one_valid')
        batch_op.drop_index(batch_op.f('ix_certificates_user_id'))
    op.drop_table('certificates')
