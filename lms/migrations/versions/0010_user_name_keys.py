"""people's names stored with their sort key in each language

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 10:00:00

Lists of people are ordered in the reader's alphabet. Ordering by a collation made the database
compare every name on each page of the users list (10,000 names nationally, through a Python
function on SQLite); the sort key of each name in each interface language is now stored and
indexed, so a page is read in order from the index. Existing names get their keys here, from
the same function the application uses.
"""
from alembic import op
import sqlalchemy as sa

from lms.i18n.collation import sort_key


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

LANGUAGES = ('tk', 'ru', 'en')
BATCH = 2000


def _key_type():
    return sa.String(length=800).with_variant(sa.String(length=800, collation='C'), 'postgresql')


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for language in LANGUAGES:
            batch_op.add_column(
                sa.Column(f'name_key_{language}', _key_type(), nullable=False, server_default='')
            )
    connection = op.get_bind()
    users = sa.table('users', sa.column('id'), sa.column('full_name'),
                     *(sa.column(f'name_key_{language}') for language in LANGUAGES))
    update = (
        users.update()
        .where(users.c.id == sa.bindparam('user_id'))
        .values({f'name_key_{language}': sa.bindparam(f'k_{language}') for language in LANGUAGES})
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(users.c.id, users.c.full_name)
            .where(users.c.id > last)
            .order_by(users.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        params = []
        for user_id, full_name in rows:
            keys = {f'k_{language}': sort_key(full_name, language) for language in LANGUAGES}
            params.append({'user_id': user_id, **keys})
        connection.execute(update, params)
        last = rows[-1][0]
    with op.batch_alter_table('users', schema=None) as batch_op:
        for language in LANGUAGES:
            batch_op.create_index(
                batch_op.f(f'ix_users_name_key_{language}_id'), [f'name_key_{language}', 'id'], unique=False
            )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        for language in LANGUAGES:
            batch_op.drop_index(batch_op.f(f'ix_users_name_key_{language}_id'))
            batch_op.drop_column(f'name_key_{language}')
