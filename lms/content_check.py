"""``lms content check``: the whole of ``content/`` — structure, links, codes and quizzes.

It sits above the packages because it needs both the curricula (courses) and the GIFT reader
(assessments).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext as _

from lms.core.cli import fail
from lms.courses.catalogue import Catalogue, Module
from lms.courses.checker import check_catalogue, competency_codes
from lms.courses.frontmatter import Problem
from lms.courses.loader import load_catalogue
from lms.practice.categories import check_categories, is_practice_folder
from lms.quizzes.gift import GiftError, parse_gift

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


def check_quizzes(catalogue: Catalogue) -> list[Problem]:
    problems: list[Problem] = []
    seen_ids: dict[str, Path] = {}
    module: Module
    for module, known in _modules(catalogue):
        if module.quiz_path is not None:
            problems.extend(_quiz_problems(module.quiz_path, known, seen_ids))
    return problems


def check_content(root: Path) -> list[Problem]:
    """Every problem in the content folder, errors and warnings, in file order."""
    result = load_catalogue(root)
    # practice/ holds the practice log's categories, not a programme (checked on its own).
    loaded = [p for p in result.problems if not is_practice_folder(p, root)]
    problems = loaded + check_catalogue(result.catalogue) + check_quizzes(result.catalogue)
    problems += check_categories(root)
    if not result.catalogue.programmes:  # an empty or mistyped folder is not "0 errors"
        problems.append(Problem(root, 1, _("no programmes found in this folder")))
    return sorted(problems, key=lambda p: (str(p.path), p.line))


@click.group("content")
def content_group() -> None:
    """The curricula in the content folder."""


@content_group.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--errors-only", is_flag=True, help="Do not list warnings (they are still counted).")
def content_check(directory: Path | None, errors_only: bool) -> None:
    """Validate programmes, modules, lessons, links, quizzes and competency codes."""
    from lms.core.config import PROJECT_ROOT

    root = directory or PROJECT_ROOT / "content"
    problems = check_content(root)
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
