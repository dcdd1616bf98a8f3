"""``lms content check``: the whole of ``content/`` — structure, links, codes and quizzes.

It sits above the domains because it needs the curricula (courses), the GIFT reader (quizzes)
and the practice categories (practice).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext as _

from lms.core.cli import fail
from lms.courses.catalogue import Catalogue, Module
from lms.courses.checker import check_catalogue, competency_codes
from lms.courses.frontmatter import Problem
from lms.courses.glossary import check_terminology
from lms.courses.loader import load_catalogue
from lms.i18n.languages import TRANSLATED_LANGUAGES
from lms.practice.categories import check_categories, is_practice_folder
from lms.quizzes.gift import GiftError, Question, parse_gift
from lms.quizzes.header import header_of, is_stale, with_draft_header
from lms.quizzes.lint import item_writing_problems
from lms.quizzes.translation import translation_path, translation_problems

COMPETENCY_TAG = "competency:"


def _quiz_problems(path: Path, known: set[str], seen_ids: dict[str, Path]) -> list[Problem]:
    try:
        questions = parse_gift(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        return [Problem(path, 1, _("the quiz file is not UTF-8 text"))]
    except GiftError as exc:
        return [Problem(path, line, message) for line, message in exc.problems]
    problems = []
    for question in questions:
        if question.type == "description":
            continue
        if not question.id:
            problems.append(Problem(path, question.line, _("question has no // [id:...] line")))
        elif question.id in seen_ids and seen_ids[question.id] != path:
            problems.append(
                Problem(
                    path,
                    question.line,
                    _(
                        "question id %(id)s is also used in %(path)s",
                        id=question.id,
                        path=seen_ids[question.id],
                    ),
                )
            )
        else:
            seen_ids[question.id] = path
        codes = [t[len(COMPETENCY_TAG) :] for t in question.tags if t.startswith(COMPETENCY_TAG)]
        if not codes:
            problems.append(
                Problem(path, question.line, _("question has no // [tag:competency:CODE] line"))
            )
        problems.extend(
            Problem(path, question.line, _("unknown competency code “%(code)s”", code=code))
            for code in codes
            if code not in known
        )
    return problems


def _modules(catalogue: Catalogue):
    for programme in catalogue.programmes:
        known = competency_codes(catalogue, programme)
        for module in programme.modules:
            yield module, known


def _parsed(path: Path) -> list[Question] | list[Problem]:
    try:
        return parse_gift(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        return [Problem(path, 1, _("the quiz file is not UTF-8 text"))]
    except GiftError as exc:
        return [Problem(path, line, message) for line, message in exc.problems]


def _translated_quiz_problems(module: Module) -> list[Problem]:
    """Each translated quiz parses, and every question in it marks like the English one."""
    english = _parsed(module.quiz_path)
    if english and isinstance(english[0], Problem):
        return []  # the English file's own problems are reported once, by _quiz_problems
    problems: list[Problem] = []
    for language in TRANSLATED_LANGUAGES:
        path = translation_path(module.quiz_path, language)
        if not path.is_file():
            continue
        problems.extend(_header_problems(path, module.quiz_path))
        translated = _parsed(path)
        if translated and isinstance(translated[0], Problem):
            problems.extend(translated)
            continue
        found = translation_problems(english, translated)
        problems.extend(Problem(path, line, message) for line, message in found)
    return problems


def _header_problems(path: Path, english_path: Path) -> list[Problem]:
    """The translation header (lms.quizzes.header): errors where it is malformed, a warning
    where it is missing or the English quiz changed after the translation was made."""
    try:
        header = header_of(path)
    except UnicodeDecodeError:
        return []  # reported by _parsed
    problems = [Problem(path, line, message) for line, message in header.problems]
    if not header.present:
        message = _(
            "no translation header: counted as a draft made from an unknown English version "
            "(lms content mark-drafts adds it)"
        )
        problems.append(Problem(path, 1, message, "warning"))
    elif is_stale(header, english_path.read_bytes()):
        line = header.lines.get("source_hash", 1) if header.lines else 1
        message = _(
            "the English quiz changed after this translation was made (source_hash differs)"
        )
        problems.append(Problem(path, line, message, "warning"))
    return problems


def _item_writing(module: Module, severity: str) -> list[Problem]:
    """The item-writing lint (lms.quizzes.lint) of the module's quiz and its translations."""
    problems = []
    for language in ("en", *TRANSLATED_LANGUAGES):
        path = (
            module.quiz_path if language == "en" else translation_path(module.quiz_path, language)
        )
        questions = _parsed(path) if path.is_file() else []
        if not questions or isinstance(questions[0], Problem):
            continue  # missing, or unreadable (reported elsewhere)
        found = item_writing_problems(questions, module.quiz, source=language == "en")
        problems.extend(Problem(path, line, message, severity) for line, message in found)
    return problems


