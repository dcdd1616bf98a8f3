"""competency statuses set by hand by trainers; index for the users list

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 13:00:00

"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('competency_status_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('set_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('not_yet', 'developing', 'proficient')", name=op.f('ck_competency_status_overrides_status')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_competency_status_overrides_set_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_competency_status_overrides_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competency_status_overrides'))
    )
    with op.batch_alter_table('competency_status_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competency_status_overrides_user_id'), ['user_id'], unique=False)
    # The admin's user list is sorted by name: an index keeps it flat as universities add students.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_full_name_id', ['full_name', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_full_name_id')
    with op.batch_alter_table('competency_status_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competency_status_overrides_user_id'))
    op.drop_table('competency_status_overrides')
