"""practice entries written offline carry the id the phone gave them

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 18:20:00

An entry written without a connection is sent when the connection returns, perhaps more than
once (a dropped answer, two tabs). The id the phone made for it is kept, unique per trainee, so a
repeat finds the entry already stored instead of making a second one. Entries written online
have none (NULLs never collide). Added with ALTER TABLE and CREATE INDEX, not a table rebuild,
so the triggers that freeze approved entries stay in place on SQLite.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('practice_entries', sa.Column('client_id', sa.String(length=64), nullable=True))
    op.create_index(
        'ix_practice_entries_trainee_client',
        'practice_entries',
        ['trainee_id', 'client_id'],
        unique=True,
    )


def downgrade():
    op.drop_index('ix_practice_entries_trainee_client', table_name='practice_entries')
    op.drop_column('practice_entries', 'client_id')  # ALTER TABLE: the triggers stay
