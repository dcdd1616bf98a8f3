"""the language a quiz attempt was served in

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 10:00:00

Quizzes are served in Turkmen or Russian where the module has a translated quiz file; the
questions keep their English ids, so statistics and competency evidence stay one question across
languages, and the attempt records which language its snapshot is in. Attempts made before
translations existed were served in English.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('language', sa.String(length=8), nullable=False, server_default='en')
        )


def downgrade():
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_column('language')
