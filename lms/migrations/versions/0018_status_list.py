"""revocation everyone can see: each certificate's entry in the published status list

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06 21:45:00

Every certificate gets a status list index, never reused; existing ones are numbered from 0 in
the order they were issued (issue time, then id). The signed Bitstring Status List credentials
are kept in status_lists (built by the application on first use).

"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('status_lists',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('credential_json', sa.Text(), nullable=False),
    sa.Column('valid_from', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('valid_until', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_status_lists'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_index', sa.Integer(), nullable=True))
    # Deterministic: the order of issue, ties broken by id (both backends have ROW_NUMBER).
    op.execute(
        "UPDATE certificates SET status_index = ("
        " SELECT numbered.n FROM ("
        "  SELECT id, ROW_NUMBER() OVER (ORDER BY issued_at, id) - 1 AS n FROM certificates"
        " ) AS numbered WHERE numbered.id = certificates.id)"
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.alter_column('status_index', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_certificates_status_index'), ['status_index'])


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_certificates_status_index'), type_='unique')
        batch_op.drop_column('status_index')
    op.drop_table('status_lists')
