"""docs/hardening.md maps each finding of issue 16 to its fix and its tests: every file and test
it names exists, and every finding has at least one of each."""

from __future__ import annotations

import re

from lms.core.config import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "hardening.md"
TESTS = PROJECT_ROOT / "tests"
# `file.py::test_name`, or `::test_name` for another test of the file named before it in the row
REFERENCE = re.compile(r"`([\w/]+\.py)?::(test_\w+)`")
# The fix: `lms/...`, a module, template, style sheet or package of the platform
FIX = re.compile(r"`(lms/[\w/.-]*)`")


def rows() -> dict[int, str]:
    found = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| (\d+) \|", line)
        if match:
            found[int(match.group(1))] = line
    return found


def test_every_finding_has_a_row_with_a_test():
    table = rows()
    assert sorted(table) == list(range(1, 19))
    assert all(REFERENCE.search(line) for line in table.values())


def _columns(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split(" | ")]


def test_every_finding_names_its_fix_and_the_files_exist():
    missing = []
    for number, line in rows().items():
        number_cell, _finding, fix, tests = _columns(line)
        paths = FIX.findall(fix)
        assert paths, f"finding {number}: the Fix column names no file under lms/"
        assert not FIX.findall(tests) and REFERENCE.search(tests), f"finding {number}: columns"
        missing += [f"finding {number}: {p}" for p in paths if not (PROJECT_ROOT / p).exists()]
    assert not missing, missing


def test_every_test_the_table_names_exists():
    missing = []
    for number, line in rows().items():
        current = None
        for file, name in REFERENCE.findall(line):
            current = file or current
            assert current, f"finding {number}: ::{name} names no file before it"
            source = (TESTS / current).read_text(encoding="utf-8")
            if not re.search(rf"^(?:async )?def {name}\(", source, re.MULTILINE):
                missing.append(f"finding {number}: {current}::{name}")
    assert not missing, missing
