"""quizzes and attempts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00

"""
from alembic import op
import sqlalchemy as sa
import lms.core.database


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# At most one attempt in progress per trainee and quiz (a partial unique index).
ONLY_IN_PROGRESS = "state = 'in_progress'"


def upgrade():
    op.create_table('quiz_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.String(length=32), nullable=False),
    sa.Column('module', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('started_at', lms.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deadline', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_by', sa.String(length=16), nullable=True),
    sa.Column('late_answers_ignored', sa.Boolean(), nullable=False),
    sa.Column('pass_mark', sa.Integer(), nullable=False),
    sa.Column('questions_json', sa.Text(), nullable=False),
    sa.Column('marks', sa.Float(), nullable=True),
    sa.Column('max_marks', sa.Float(), nullable=False),
    sa.Column('grade_percent', sa.Float(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.CheckConstraint("state IN ('in_progress', 'finished', 'needs_grading', 'graded')", name=op.f('ck_quiz_attempts_state')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_quiz_attempts_number')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_quiz_attempts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_attempts')),
    sa.UniqueConstraint('user_id', 'programme', 'module', 'number', name=op.f('uq_quiz_attempts_user_id_programme_module_number'))
    )
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempts_one_in_progress', ['user_id', 'programme', 'module'], unique=True, sqlite_where=sa.text(ONLY_IN_PROGRESS), postgresql_where=sa.text(ONLY_IN_PROGRESS))
        batch_op.create_index('ix_quiz_attempts_quiz', ['programme', 'module', 'state'], unique=False)

    op.create_table('quiz_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=True),
    sa.Column('response_json', sa.Text(), nullable=True),
    sa.Column('saved_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('max_mark', sa.Float(), nullable=False),
    sa.Column('fraction', sa.Float(), nullable=True),
    sa.Column('needs_grading', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', lms.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempts.id'], name=op.f('fk_quiz_responses_attempt_id_quiz_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['marked_by_id'], ['users.id'], name=op.f('fk_quiz_responses_marked_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_responses')),
    sa.UniqueConstraint('attempt_id', 'position', name=op.f('uq_quiz_responses_attempt_id_position'))
    )
    with op.batch_alter_table('quiz_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_responses_question_id'), ['question_id'], unique=False)


def downgrade():
    with op.batch_alter_table('quiz_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_responses_question_id'))

    op.drop_table('quiz_responses')
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempts_quiz')
        batch_op.drop_index('ix_quiz_attempts_one_in_progress')

    op.drop_table('quiz_attempts')
