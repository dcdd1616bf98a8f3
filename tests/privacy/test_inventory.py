"""No table that refers to a person can be forgotten by the personal-data export: every column
that refers to users.id either makes a row the person's (exported) or is listed with the reason
its rows are someone else's record."""

from lms.core.extensions import db
from lms.privacy.inventory import ABOUT, NOT_THEIRS, OWN, VIA, WITHHELD, exported_tables


def _user_references() -> set[str]:
    found = set()
    for table in db.metadata.tables.values():
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                found.add(f"{table.name}.{column.name}")
    return found


def _own_columns() -> set[str]:
    return {f"{table}.{column}" for table, columns in OWN.items() for column in columns}


def test_every_reference_to_a_person_is_exported_or_excluded_with_a_reason(app):
    with app.app_context():
        references = _user_references()
    forgotten = references - _own_columns() - set(NOT_THEIRS) - {"users.id"}
    assert not forgotten, f"export these (inventory.OWN) or give a reason (NOT_THEIRS): {forgotten}"
    assert all(reason.strip() for reason in NOT_THEIRS.values())


def test_the_inventory_names_only_real_tables_and_columns(app):
    with app.app_context():
        tables = db.metadata.tables
        references = _user_references()
        for name in exported_tables():
            assert name in tables, name
        for name, columns in OWN.items():
            assert all(column in tables[name].c for column in columns), name
        for name, ways in VIA.items():
            for via in ways:
                assert via.column in tables[name].c and via.parent in (*OWN, *VIA)
                assert via.parent_column in tables[via.parent].c
        for name, columns in WITHHELD.items():
            assert columns <= set(tables[name].c.keys()), name
    assert set(NOT_THEIRS) <= references  # no stale excuse for a column that has gone
    assert (_own_columns() - {"users.id"}) <= references
    assert set(ABOUT) == set(exported_tables())  # each file of the export is explained


def test_a_new_reference_would_be_caught(app):
    with app.app_context():
        references = _user_references()
    assert "practice_entries.trainee_id" in references  # the walk sees the real references
    assert "practice_entries.reviewed_by_id" in references
