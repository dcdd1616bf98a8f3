"""Checks every package gets whatever its format, and the order of its tree.

The tree is made of ``isChildOf`` associations between items of the package (an item that is
a child of the document, or of nothing, is at the top). An item with several ``isChildOf``
associations (CASE allows it) hangs under the first one by ``sequenceNumber``; the others are
kept as associations.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from flask_babel import gettext as _

from lms.competencies.package import FrameworkPackage, PackageAssociation, PackageItem, Problem

_NUMBER = re.compile(r"([0-9]+)")  # ASCII only: \d also matches ١, which int() reads as 1


def natural_key(text: str | None) -> tuple:
    """ "L1.2" before "L1.10": digits compare as numbers."""
    parts = _NUMBER.split(text or "")
    return tuple(
        (0, int(p), "") if _NUMBER.fullmatch(p) else (1, 0, p.casefold()) for p in parts if p
    )


def _duplicates(package: FrameworkPackage) -> list[Problem]:
    problems = []
    keyed = [("identifier", i.identifier, i.line) for i in package.items]
    keyed += [("code", i.code, i.line) for i in package.items if i.code]
    keyed += [("association", a.identifier, a.line) for a in package.associations]
    first: dict[tuple[str, str], tuple[str, int]] = {}
    for kind, value, line in keyed:
        # Codes that differ only in compatibility forms ("A1", "A¹", full-width "Ａ1") read the
        # same to a person and clash once normalised, so they are one code.
        key = (kind, unicodedata.normalize("NFKC", value) if kind == "code" else value)
        if key not in first:
            first[key] = (value, line)
        elif first[key][0] == value:
            problems.append(Problem(line, _used_twice(kind, value, first[key][1])))
        else:
            problems.append(Problem(line, _same_code(value, *first[key])))
    if package.item(package.identifier) is not None:
        problems.append(
            Problem(package.line, _("an item has the identifier of the document itself"))
        )
    return problems


def _same_code(value: str, earlier: str, line: int) -> str:
    return _(
        "code “%(value)s” is the same as “%(earlier)s” (first on line %(line)d) once "
        "compatibility characters such as superscripts are read as plain ones",
        value=value,
        earlier=earlier,
        line=line,
    )


def _used_twice(kind: str, value: str, first: int) -> str:
    if kind == "identifier":
        return _(
            "identifier “%(value)s” is used twice (first on line %(line)d)", value=value, line=first
        )
    if kind == "code":
        return _("code “%(value)s” is used twice (first on line %(line)d)", value=value, line=first)
    return _(
        "association identifier “%(value)s” is used twice (first on line %(line)d)",
        value=value,
        line=first,
    )


def first_parents(package: FrameworkPackage) -> dict[str, PackageAssociation | None]:
    """Each item's tree link: its first ``isChildOf`` by sequenceNumber (None: none at all)."""
    links: dict[str, list[PackageAssociation]] = defaultdict(list)
    for association in package.associations:
        if association.association_type == "isChildOf":
            links[association.origin].append(association)
    chosen: dict[str, PackageAssociation | None] = {}
    for item in package.items:
        candidates = sorted(
            links.get(item.identifier, []),
            key=lambda a: (a.sequence_number is None, a.sequence_number or 0),
        )
        chosen[item.identifier] = candidates[0] if candidates else None
    return chosen


def parent_links(package: FrameworkPackage) -> dict[str, str | None]:
    """Each item's parent identifier (None at the top of the tree)."""
    items = {i.identifier for i in package.items}
    parents = {}
    for identifier, link in first_parents(package).items():
        target = link.destination_identifier if link else None
        parents[identifier] = target if target in items else None
    return parents


def _references(package: FrameworkPackage) -> list[Problem]:
    problems = []
    items = {i.identifier for i in package.items}
    for a in package.associations:
        if a.origin not in items:
            problems.append(
                Problem(
                    a.line,
                    _(
                        "%(type)s: origin “%(origin)s” is not an item here",
                        type=a.association_type,
                        origin=a.origin,
                    ),
                )
            )
        if a.association_type == "isChildOf" and a.destination_identifier not in items | {
            package.identifier
        }:
            problems.append(
                Problem(
                    a.line,
                    _(
                        "isChildOf points at “%(target)s”, which is neither an item of this "
                        "framework nor the framework itself",
                        target=a.destination_identifier,
                    ),
                )
            )
    return problems


def _cycles(package: FrameworkPackage) -> list[Problem]:
    """Every isChildOf cycle between items (depth-first search), at its first item's line."""
    items = {i.identifier: i for i in package.items}
    edges: dict[str, set[str]] = defaultdict(set)
    for a in package.associations:
        tree_link = a.association_type == "isChildOf" and a.origin in items
        if tree_link and a.destination_identifier in items:
            edges[a.origin].add(a.destination_identifier)
    problems: list[Problem] = []
    state: dict[str, str] = {}  # "open" while on the current path, then "done"
    for start in items:
        if start in state:
            continue
        path, pending = [start], [iter(sorted(edges[start]))]
        state[start] = "open"
        while path:
            target = next(pending[-1], None)
            if target is None:
                state[path.pop()] = "done"
                pending.pop()
            elif state.get(target) == "open":
                loop = path[path.index(target) :] + [target]
                names = " → ".join(items[i].label for i in loop)
                problems.append(
                    Problem(items[loop[0]].line, _("isChildOf cycle: %(names)s", names=names))
                )
            elif target not in state:
                state[target] = "open"
                path.append(target)
                pending.append(iter(sorted(edges[target])))
    return problems


def check_structure(package: FrameworkPackage) -> list[Problem]:
    return _duplicates(package) + _references(package) + _cycles(package)


def _sibling_key(item: PackageItem, index: int, link, by_code: bool) -> tuple:
    number = link.sequence_number if link else None
    return (
        number is None,
        number or 0,
        natural_key(item.extra.get("case", {}).get("listEnumeration")),
        natural_key(item.code) if by_code else (),
        index,
    )


def tree_order(package: FrameworkPackage) -> list[tuple[PackageItem, str | None, int]]:
    """(item, parent identifier, depth) in pre-order. CASE siblings go by sequenceNumber, then
    listEnumeration, then code read naturally (as OpenSALT shows them); YAML and Moodle
    siblings keep the order of the file."""
    links = first_parents(package)
    parents = parent_links(package)
    children: dict[str | None, list[tuple[tuple, PackageItem]]] = defaultdict(list)
    for index, item in enumerate(package.items):
        key = _sibling_key(item, index, links[item.identifier], package.origin == "case")
        children[parents[item.identifier]].append((key, item))
    ordered: list[tuple[PackageItem, str | None, int]] = []
    stack = [(item, None, 0) for _k, item in sorted(children[None], key=lambda p: p[0])][::-1]
    while stack:
        item, parent, depth = stack.pop()
        ordered.append((item, parent, depth))
        below = sorted(children[item.identifier], key=lambda p: p[0])
        stack.extend((child, item.identifier, depth + 1) for _k, child in reversed(below))
    return ordered
