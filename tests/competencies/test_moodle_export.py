"""Moodle competency CSV out: laid out as Moodle's exporter writes it, and read back by our
importer (and Moodle's) as the same framework: codes, titles, descriptions, tree, order."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from support import login

from lms.competencies.frameworks import framework_by_code, framework_tree
from lms.competencies.importing import import_framework, plan_import, plan_package
from lms.competencies.models import Competency, CompetencyAssociation, Framework
from lms.competencies.moodle_csv import read_moodle_csv
from lms.competencies.moodle_export import HEADERS, export_moodle_csv
from lms.competencies.package import FrameworkPackage, PackageItem, ReadResult, link, stable_uuid
from lms.competencies.programme_frameworks import sync_programme_frameworks
from lms.competencies.structure import tree_order
from lms.core.extensions import db
from lms.core.spreadsheets import FORMULA_PREFIXES

EXAMPLE = "moodle_competency_csv/moodle/example.csv"


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def tree_of(framework: Framework) -> list[tuple]:
    """What must survive a round trip: (code, title, description, parent code) in tree order."""
    return [
        (
            n.competency.code,
            n.competency.full_statement,
            n.competency.description,
            n.competency.parent.code if n.competency.parent else None,
        )
        for n in framework_tree(framework)
    ]


def package_tree(text: str) -> list[tuple]:
    """The same, for the package our importer reads from ``text``."""
    result = read_moodle_csv(text.encode("utf-8"))
    assert result.ok, result.problems
    codes = {item.identifier: item.code for item in result.package.items}
    return [
        (item.code, item.full_statement, item.description, codes.get(parent))
        for item, parent, _depth in tree_order(result.package)
    ]


def related_pairs(framework: Framework) -> set[frozenset]:
    return {
        frozenset((a.origin.code, a.destination.code))
        for a in db.session.scalars(
            select(CompetencyAssociation).where(
                CompetencyAssociation.framework_id == framework.id,
                CompetencyAssociation.association_type == "isRelatedTo",
            )
        )
    }


def test_the_programme_framework_round_trips_through_moodle_csv(app):
    with app.app_context():
        sync_programme_frameworks()
        framework = framework_by_code("TM-SW")
        text = export_moodle_csv(framework)
        result = read_moodle_csv(text.encode("utf-8"))
        assert result.ok, result.problems
        assert (result.package.code, result.package.title) == (framework.code, framework.title)
        assert result.package.source == framework.source
        assert package_tree(text) == tree_of(framework)
        assert len(tree_of(framework)) > 20
        related = {
            frozenset(
                (
                    result.package.item(a.origin).code,
                    result.package.item(a.destination_identifier).code,
                )
            )
            for a in result.package.associations
            if a.association_type == "isRelatedTo"
        }
        assert related == related_pairs(framework) and related


def test_the_programme_framework_row_carries_its_rating_scale_and_taxonomy(app):
    with app.app_context():
        sync_programme_frameworks()
        table = rows(export_moodle_csv(framework_by_code("TM-SW")))
    framework_row = table[1]
    assert framework_row[12] == "1" and framework_row[1] == "TM-SW"
    scale = framework_row[5].split(",")
    assert len(scale) == 5 and scale[2] == "Meets the standard"  # lowest rating first
    assert '{"id":3,"scaledefault":1,"proficient":1}' in framework_row[6]
    assert framework_row[13] == "competency,competency"
    assert all(row[12] == "" and row[4] == "4" for row in table[2:])


def test_the_file_is_laid_out_as_moodle_writes_it(app):
    with app.app_context():
        sync_programme_frameworks()
        raw = export_moodle_csv(framework_by_code("TM-SW")).encode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")  # Moodle's csv_export_writer writes no BOM
    first_line = raw.split(b"\n", 1)[0]
    assert first_line.startswith(b'"Parent id number","Id number",Shortname,Description,')
    assert b"\r" not in raw  # LF between records, as PHP's fputcsv writes
    assert rows(raw.decode())[0] == list(HEADERS)


def test_headers_are_those_of_moodles_own_file(app, shared_fixtures):
    fixture = (shared_fixtures / EXAMPLE).read_bytes()
    with app.app_context():
        sync_programme_frameworks()
        ours = export_moodle_csv(framework_by_code("TM-SW")).encode("utf-8")
    assert ours.split(b"\n", 1)[0] == fixture.split(b"\n", 1)[0]  # byte for byte
    assert fixture[:3] != b"\xef\xbb\xbf"


def snapshot(framework: Framework) -> tuple:
    competencies = [
        (c.identifier, c.code, c.full_statement, c.description, c.position, c.extra)
        for c in db.session.scalars(
            select(Competency)
            .where(Competency.framework_id == framework.id)
            .order_by(Competency.position)
        )
    ]
    return (
        framework.code,
        framework.title,
        framework.source,
        framework.scale_values,
        framework.scale_configuration,
        framework.extra,
        competencies,
        tree_of(framework),
        related_pairs(framework),
    )


def test_moodles_file_imported_exported_and_imported_again_is_unchanged(app, shared_fixtures):
    with app.app_context():
        plan = plan_import("example.csv", (shared_fixtures / EXAMPLE).read_bytes())
        framework = import_framework(plan, actor_id=None)
        db.session.commit()
        before = snapshot(framework)
        exported = export_moodle_csv(framework)
        again = plan_import("again.csv", exported.encode("utf-8"))
        assert again.ok and again.warnings == [], again.formatted()
        import_framework(again, actor_id=None)
        db.session.commit()
        db.session.expire_all()
        framework = framework_by_code("OECD-CORE")
        assert snapshot(framework) == before
        assert export_moodle_csv(framework) == exported
    fixture_rows = rows((shared_fixtures / EXAMPLE).read_bytes().decode("utf-8"))
    ours = rows(exported)
    assert ours[1] == fixture_rows[1]  # the framework row, cell for cell
    # every competency row as Moodle wrote it, with parent, id number and short name trimmed
    # (as both importers keep them), cross references aside
    by_id = {row[1]: [c.strip() for c in row[:3]] + row[3:] for row in fixture_rows[2:]}
    for row in ours[2:]:
        assert row[:10] + row[11:] == by_id[row[1]][:10] + by_id[row[1]][11:]
    assert len(ours) == len(fixture_rows)


def make_framework(code: str, entries, related=()) -> Framework:
    """A framework from (code, title, description, parent code) entries, saved as YAML's are."""
    identifier = stable_uuid("framework", code)
    package = FrameworkPackage(
        origin="yaml", code=code, identifier=identifier, uri=f"urn:uuid:{identifier}", title=code
    )
    items = {}
    for number, (item_code, title, description, _parent) in enumerate(entries, start=1):
        item_id = stable_uuid("framework", code, "competency", item_code)
        items[item_code] = PackageItem(
            identifier=item_id,
            uri=f"urn:uuid:{item_id}",
            full_statement=title,
            code=item_code,
            description=description,
            line=number,
        )
    package.items = list(items.values())
    for item_code, _title, _description, parent in entries:
        target = items[parent] if parent else package
        package.associations.append(link("isChildOf", items[item_code], target, 1))
    for one, other in related:
        package.associations.append(link("isRelatedTo", items[one], items[other], 1))
    plan = plan_package(f"{code}.yaml", "yaml", ReadResult(package))
    assert plan.ok, plan.formatted()
    return import_framework(plan, actor_id=None)


