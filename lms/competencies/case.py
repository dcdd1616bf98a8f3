"""1EdTech CASE 1.1 packages: reading one into a ``FrameworkPackage`` and writing one out.

Reading accepts CASE 1.0 packages too (OpenSALT writes them): the 1.0-only link fields
``CFPackageURI`` and ``CFDocumentURI`` are dropped, because a 1.1 package may not carry them.
Every other field the platform does not model is kept in ``extra["case"]`` and written back.
"""

from __future__ import annotations

import re
import uuid
from json import JSONDecodeError
from typing import Any

from flask_babel import gettext as _

from lms.competencies.located_json import (
    MAX_DEPTH,
    line_of,
    loads_located,
    lone_surrogate_at,
    too_deep_at,
)
from lms.competencies.models import ASSOCIATION_TYPES, DOMAINS
from lms.competencies.package import (
    FrameworkPackage,
    PackageAssociation,
    PackageItem,
    Problem,
    ReadResult,
)

DOCUMENT_REQUIRED = ("identifier", "uri", "creator", "title", "lastChangeDateTime")
ITEM_REQUIRED = ("identifier", "fullStatement", "uri", "lastChangeDateTime")
ASSOCIATION_REQUIRED = (
    "identifier",
    "associationType",
    "uri",
    "originNodeURI",
    "destinationNodeURI",
    "lastChangeDateTime",
)
NODE_REQUIRED = ("title", "identifier", "uri")
CASE_1_0_ONLY = ("CFPackageURI", "CFDocumentURI")
PACKAGE_KEYS = ("CFDefinitions", "CFRubrics", "extensions")
EXTENSION_TYPE = re.compile(r"^ext:[A-Za-z0-9.\-_|]+$")
MAX_CODE = 255