def check_quizzes(catalogue: Catalogue, strict: bool = False) -> list[Problem]:
    """GIFT syntax, ids, competency tags, translations; item writing (errors when ``strict``)."""
    problems: list[Problem] = []
    seen_ids: dict[str, Path] = {}
    module: Module
    for module, known in _modules(catalogue):
        if module.quiz_path is not None:
            problems.extend(_quiz_problems(module.quiz_path, known, seen_ids))
            problems.extend(_translated_quiz_problems(module))
            problems.extend(_item_writing(module, "error" if strict else "warning"))
    return problems


def check_content(root: Path, strict: bool = False) -> list[Problem]:
    """Every problem in the content folder, errors and warnings, in file order. ``strict``:
    item-writing cues in quizzes are errors."""
    result = load_catalogue(root)
    # practice/ holds the practice log's categories, not a programme (checked on its own).
    loaded = [p for p in result.problems if not is_practice_folder(p, root)]
    quizzes = check_quizzes(result.catalogue, strict)
    problems = loaded + check_catalogue(result.catalogue) + quizzes
    problems += check_categories(root) + check_terminology(root)
    if not result.catalogue.programmes:  # an empty or mistyped folder is not "0 errors"
        problems.append(Problem(root, 1, _("no programmes found in this folder")))
    return sorted(problems, key=lambda p: (str(p.path), p.line))


@click.group("content")
def content_group() -> None:
    """The curricula in the content folder."""


@content_group.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--errors-only", is_flag=True, help="Do not list warnings (they are still counted).")
@click.option("--strict", is_flag=True, help="Item-writing cues in quizzes are errors.")
def content_check(directory: Path | None, errors_only: bool, strict: bool) -> None:
    """Validate programmes, modules, lessons, links, quizzes and competency codes."""
    from lms.core.config import configured_content_dir

    root = directory or configured_content_dir()
    problems = check_content(root, strict)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        if problem.severity == "error" or not errors_only:
            click.echo(problem.format(root), err=problem.severity == "error")
    warnings = len(problems) - len(errors)
    summary = _(
        "%(path)s: %(errors)d error(s), %(warnings)d warning(s)",
        path=root,
        errors=len(errors),
        warnings=warnings,
    )
    if errors:
        fail(summary)
    click.echo(summary)


def mark_drafts(root: Path) -> tuple[list[Path], list[Problem]]:
    """Add a draft header (with the English quiz's current source_hash) to every translated quiz
    in ``root`` that has none: the files changed, and the files that could not be read (left
    alone). Questions are left exactly as they are."""
    changed, problems = [], []
    for english in sorted(root.rglob("quiz.gift")):
        for language in TRANSLATED_LANGUAGES:
            path = translation_path(english, language)
            if not path.is_file():
                continue
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                problems.append(Problem(path, 1, _("the quiz file is not UTF-8 text")))
                continue
            marked = with_draft_header(text, english.read_bytes())
            if marked is not None:
                temporary = path.with_name(path.name + ".tmp")
                temporary.write_text(marked, encoding="utf-8")
                temporary.replace(path)
                changed.append(path)
    return changed, problems


@content_group.command("mark-drafts")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def content_mark_drafts(directory: Path) -> None:
    """Add a draft translation header to translated quizzes that have none (idempotent)."""
    changed, problems = mark_drafts(directory)
    for path in changed:
        click.echo(str(path))
    summary = _("%(count)d quiz translation(s) marked as drafts", count=len(changed))
    if problems:
        for problem in problems:
            click.echo(problem.format(directory), err=True)
        fail(summary)
    click.echo(summary)