RISKY = [
    ("A", '=HYPERLINK("http://x")', "- a list item in Markdown", None),
    ("A-1", "+1 more", "-2+3", "A"),
    ("A-2", "@SUM(A1)", "'=already quoted-looking", "A"),
    ("B", "'- apostrophe first", "''+two apostrophes", None),
    ("B,1", "Comma, in code", "\tTab first\r\nand a second line", "B"),
]


def test_formula_characters_are_neutralised_and_still_round_trip(app):
    with app.app_context():
        framework = make_framework("RISKY", RISKY, related=[("A-1", "B,1")])
        text = export_moodle_csv(framework)
        cells = [cell for row in rows(text) for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)]
        assert "'- a list item in Markdown" in cells
        assert (
            package_tree(text)
            == tree_of(framework)
            == [(code, title, description, parent) for code, title, description, parent in RISKY]
        )


CODES = st.text(alphabet="ABCDÇÄŽÝ-.,_0123456789", min_size=1, max_size=12).filter(
    lambda code: code.strip() == code
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("\n'-=+@\",")
)
TITLES = TEXT.map(str.strip).filter(bool)


@st.composite
def trees(draw):
    codes = draw(st.lists(CODES, min_size=1, max_size=8, unique=True))
    entries = []
    for index, code in enumerate(codes):
        parent = draw(st.none() | st.sampled_from(codes[:index])) if index else None
        description = draw(st.none() | TEXT.filter(bool))
        entries.append((code, draw(TITLES), description, parent))
    return entries


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=trees(), number=st.integers(min_value=0, max_value=10**6))
def test_any_framework_tree_round_trips(app, entries, number):
    with app.app_context():
        framework = make_framework(f"H{number}", entries)
        assert package_tree(export_moodle_csv(framework)) == tree_of(framework)
        db.session.rollback()


def test_the_command_writes_moodle_csv(app, runner, tmp_path):
    with app.app_context():
        sync_programme_frameworks()
        db.session.commit()
        expected = export_moodle_csv(framework_by_code("TM-SW"))
    out = tmp_path / "tm-sw.csv"
    result = runner.invoke(
        args=["frameworks", "export", "TM-SW", "--format", "moodle-csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == expected.encode("utf-8")
    printed = runner.invoke(args=["frameworks", "export", "TM-SW", "--format", "moodle-csv"])
    assert printed.output == expected


def test_the_framework_page_offers_the_moodle_download(app, client, factory):
    factory.user("tutor", "trainer")
    with app.app_context():
        sync_programme_frameworks()
        db.session.commit()
    login(client, "tutor")
    page = client.get("/competencies/frameworks/TM-SW").get_data(as_text=True)
    assert "/competencies/frameworks/TM-SW/moodle.csv" in page
    response = client.get("/competencies/frameworks/TM-SW/moodle.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "TM-SW.csv" in response.headers["Content-Disposition"]
    assert rows(response.get_data(as_text=True))[1][1] == "TM-SW"


def test_a_short_name_over_moodles_100_characters_is_kept_whole_with_a_warning(app):
    title = "Applies " + "the ethical principles " * 6  # 146 characters
    with app.app_context():
        framework = make_framework("LONG", [("L-1", title.strip(), None, None)])
        text = export_moodle_csv(framework)
    result = read_moodle_csv(text.encode("utf-8"))
    assert result.package.items[0].full_statement == title.strip()
    assert [p.severity for p in result.problems] == ["warning"]
    assert "100" in result.problems[0].message
