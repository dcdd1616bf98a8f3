"""competency codes stored on each quiz response

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 09:00:00

Profiles, heatmaps, the national view and certificate eligibility read the codes of every
answered question; until now they parsed each attempt's question snapshot (kilobytes of JSON)
to find them. The codes are copied from the snapshot when the attempt is started, and filled
in here for the attempts that exist.
"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TAG = "competency:"
BATCH = 2000


def _codes(question):
    codes = [t[len(TAG):] for t in question.get("tags", ()) if t.startswith(TAG)]
    return " ".join(codes)


def upgrade():
    with op.batch_alter_table('quiz_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('competencies', sa.Text(), nullable=False, server_default=''))
    connection = op.get_bind()
    attempts = sa.table('quiz_attempts', sa.column('id'), sa.column('questions_json'))
    responses = sa.table(
        'quiz_responses', sa.column('attempt_id'), sa.column('position'), sa.column('competencies')
    )
    update = (
        responses.update()
        .where(responses.c.attempt_id == sa.bindparam('a'), responses.c.position == sa.bindparam('p'))
        .values(competencies=sa.bindparam('c'))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(attempts.c.id, attempts.c.questions_json)
            .where(attempts.c.id > last)
            .order_by(attempts.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        params = []
        for attempt_id, questions_json in rows:
            for position, question in enumerate(json.loads(questions_json or "[]")):
                codes = _codes(question)
                if codes:
                    params.append({'a': attempt_id, 'p': position, 'c': codes})
        if params:
            connection.execute(update, params)
        last = rows[-1][0]


def downgrade():
    with op.batch_alter_table('quiz_responses', schema=None) as batch_op:
        batch_op.drop_column('competencies')
