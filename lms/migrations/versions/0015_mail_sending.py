"""e-mail sending: the outbox's status and retries, and the days of once-a-day work

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 19:45:00

Each outbox e-mail is queued, claimed by one worker (sending), sent, or failed (with its
attempts and last error; queued again after a failure until its next attempt is due). The
daily digest, run from the queue's every-minute hook, is written once a day (daily_runs).

"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('daily_runs',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('ran_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', 'day', name=op.f('pk_daily_runs'))
    )
    with op.batch_alter_table('email_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=8), nullable=False, server_default='queued'))
        batch_op.add_column(sa.Column('next_attempt_at', lms.core.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', lms.core.database.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE email_outbox SET status = 'sent' WHERE sent_at IS NOT NULL")
    with op.batch_alter_table('email_outbox', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)
        batch_op.create_check_constraint(
            'status', "status IN ('queued', 'sending', 'sent', 'failed')"
        )
        batch_op.create_index('ix_email_outbox_status', ['status', 'next_attempt_at'], unique=False)


def downgrade():
    with op.batch_alter_table('email_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_email_outbox_status')
        batch_op.drop_constraint(op.f('ck_email_outbox_status'), type_='check')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('status')
    op.drop_table('daily_runs')
