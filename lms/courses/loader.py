"""Reading ``content/`` into a Catalogue, collecting every problem with its file and line.

Broken items are left out of the catalogue (and reported); everything sound is still served.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.courses.annex_loader import load_annex
from lms.courses.catalogue import (
    Catalogue,
    Lesson,
    Module,
    Programme,
)
from lms.courses.files import LESSON_FILE, ORDERED_NAME, lesson_versions, read_file, texts_of
from lms.courses.frameworks import load_frameworks
from lms.courses.frontmatter import Problem
from lms.courses.settings import read_certificate_rules, read_competency_rule, read_quiz_settings

SKIPPED_DIRS = {"frameworks", "practice", "national"}  # not programmes: data, the annex


@dataclass
class LoadResult:
    catalogue: Catalogue
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _group_lesson_files(module_dir: Path, problems: list[Problem]) -> dict[tuple[int, str], dict]:
    groups: dict[tuple[int, str], dict[str, Path]] = {}
    for path in sorted(module_dir.glob("*.md")):
        if path.name.split(".")[0] == "module":  # the overview and its translations
            continue
        match = LESSON_FILE.match(path.name)
        if not match:
            problems.append(
                Problem(
                    path,
                    1,
                    _l(
                        "a lesson file is named NN-slug.md (or NN-slug.ru.md, NN-slug.tk.md) "
                        "with a lower-case slug"
                    ),
                )
            )
            continue
        order, slug, language = int(match[1]), match[2], match[3] or "en"
        groups.setdefault((order, slug), {})[language] = path
    return groups


def _load_lessons(module_dir: Path, problems: list[Problem]) -> tuple[Lesson, ...]:
    lessons: list[Lesson] = []
    seen: dict[str, Path] = {}
    for (order, slug), files in sorted(_group_lesson_files(module_dir, problems).items()):
        if "en" not in files:
            for path in files.values():
                english = f"{path.name.split('.')[0]}.md"
                problems.append(
                    Problem(
                        path,
                        1,
                        _l(
                            "translation of a lesson that has no English file %(name)s",
                            name=english,
                        ),
                    )
                )
            continue
        if slug in seen:
            problems.append(
                Problem(
                    files["en"],
                    1,
                    _l(
                        "duplicate lesson slug “%(slug)s” (also %(other)s)",
                        slug=slug,
                        other=seen[slug].name,
                    ),
                )
            )
            continue
        seen[slug] = files["en"]
        minutes: list[int] = []
        versions = lesson_versions(files, problems, minutes)
        if "en" in versions:
            lessons.append(
                Lesson(slug=slug, order=order, minutes=minutes[0] or 15, versions=versions)
            )
    return tuple(lessons)


def _load_module(module_dir: Path, order: int, slug: str, problems: list[Problem]) -> Module | None:
    if not (module_dir / "module.md").is_file():
        problems.append(Problem(module_dir / "module.md", 1, _l("the module has no module.md")))
        return None
    document = read_file(module_dir / "module.md", problems)
    if document is None:
        return None
    lessons = _load_lessons(module_dir, problems)
    if not lessons:
        problems.append(Problem(document.path, 1, _l("the module has no lessons")))
    quiz_path = module_dir / "quiz.gift"
    module = Module(
        slug=slug,
        order=order,
        path=module_dir,
        titles=document.titles(),
        minutes=document.integer("minutes", sum(lesson.minutes for lesson in lessons), 1, 10_000),
        competencies=document.string_list("competencies"),
        prerequisites=document.string_list("prerequisites"),
        overview=document.body,
        lessons=lessons,
        quiz=read_quiz_settings(document) if quiz_path.is_file() else None,
        quiz_path=quiz_path if quiz_path.is_file() else None,
        overviews=texts_of(document, problems),
    )
    problems.extend(document.problems)
    return module if lessons else None


def _ordered_dirs(parent: Path, problems: list[Problem]) -> list[tuple[int, str, Path]]:
    """A programme's module folders, in order (each named NN-slug)."""
    found, seen = [], {}
    for path in sorted(p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")):
        match = ORDERED_NAME.match(path.name)
        if not match:
            problems.append(
                Problem(
                    path,
                    1,
                    _l(
                        "a module folder is named NN-slug (two digits, a hyphen, lower-case "
                        "letters, digits and hyphens)"
                    ),
                )
            )
            continue
        if match[2] in seen:
            problems.append(
                Problem(
                    path,
                    1,
                    _l(
                        "duplicate module slug “%(slug)s” (also %(other)s)",
                        slug=match[2],
                        other=seen[match[2]].name,
                    ),
                )
            )
            continue
        seen[match[2]] = path
        found.append((int(match[1]), match[2], path))
    return found


def _check_module_prerequisites(modules: list[Module], problems: list[Problem]) -> None:
    slugs = {m.slug for m in modules}
    for module in modules:
        for slug in module.prerequisites:
            if slug not in slugs:
                problems.append(
                    Problem(
                        module.path / "module.md",
                        1,
                        _l("unknown prerequisite module “%(slug)s”", slug=slug),
                    )
                )


def _load_programme(directory: Path, problems: list[Problem]) -> Programme | None:
    document = read_file(directory / "programme.md", problems)
    if document is None:
        return None
    code = document.text("code")
    if code and code != directory.name:
        document.error(
            "code", _l("“code” must equal the folder name “%(name)s”", name=directory.name)
        )
    modules = [
        m
        for order, slug, path in _ordered_dirs(directory, problems)
        if (m := _load_module(path, order, slug, problems)) is not None
    ]
    _check_module_prerequisites(modules, problems)
    programme = Programme(
        code=directory.name,
        order=document.integer("order", 99, 0, 999),
        path=directory,
        titles=document.titles(),
        framework=document.text("framework"),
        prerequisites=document.string_list("prerequisites"),
        serial_prefix=document.text(
            "serial_prefix", required=False, default=directory.name[:3].upper()
        ),
        certificate=read_certificate_rules(document),
        introduction=document.body,
        modules=tuple(modules),
        competency_rule=read_competency_rule(document),
        introductions=texts_of(document, problems),
    )
    problems.extend(document.problems)
    return programme


def load_catalogue(root: Path) -> LoadResult:
    """Read every programme and framework under ``root``."""
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(root, 1, _l("the content folder does not exist")))
        return LoadResult(Catalogue(root, (), ()), problems)
    frameworks = load_frameworks(root / "frameworks", problems)
    programmes = []
    for directory in sorted(p for p in root.iterdir() if p.is_dir()):
        if directory.name in SKIPPED_DIRS or directory.name.startswith("."):
            continue
        if not (directory / "programme.md").is_file():
            problems.append(Problem(directory, 1, _l("a programme folder needs a programme.md")))
            continue
        programme = _load_programme(directory, problems)
        if programme is not None:
            programmes.append(programme)
    programmes.sort(key=lambda p: (p.order, p.code))
    annex = load_annex(root / "national", problems)
    codes = [p.code for p in programmes]
    for programme in programmes:
        for required in programme.prerequisites:
            if required not in codes:
                problems.append(
                    Problem(
                        programme.path / "programme.md",
                        1,
                        _l("unknown prerequisite programme “%(code)s”", code=required),
                    )
                )
    return LoadResult(Catalogue(root, tuple(programmes), tuple(frameworks), annex), problems)
