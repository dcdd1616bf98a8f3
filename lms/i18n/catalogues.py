"""The interface's message catalogues: extract, update, compile and measure them.

The catalogues live in the package (``lms/translations/<lang>/LC_MESSAGES/messages.po``) and are
compiled to ``.mo`` by the normal set-up (``make demo`` and ``make test`` run ``lms translations
compile``). English is the source language; its catalogue repeats each message so that it, too,
is complete.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, unescape, write_po
from flask_babel import gettext as _
from flask_babel import ngettext

from lms.i18n.languages import SOURCE_LANGUAGE, TRANSLATED_LANGUAGES

PACKAGE_DIR = Path(__file__).resolve().parents[1]
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
TEMPLATE_FILE = TRANSLATIONS_DIR / "messages.pot"
DOMAIN = "messages"

METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS_MAP = {"**/templates/**.html": {"trimmed": "true"}}
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
# Placeholders a translation must keep: %(name)s, %(num)d, %%.
_PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdifgr]|%%")


class CatalogueError(Exception):
    """A catalogue that cannot be read or compiled; the message names the file."""


def po_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extract() -> Catalog:
    """Every translatable message of the package's Python code and templates."""
    template = Catalog(project="lms", charset="utf-8", fuzzy=False)
    found = extract_from_dir(
        PACKAGE_DIR,
        METHOD_MAP,
        OPTIONS_MAP,
        KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        template.add(
            message,
            None,
            [(f"lms/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


_PREVIOUS = re.compile(r'^\| (?:msgctxt |msgid |msgid_plural )?"')


def _previous_ids(catalogue: Catalog) -> Catalog:
    """Babel reads a fuzzy entry's ``#| msgid "..."`` lines as translator comments and writes
    them back as ``# | msgid``, where they would stay after the entry is confirmed: make them
    the entry's previous msgid again while it is fuzzy, and drop them once it is not."""
    for message in catalogue:
        previous = [c for c in message.user_comments if _PREVIOUS.match(c)]
        if not previous:
            continue
        message.user_comments = [c for c in message.user_comments if not _PREVIOUS.match(c)]
        ids = [unescape(c.split(" ", 2)[-1]) for c in previous if c.startswith("| msgid")]
        message.previous_id = ids if message.fuzzy else []
    return catalogue


def read_catalogue(language: str) -> Catalog:
    path = po_path(language)
    try:
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language, domain=DOMAIN, abort_invalid=True)
        return _previous_ids(catalogue)
    except FileNotFoundError:
        raise CatalogueError(
            _("%(path)s: no catalogue; run `lms translations update`", path=path)
        ) from None
    except Exception as exc:  # babel raises its own PoFileError and ValueError subclasses
        raise CatalogueError(f"{path}: {exc}") from None


def _write(catalogue: Catalog, path: Path) -> None:
    for message in catalogue:
        if not message.fuzzy:
            message.previous_id = []  # the old English only helps while a translator checks
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = BytesIO()
    write_po(buffer, catalogue, width=100, include_previous=True, sort_output=False)
    path.write_bytes(buffer.getvalue())


def write_template(template: Catalog) -> Path:
    _write(template, TEMPLATE_FILE)
    return TEMPLATE_FILE


def update(template: Catalog | None = None) -> dict[str, int]:
    """Bring every language's catalogue in line with the code; returns new entries per language.

    New messages arrive untranslated (or fuzzy, when Babel finds a similar old one: a translator
    must confirm it); messages no longer in the code are dropped. English copies each message.
    """
    template = template or extract()
    added: dict[str, int] = {}
    for language in (SOURCE_LANGUAGE, *TRANSLATED_LANGUAGES):
        path = po_path(language)
        if path.exists():
            catalogue = read_catalogue(language)
        else:
            catalogue = Catalog(locale=language, domain=DOMAIN, project="lms", fuzzy=False)
        before = {_key(m) for m in catalogue if m.id}
        # Babel's update shares message objects with the template: give each language its own.
        catalogue.update(deepcopy(template), no_fuzzy_matching=language == SOURCE_LANGUAGE)
        catalogue.obsolete.clear()
        if language == SOURCE_LANGUAGE:
            for message in catalogue:
                if message.id:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        catalogue.fuzzy = False
        catalogue.revision_date = datetime.now().astimezone()
        _write(catalogue, path)
        added[language] = sum(1 for m in catalogue if m.id and _key(m) not in before)
    return added


def compile_all() -> list[Path]:
    """Compile every catalogue to ``.mo``; refuses (writing nothing) on any broken entry."""
    compiled: list[tuple[Path, Catalog]] = []
    for language in (SOURCE_LANGUAGE, *TRANSLATED_LANGUAGES):
        catalogue = read_catalogue(language)
        problems = entry_problems(catalogue)
        if problems:
            listed = "\n".join(f"{po_path(language)}: {p}" for p in problems[:20])
            raise CatalogueError(listed)
        compiled.append((mo_path(language), catalogue))
    for path, catalogue in compiled:
        buffer = BytesIO()
        write_mo(buffer, catalogue, use_fuzzy=False)
        path.write_bytes(buffer.getvalue())
    return [path for path, _catalogue in compiled]


def _strings(message) -> list[str]:
    value = message.string
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


def _key(message) -> tuple[str, str | None]:
    """A message's catalogue key: its msgid (the singular one of a plural message) and its
    context (``pgettext``: the same English word meaning different things)."""
    context = message.context
    if isinstance(context, bytes):  # as Babel's read_mo gives it
        context = context.decode("utf-8")
    return _ids(message)[0], context


def _shown(key: tuple[str, str | None]) -> str:
    """A key as listed to translators: ``context | msgid``, or the msgid alone."""
    msgid, context = key
    return f"{context} | {msgid}" if context else msgid


def _at_line(lineno: int | None, problem: str) -> str:
    """A problem with the line of the .po file it was found on, when known."""
    if not lineno:
        return problem
    return _("line %(line)d: %(problem)s", line=lineno, problem=problem)


def entry_problems(catalogue: Catalog) -> list[str]:
    """Translations whose placeholders or plural forms disagree with the English."""
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        strings = [s for s in _strings(message) if s]
        if not strings:
            continue  # untranslated: reported by coverage, falls back to English at run time
        expected = {p for i in _ids(message) for p in _PLACEHOLDER.findall(i)}
        for text in strings:
            found = set(_PLACEHOLDER.findall(text))
            if not found <= expected or (
                not message.pluralizable and found != set(_PLACEHOLDER.findall(message.id))
            ):
                problem = _("placeholders differ in %(message)s", message=repr(message.id))
                problems.append(_at_line(message.lineno, problem))
                break
        if message.pluralizable and len(_strings(message)) != catalogue.num_plurals:
            problem = ngettext(
                "%(num)d plural form expected",
                "%(num)d plural forms expected",
                catalogue.num_plurals,
            )
            problems.append(_at_line(message.lineno, problem))
    return problems


@dataclass(frozen=True)
class Coverage:
    language: str
    total: int
    translated: int
    fuzzy: tuple[str, ...]
    missing: tuple[str, ...]
    compiled_current: bool


def coverage(template: Catalog | None = None) -> list[Coverage]:
    """How complete each translated catalogue is against the code's current messages."""
    template = template or extract()
    wanted = [_key(m) for m in template if m.id]
    result = []
    for language in TRANSLATED_LANGUAGES:
        catalogue = read_catalogue(language)
        fuzzy, missing = [], []
        for key in wanted:
            message = catalogue.get(key[0], context=key[1])
            if message is None or not all(_strings(message)):
                missing.append(_shown(key))
            elif message.fuzzy:
                fuzzy.append(_shown(key))
        result.append(
            Coverage(
                language=language,
                total=len(wanted),
                translated=len(wanted) - len(fuzzy) - len(missing),
                fuzzy=tuple(fuzzy),
                missing=tuple(missing),
                compiled_current=compiled_matches(language, catalogue),
            )
        )
    return result


def compiled_matches(language: str, catalogue: Catalog | None = None) -> bool:
    """Whether the ``.mo`` file holds exactly the ``.po`` file's usable translations."""
    path = mo_path(language)
    if not path.exists():
        return False
    catalogue = catalogue or read_catalogue(language)
    with path.open("rb") as handle:
        compiled = read_mo(handle)
    expected = {
        _key(m): tuple(_strings(m)) for m in catalogue if m.id and not m.fuzzy and all(_strings(m))
    }
    actual = {_key(m): tuple(_strings(m)) for m in compiled if m.id and all(_strings(m))}
    return expected == actual
