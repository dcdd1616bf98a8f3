"""The lock files in requirements/ agree with pyproject.toml: a fresh clone gets what it declares.

`make lock` recompiles them; this test fails when someone edits pyproject.toml and forgets to.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(name: str) -> dict[str, str]:
    """``{package: version}`` of a lock file; every pin carries at least one hash."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = PIN.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{name}: {match[1]} is pinned without a hash"
            found[canonicalize_name(match[1])] = match[2]
    return found


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def build_requirements() -> list[str]:
    lines = (ROOT / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def assert_locked(requirements: list[str], locked: dict[str, str], lock: str) -> None:
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is required but not in {lock}: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{lock} pins {name}=={locked[name]}, outside {requirement}: run `make lock`"
        )


def test_the_runtime_lock_satisfies_the_declared_dependencies():
    assert_locked(project()["project"]["dependencies"], pins("main.txt"), "main.txt")


def test_the_test_lock_satisfies_runtime_and_test_dependencies():
    declared = project()["project"]
    wanted = declared["dependencies"] + declared["optional-dependencies"]["test"]
    assert_locked(wanted, pins("test.txt"), "test.txt")


def test_building_the_package_needs_nothing_outside_the_lock():
    build = project()["build-system"]["requires"]
    assert sorted(build) == sorted(build_requirements()), "requirements/build.in != build-system"
    assert_locked(build, pins("main.txt"), "main.txt")
    assert_locked(build, pins("test.txt"), "test.txt")


def test_both_locks_pin_the_same_version_of_what_they_share():
    main, test = pins("main.txt"), pins("test.txt")
    differ = {name: (main[name], test[name]) for name in main.keys() & test.keys()}
    differ = {name: versions for name, versions in differ.items() if len(set(versions)) > 1}
    assert not differ, f"main.txt and test.txt disagree: {differ}"
    assert main.keys() <= test.keys()


@pytest.mark.parametrize("lock", ["main.txt", "test.txt"])
def test_a_lock_names_no_package_index(lock):
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    assert not re.search(r"^\s*--(extra-)?index-url", text, re.MULTILINE)
