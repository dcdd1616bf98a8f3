"""quiz close dates per cohort; bounced e-mails and the addresses they flag

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 21:40:00

A cohort's trainer sets the last day its trainees may start a module's quiz
(quiz_close_dates). An e-mail the mail server refused for good is "bounced" (not tried again),
and the person's address is flagged (mail_bounces) until they change it.

"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quiz_close_dates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.String(length=32), nullable=False),
    sa.Column('module', sa.String(length=64), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_quiz_close_dates_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_quiz_close_dates_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_close_dates')),
    sa.UniqueConstraint('cohort_id', 'programme', 'module', name=op.f('uq_quiz_close_dates_cohort_id_programme_module'))
    )
    op.create_index('ix_quiz_close_dates_closes_on', 'quiz_close_dates', ['closes_on'], unique=False)
    op.create_table('mail_bounces',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('bounced_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_bounces_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_mail_bounces'))
    )
    with op.batch_alter_table('email_outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_email_outbox_status'), type_='check')
        batch_op.create_check_constraint(
            'status', "status IN ('queued', 'sending', 'sent', 'failed', 'bounced')"
        )


def downgrade():
    op.execute("UPDATE email_outbox SET status = 'failed' WHERE status = 'bounced'")
    with op.batch_alter_table('email_outbox', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_email_outbox_status'), type_='check')
        batch_op.create_check_constraint(
            'status', "status IN ('queued', 'sending', 'sent', 'failed')"
        )
    op.drop_table('mail_bounces')
    op.drop_index('ix_quiz_close_dates_closes_on', table_name='quiz_close_dates')
    op.drop_table('quiz_close_dates')
