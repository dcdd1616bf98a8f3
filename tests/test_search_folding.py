"""One search folding everywhere: Python, SQLite's lms_fold(), PostgreSQL, and every caller.

The copies this replaced disagreed: one turned the Russian short "й" into "и", one left the
Turkish dotless "ı" alone. The agreed behaviour: "й" stays a letter of its own, "ı" and "İ" are
plain "i", accents and case never matter.
"""

import pytest
import sqlalchemy as sa
from support import login

from lms.i18n import collation
from lms.i18n.collation import fold, folded

AGREED = [
    ("Йомуд", "йомуд"),
    ("ЙОМУД", "йомуд"),
    ("Işık", "isik"),
    ("IŞIK", "isik"),
    ("İstanbul", "istanbul"),
    ("Ýazgül", "yazgul"),
    ("Ёлкин", "елкин"),
    ("Аннаев", "аннаев"),
    ("Aşgabat", "asgabat"),
    ("Straße", "strasse"),
]


@pytest.mark.parametrize(("text", "expected"), AGREED)
def test_fold_pins_the_agreed_behaviour(text, expected):
    assert fold(text) == expected


def test_short_i_is_not_plain_i():
    assert fold("Йомуд") != fold("Иомуд")


def test_the_database_folds_exactly_like_python(app):
    from lms.core.extensions import db

    words = [text for text, _folded in AGREED] + ["".join(collation._LETTERS)]
    with app.app_context():
        dialect = db.engine.dialect.name
        for word in words:
            in_sql = db.session.scalar(sa.select(folded(sa.literal(word), dialect)))
            assert in_sql == fold(word), word


PEOPLE = {"yomud": "Йомуд Аннаев", "isik": "Işık Demir", "yazgul": "Ýazgül Orazowa"}


def _found(searches, query: str) -> set[str]:
    return {username for username, name in PEOPLE.items() if name in searches(query)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("йомуд", {"yomud"}),
        ("ЙОМУД", {"yomud"}),
        ("иомуд", set()),
        ("isik", {"isik"}),
        ("IŞIK", {"isik"}),
        ("ışık", {"isik"}),
        ("yazgul", {"yazgul"}),
        ("ÝAZGÜL", {"yazgul"}),
    ],
)
def test_every_search_agrees(app, client, factory, query, expected):
    from lms.certificates import pool
    from lms.certificates.models import Certificate
    from lms.core.extensions import db

    factory.user("boss", "admin")
    for username, full_name in PEOPLE.items():
        user = factory.user(username, full_name=full_name)
        db.session.add(
            Certificate(
                serial=f"T-{username}",
                verification_code=f"CODE-{username}",
                user_id=user.id,
                programme=pool.POOL_PROGRAMME,
                holder_name=full_name,
                facts_json="{}",
                signature="-",
                key_id="-",
                status_index=user.id,
            )
        )
    db.session.commit()
    login(client, "boss")

    def admin_page(q):
        return client.get("/admin/users", query_string={"q": q}).get_data(as_text=True)

    def pool_names(q):
        with app.app_context():  # the renewal rule is read from the configuration
            return " | ".join(entry.user.full_name for entry in pool.register(q))

    assert _found(admin_page, query) == expected  # SQL: lms_fold() or the PostgreSQL form
    assert _found(pool_names, query) == expected  # Python, the trainer pool's search


def test_the_privacy_guard_finds_a_name_whatever_its_case_accents_or_script():
    # The guard's key also transliterates Cyrillic (lms.core.privacy.names.fold): a name-matching
    # key across scripts, a different job from search folding, which keeps each script.
    from lms.core.privacy import scan_text

    for text in ("Bu gün AÝNA bilen gürleşdim.", "Bu gün Aýna bilen", "Сегодня с Айной"):
        assert scan_text(text), text