class _Reader:
    """Collects problems while walking the package; each check records and carries on."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def required(self, obj: dict, keys: tuple[str, ...], where: str) -> bool:
        missing = [k for k in keys if k not in obj or obj[k] is None]
        if missing:
            names = ", ".join(f"“{k}”" for k in missing)
            self.error(
                line_of(obj),
                _("%(where)s: missing required field(s) %(names)s", where=where, names=names),
            )
        wrong = [k for k in keys if k in obj and k not in missing and not _is_text(obj[k], k)]
        for key in wrong:
            self.error(line_of(obj), _wrong_type(where, key))
        return not missing and not wrong

    def uuid_field(self, obj: dict, where: str) -> None:
        if not _is_uuid(obj["identifier"]):
            self.error(
                line_of(obj),
                _(
                    "%(where)s: identifier “%(identifier)s” is not a UUID",
                    where=where,
                    identifier=obj["identifier"],
                ),
            )


def _is_text(value: Any, key: str) -> bool:
    if key in ("originNodeURI", "destinationNodeURI"):
        return isinstance(value, dict)
    return isinstance(value, str) and (bool(value.strip()) or key == "fullStatement")


def _wrong_type(where: str, key: str) -> str:
    if key.endswith("NodeURI"):
        return _("%(where)s: “%(key)s” must be an object", where=where, key=key)
    return _("%(where)s: “%(key)s” must be a non-empty string", where=where, key=key)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


def _kept(obj: dict, modeled: tuple[str, ...]) -> dict:
    return {k: v for k, v in obj.items() if k not in modeled and k not in CASE_1_0_ONLY}


def _document(data: dict, reader: _Reader) -> FrameworkPackage | None:
    document = data.get("CFDocument")
    if not isinstance(document, dict):
        reader.error(line_of(data), _("the package has no “CFDocument” object"))
        return None
    if not reader.required(document, DOCUMENT_REQUIRED, "CFDocument"):
        return None
    reader.uuid_field(document, "CFDocument")
    modeled = ("identifier", "uri", "creator", "title", "version", "description", "language")
    return FrameworkPackage(
        origin="case",
        code=document["identifier"],
        identifier=document["identifier"],
        uri=document["uri"],
        title=document["title"],
        creator=document["creator"],
        version=document.get("version"),
        source=document.get("description"),
        language=document.get("language"),
        extra={
            "case": _kept(document, modeled),
            "package": {k: data[k] for k in PACKAGE_KEYS if k in data},
        },
        line=line_of(document),
    )


def _item(obj: Any, index: int, reader: _Reader, line: int) -> PackageItem | None:
    where = f"CFItems[{index}]"
    if not isinstance(obj, dict):
        reader.error(line, _("%(where)s is not an object", where=where))
        return None
    if not reader.required(obj, ITEM_REQUIRED, where):
        return None
    reader.uuid_field(obj, where)
    code = obj.get("humanCodingScheme") or None
    if code is not None and (not isinstance(code, str) or len(code) > MAX_CODE):
        reader.error(
            line_of(obj),
            _(
                "%(where)s: humanCodingScheme must be text of at most %(max)d chars",
                where=where,
                max=MAX_CODE,
            ),
        )
        code = None
    extensions = obj.get("extensions") if isinstance(obj.get("extensions"), dict) else {}
    domain = extensions.get("domain")
    modeled = ("identifier", "uri", "fullStatement", "humanCodingScheme")
    modeled += ("abbreviatedStatement", "notes")
    return PackageItem(
        identifier=obj["identifier"],
        uri=obj["uri"],
        full_statement=obj["fullStatement"],
        code=code,
        short_name=obj.get("abbreviatedStatement"),
        description=obj.get("notes"),
        domain=domain if domain in DOMAINS else None,
        extra={"case": _kept(obj, modeled)},
        line=line_of(obj),
    )


def _node(obj: dict, key: str, where: str, reader: _Reader) -> dict | None:
    node = obj[key]
    missing = [k for k in NODE_REQUIRED if not isinstance(node.get(k), str)]
    if missing:
        names = ", ".join(f"“{k}”" for k in missing)
        reader.error(
            line_of(node, line_of(obj)),
            _("%(where)s: %(key)s needs %(names)s", where=where, key=key, names=names),
        )
        return None
    return node


def _association(obj: Any, index: int, reader: _Reader, line: int) -> PackageAssociation | None:
    where = f"CFAssociations[{index}]"
    if not isinstance(obj, dict):
        reader.error(line, _("%(where)s is not an object", where=where))
        return None
    if not reader.required(obj, ASSOCIATION_REQUIRED, where):
        return None
    reader.uuid_field(obj, where)
    kind = obj["associationType"]
    if kind not in ASSOCIATION_TYPES and not EXTENSION_TYPE.match(kind):
        reader.error(
            line_of(obj), _("%(where)s: unknown associationType “%(type)s”", where=where, type=kind)
        )
    sequence = obj.get("sequenceNumber")
    if sequence is not None and (not isinstance(sequence, int) or isinstance(sequence, bool)):
        reader.error(line_of(obj), _("%(where)s: sequenceNumber must be an integer", where=where))
        sequence = None
    origin = _node(obj, "originNodeURI", where, reader)
    destination = _node(obj, "destinationNodeURI", where, reader)
    if origin is None or destination is None:
        return None
    modeled = ("identifier", "uri", "associationType", "sequenceNumber", "destinationNodeURI")
    return PackageAssociation(
        identifier=obj["identifier"],
        uri=obj["uri"],
        association_type=kind,
        origin=origin["identifier"],
        destination_identifier=destination["identifier"],
        destination_uri=destination["uri"],
        destination_title=destination["title"],
        sequence_number=sequence,
        extra={
            "case": _kept(obj, modeled),
            "destination": _kept(destination, NODE_REQUIRED),
        },
        line=line_of(obj),
    )


def _array(data: dict, key: str, reader: _Reader) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        reader.error(line_of(data), _("“%(key)s” must be an array", key=key))
        return []
    return value


def _parse(text: str) -> tuple[Any, Problem | None]:
    """The JSON of ``text``, or the problem that stops reading it, with its place."""
    deep = too_deep_at(text)
    if deep is not None:
        message = _("the JSON is nested more than %(depth)d levels deep", depth=MAX_DEPTH)
        return None, Problem(deep, message)
    try:
        data = loads_located(text)
    except JSONDecodeError as exc:
        return None, Problem(exc.lineno, _("not valid JSON: %(error)s", error=exc.msg))
    surrogate = lone_surrogate_at(data)
    if surrogate is not None:
        line, pointer = surrogate
        message = _(
            "the text at %(pointer)s contains an escaped lone surrogate (such as \\ud800), "
            "which is not a character",
            pointer=pointer,
        )
        return None, Problem(line, message)
    return data, None


def read_case(raw: bytes) -> ReadResult:
    """Read a CASE package; the result lists every problem found, with its line."""
    reader = _Reader()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return ReadResult(None, [Problem(line, _("the file is not UTF-8 text"))])
    data, problem = _parse(text)
    if problem is not None:
        return ReadResult(None, [problem])
    if not isinstance(data, dict):
        return ReadResult(None, [Problem(1, _("a CASE package is a JSON object"))])
    package = _document(data, reader)
    top = line_of(data)
    items = [_item(o, i, reader, top) for i, o in enumerate(_array(data, "CFItems", reader))]
    associations = [
        _association(o, i, reader, top)
        for i, o in enumerate(_array(data, "CFAssociations", reader))
    ]
    if package is None:
        return ReadResult(None, reader.problems)
    package.items = [i for i in items if i is not None]
    package.associations = [a for a in associations if a is not None]
    return ReadResult(package, reader.problems)
