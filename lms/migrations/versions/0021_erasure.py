"""erasure of a departed trainee: when the account was erased

Revision ID: 0021_erasure
Revises: 0020_xapi
Create Date: 2026-12-07 01:00:00

The row of an erased person stays (certificates and signed-off practice refer to it), with a
pseudonym in place of the name; ``erased_at`` says that it was erased, and when.

"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0021_erasure'
down_revision = "0020_xapi"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('erased_at', lms.core.database.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
