"""Reading the velayat/etrap data file, with ``FILE:line: message`` for every mistake in it.

The file is edited by programme staff when units are abolished or created; a mistake must point
at the line to fix, never end in a traceback or a database error halfway through.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from flask_babel import gettext as _

from lms.accounts.models.regions import REGION_KINDS

LANGUAGES = ("tk", "ru", "en")
CODE_MAX = 32  # regions.code
NAME_MAX = 100  # regions.name_*


class RegionDataError(ValueError):
    """The data file cannot be used; the message starts with ``FILE:line:``."""


@dataclass(frozen=True)
class RegionEntry:
    code: str
    kind: str
    names: dict[str, str]
    valid_from: date | None
    valid_to: date | None
    parent_code: str | None
    line: int


class _Located(dict):
    """A YAML mapping that knows the line it starts on."""

    line = 1


class _Loader(yaml.SafeLoader):
    pass


def _located_mapping(loader: _Loader, node: yaml.MappingNode):
    mapping = _Located()
    mapping.line = node.start_mark.line + 1
    yield mapping
    mapping.update(loader.construct_mapping(node))


def _checked_timestamp(loader: _Loader, node: yaml.ScalarNode):
    """A date such as 2025-13-01 is a YAML error at its line (PyYAML raises a bare ValueError)."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _located_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _checked_timestamp)


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.seen: dict[str, int] = {}

    def error(self, line: int, message: str) -> RegionDataError:
        return RegionDataError(f"{self.path}:{line}: {message}")

    def entries(self, items: object, parent: RegionEntry | None, line: int) -> list[RegionEntry]:
        if not isinstance(items, list):
            if parent is None:
                raise self.error(line, _("expected a list of velayats"))
            raise self.error(line, _("%(code)s: units must be a list", code=parent.code))
        found = []
        for item in items:
            if not isinstance(item, _Located):
                raise self.error(line, _("each unit needs a code, a kind and a name"))
            entry = self.entry(item, parent)
            found.append(entry)
            if parent is None and "units" in item:
                found += self.entries(item["units"], entry, item.line)
        return found

    def entry(self, item: _Located, parent: RegionEntry | None) -> RegionEntry:
        for field in ("code", "kind", "name"):
            if item.get(field) in (None, ""):
                raise self.error(item.line, _("%(field)s is missing", field=field))
        code = self.code(item)
        if item["kind"] not in REGION_KINDS:
            raise self.error(
                item.line,
                _(
                    "%(code)s: kind must be one of %(kinds)s, not %(value)s",
                    code=code,
                    kinds=", ".join(REGION_KINDS),
                    value=repr(item["kind"]),
                ),
            )
        valid_from = self.date(item, code, "valid_from")
        valid_to = self.date(item, code, "valid_to")
        if valid_from and valid_to and valid_to <= valid_from:
            raise self.error(item.line, _("%(code)s: valid_to must be after valid_from", code=code))
        return RegionEntry(
            code=code,
            kind=item["kind"],
            names=self.names(item, code),
            valid_from=valid_from,
            valid_to=valid_to,
            parent_code=parent.code if parent else None,
            line=item.line,
        )

    def code(self, item: _Located) -> str:
        code = str(item["code"])
        if len(code) > CODE_MAX:
            raise self.error(
                item.line,
                _("%(code)s: a code has at most %(max)d characters", code=code, max=CODE_MAX),
            )
        if code in self.seen:
            raise self.error(
                item.line,
                _(
                    "%(code)s: the code is used twice (also on line %(line)d)",
                    code=code,
                    line=self.seen[code],
                ),
            )
        self.seen[code] = item.line
        return code

    def names(self, item: _Located, code: str) -> dict[str, str]:
        names = item["name"]
        good = isinstance(names, dict) and all(
            isinstance(names.get(lang), str) and 0 < len(names[lang].strip()) <= NAME_MAX
            for lang in LANGUAGES
        )
        if not good:
            raise self.error(
                item.line,
                _(
                    "%(code)s: name needs a text of at most %(max)d characters "
                    "for each of tk, ru and en",
                    code=code,
                    max=NAME_MAX,
                ),
            )
        return {lang: names[lang].strip() for lang in LANGUAGES}

    def date(self, item: _Located, code: str, field: str) -> date | None:
        value = item.get(field)
        if value is None or isinstance(value, date):
            return value
        raise self.error(
            item.line,
            _(
                "%(code)s: %(field)s must be an ISO date (YYYY-MM-DD), not %(value)s",
                code=code,
                field=field,
                value=repr(value),
            ),
        )


def read_region_file(path: Path) -> list[RegionEntry]:
    """Every unit of the file, each velayat before its units; raises ``RegionDataError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        error = exc.strerror if isinstance(exc, OSError) else exc.reason
        where = f"{path}:1"  # FILE:line like every other problem with the file
        raise RegionDataError(
            _("%(path)s: cannot read the file (%(error)s).", path=where, error=error)
        ) from None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        where = f"{path}:{line}"
        raise RegionDataError(
            _("%(path)s: not valid YAML: %(error)s", path=where, error=problem)
        ) from None
    return _Reader(path).entries(data, None, 1)
