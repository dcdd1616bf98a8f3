"""Reading ``content/national/`` into an Annex, with every problem at its file and line."""

from __future__ import annotations

from pathlib import Path

import yaml
from flask_babel import lazy_gettext as _l

from lms.courses.annex import FIELD_KINDS, FORMS_DIR
from lms.courses.catalogue import Annex, AnnexPage, FormField, FormSection, Titles, WorkingForm
from lms.courses.files import LESSON_FILE, ORDERED_NAME, lesson_versions, read_file, texts_of
from lms.courses.frontmatter import Problem
from lms.i18n.languages import LANGUAGES


def _pages(folder: Path, problems: list[Problem]) -> tuple[AnnexPage, ...]:
    groups: dict[tuple[int, str], dict[str, Path]] = {}
    for path in sorted(folder.glob("*.md")):
        if path.name.split(".")[0] == "annex":  # the introduction and its translations
            continue
        match = LESSON_FILE.match(path.name)
        if not match:
            problems.append(
                Problem(path, 1, _l("an annex page is named NN-slug.md (or .ru.md, .tk.md)"))
            )
            continue
        groups.setdefault((int(match[1]), match[2]), {})[match[3] or "en"] = path
    pages = []
    for (order, slug), files in sorted(groups.items()):
        if "en" not in files:
            problems.extend(
                Problem(path, 1, _l("translation of an annex page that has no English file"))
                for path in files.values()
            )
            continue
        versions = lesson_versions(files, problems)
        if "en" in versions:
            pages.append(AnnexPage(slug, order, versions))
    return tuple(pages)


class _FormReader:
    """One form file: titles in every language, sections of fields; problems at their lines."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems

    def titles(self, value, node, what: str) -> Titles | None:
        line = node.start_mark.line + 1 if node is not None else 1
        if not isinstance(value, dict):
            self.problems.append(Problem(self.path, line, _l("%(what)s is missing", what=what)))
            return None
        missing = [code for code in LANGUAGES if not isinstance(value.get(code), str)]
        if missing:
            message = _l(
                "%(what)s needs a text in %(languages)s", what=what, languages=", ".join(missing)
            )
            self.problems.append(Problem(self.path, line, message))
            return None
        return Titles.of(value)

    def field(self, item, node) -> FormField | None:
        labels = self.titles(item, node, _l("a field's label"))
        if labels is None:
            return None
        kind, lines = item.get("kind", "text"), item.get("lines", 1)
        line = node.start_mark.line + 1
        if kind not in FIELD_KINDS:
            message = _l("“kind” must be one of %(kinds)s", kinds=", ".join(FIELD_KINDS))
            self.problems.append(Problem(self.path, line, message))
            return None
        if isinstance(lines, bool) or not isinstance(lines, int) or not 1 <= lines <= 30:
            message = _l("“lines” must be a whole number from 1 to 30")
            self.problems.append(Problem(self.path, line, message))
            return None
        return FormField(labels, kind, lines)

    def section(self, item, node) -> FormSection | None:
        if not isinstance(item, dict) or not isinstance(item.get("fields"), list):
            line = node.start_mark.line + 1
            self.problems.append(Problem(self.path, line, _l("a section needs a list of fields")))
            return None
        nodes = _children(node)
        titles = self.titles(item.get("title"), nodes.get("title", node), _l("a section's title"))
        field_nodes = nodes["fields"].value
        fields = [
            self.field(value, child)
            for value, child in zip(item["fields"], field_nodes, strict=True)
        ]
        notes = None
        if "notes" in item:
            notes = self.titles(item["notes"], nodes["notes"], _l("a section's notes"))
        if titles is None or None in fields:
            return None
        return FormSection(titles, tuple(fields), notes)


def _children(node) -> dict:
    """A mapping node's value nodes by key (for line numbers)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in node.value}


def _form(path: Path, order: int, slug: str, problems: list[Problem]) -> WorkingForm | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
        root, data = yaml.compose(text), yaml.safe_load(text)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        problems.append(Problem(path, line, _l("the form cannot be read: %(error)s", error=exc)))
        return None
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        problems.append(Problem(path, 1, _l("a form needs a title and a list of sections")))
        return None
    reader, nodes = _FormReader(path, problems), _children(root)
    titles = reader.titles(data.get("title"), nodes.get("title"), _l("the form's title"))
    purpose = reader.titles(data.get("purpose"), nodes.get("purpose"), _l("the form's purpose"))
    basis = reader.titles(data.get("basis"), nodes.get("basis"), _l("the form's basis"))
    sections = [
        reader.section(item, node)
        for item, node in zip(data["sections"], nodes["sections"].value, strict=True)
    ]
    if None in (titles, purpose, basis) or None in sections or not sections:
        return None
    return WorkingForm(slug, order, path, titles, purpose, basis, tuple(sections))


def _forms(folder: Path, problems: list[Problem]) -> tuple[WorkingForm, ...]:
    forms = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else ():
        match = ORDERED_NAME.match(path.stem)
        if path.suffix != ".yaml" or not match:
            problems.append(Problem(path, 1, _l("a working form is a file named NN-slug.yaml")))
            continue
        form = _form(path, int(match[1]), match[2], problems)
        if form is not None:
            forms.append(form)
    return tuple(forms)


def load_annex(folder: Path, problems: list[Problem]) -> Annex | None:
    """The annex in ``folder`` (None when there is none); its problems added to ``problems``."""
    intro = folder / "annex.md"
    if not folder.is_dir():
        return None
    document = read_file(intro, problems) if intro.is_file() else None
    if document is None:
        problems.append(Problem(intro, 1, _l("the national annex needs an annex.md")))
        return None
    titles = document.titles()
    problems.extend(document.problems)
    return Annex(
        path=folder,
        titles=titles,
        introductions=texts_of(document, problems),
        pages=_pages(folder, problems),
        forms=_forms(folder / FORMS_DIR, problems),
    )
