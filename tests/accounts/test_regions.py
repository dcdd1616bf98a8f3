"""The velayat/etrap list: loaded from the data file, idempotent, with validity periods."""

from datetime import date

import pytest
from sqlalchemy import func, select
from support import dispose, make_app_for

from lms.accounts.models import Region
from lms.accounts.regions import sync_regions
from lms.core.extensions import db


def test_sync_is_idempotent_and_covers_every_velayat(app):
    with app.app_context():
        first = sync_regions()
        second = sync_regions()
        total = db.session.scalar(select(func.count()).select_from(Region))
        tops = set(db.session.scalars(select(Region.name_tk).where(Region.parent_id.is_(None))))
    assert first == second == total
    assert tops == {"Ahal", "Balkan", "Daşoguz", "Lebap", "Mary", "Aşgabat"}


def test_an_abolished_and_restored_etrap_keeps_both_periods(app):
    with app.app_context():
        old = db.session.scalar(select(Region).where(Region.code == "DZ-GUB"))
        new = db.session.scalar(select(Region).where(Region.code == "DZ-GUB-2025"))
    assert old.is_valid_on(date(2021, 5, 1)) and not old.is_valid_on(date(2023, 1, 1))
    assert new.is_valid_on(date(2026, 1, 1)) and not new.is_valid_on(date(2024, 1, 1))
    assert old.name_tk == new.name_tk == "Gubadag"
    assert old.velayat.name_tk == "Daşoguz"


def _region_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Region))


def test_the_command_syncs_the_shipped_list(app, runner):
    result = runner.invoke(args=["regions", "sync"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert result.output.strip() == f"{_region_count()} regions up to date."


BAD_UNIT = """\
- code: NEW
  kind: velayat
  name: {tk: "Täze", ru: "Новый", en: "New"}
  units:
    - {code: NEW-A, kind: etrap, name: {tk: "A", ru: "А", en: "A"}}
    - {code: NEW-B, kind: town, name: {tk: "B", ru: "Б", en: "B"}}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BAD_UNIT, ":6: NEW-B: kind must be one of velayat, city, etrap, not 'town'"),
        ("- {code: NEW, kind: velayat, name: {tk: a, ru: b}}", ":1: NEW: name needs a text"),
        ("- {code: NEW, name: {tk: a, ru: b, en: c}}", ":1: kind is missing"),
        ("velayats: [", ":1: not valid YAML: "),
        ("\n- {code: NEW, kind: city, name: {tk: a, ru: b, en: c}, valid_to: 2025-02-30}", ":2: "),
        ("- {code: NEW, kind: city, name: {tk: a, ru: b, en: c}, valid_to: soon}", ":1: NEW: "),
        ("code: NEW", ":1: expected a list of velayats"),
        (
            "- {code: X, kind: city, name: {tk: a, ru: b, en: c}}\n"
            "- {code: X, kind: city, name: {tk: a, ru: b, en: c}}",
            ":2: X: the code is used twice (also on line 1)",
        ),
    ],
)
def test_a_bad_file_is_refused_at_its_line_and_nothing_is_written(
    app, runner, tmp_path, text, expected
):
    path = tmp_path / "regions.yaml"
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        before = _region_count()
    result = runner.invoke(args=["regions", "sync", "--file", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}{expected}"), result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert _region_count() == before
        assert db.session.scalar(select(Region).where(Region.code == "NEW")) is None


def test_a_missing_file_is_refused(runner, tmp_path):
    path = tmp_path / "nowhere.yaml"
    result = runner.invoke(args=["regions", "sync", "--file", str(path)])
    assert result.exit_code == 1
    assert result.output == f"{path}:1: cannot read the file (No such file or directory).\n"


def test_before_the_schema_exists_the_command_says_to_upgrade(empty_database):
    app = make_app_for(empty_database)
    try:
        result = app.test_cli_runner().invoke(args=["regions", "sync"])
    finally:
        dispose(app)
    assert result.exit_code == 1
    assert "run `lms db upgrade` first" in result.output
    assert "Traceback" not in result.output
