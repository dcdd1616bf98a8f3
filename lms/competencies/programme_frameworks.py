"""The programme's own frameworks (``content/frameworks/*.yaml``) loaded into the database.

The content catalogue already reads and checks the YAML; this turns each ``Framework`` of the
catalogue into a package and saves it like any import, so ``lms frameworks sync`` and ``lms
demo`` create it once and afterwards update it in place (unchanged files change nothing).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from lms.competencies.importing import ImportPlan, import_framework, plan_package
from lms.competencies.package import (
    FrameworkPackage,
    PackageItem,
    ReadResult,
    link,
    stable_uuid,
    urn,
)
from lms.courses import catalogue as content
from lms.courses.content import content_state
from lms.i18n.languages import TRANSLATED_LANGUAGES


@dataclass
class SyncOutcome:
    code: str
    path: str
    status: str  # created, updated, unchanged, refused
    problems: list[str] = field(default_factory=list)


def _line_of(lines: list[str], code: str) -> int:
    marker = f"code: {code}"
    return next((n for n, line in enumerate(lines, 1) if line.strip().endswith(marker)), 1)


def _titles(titles: content.Titles) -> dict[str, str]:
    return {lang: text for lang in TRANSLATED_LANGUAGES if (text := getattr(titles, lang))}


def _framework_extra(framework: content.Framework) -> dict:
    extra: dict = {}
    if titles := _titles(framework.titles):
        extra["titles"] = titles
    if framework.levels:
        extra["levels"] = [
            {
                "rating": level.rating,
                "labels": {k: v for k, v in asdict(level.labels).items() if v},
                "descriptors": {k: v for k, v in asdict(level.descriptors).items() if v},
            }
            for level in framework.levels
        ]
    return extra


def _item_extra(entry: content.Competency) -> dict:
    extra: dict = {}
    if titles := _titles(entry.titles):
        extra["titles"] = titles
    if entry.descriptions is not None and (descriptions := _titles(entry.descriptions)):
        extra["descriptions"] = descriptions
    return extra


def package_from_content(framework: content.Framework) -> FrameworkPackage:
    identifier = stable_uuid("framework", framework.code)
    lines = framework.path.read_text(encoding="utf-8").splitlines()
    package = FrameworkPackage(
        origin="yaml",
        code=framework.code,
        identifier=identifier,
        uri=urn(identifier),
        title=framework.titles.en,
        version=framework.version or None,
        source=framework.source or None,
        language=framework.language or None,
        extra=_framework_extra(framework),
    )
    items = {}
    for entry in framework.competencies:
        item_id = stable_uuid("framework", framework.code, "competency", entry.code)
        items[entry.code] = PackageItem(
            identifier=item_id,
            uri=urn(item_id),
            full_statement=entry.titles.en,
            code=entry.code,
            description=entry.description or None,
            domain=entry.domain if entry.domain in ("knowledge", "skills", "values") else None,
            extra=_item_extra(entry),
            line=_line_of(lines, entry.code),
        )
    package.items = list(items.values())
    for entry in framework.competencies:
        item = items[entry.code]
        parent = items.get(entry.parent) if entry.parent else package
        package.associations.append(link("isChildOf", item, parent or package, item.line))
        for related in entry.related:
            if related in items:
                package.associations.append(link("isRelatedTo", item, items[related], item.line))
    return package


def sync_programme_frameworks(*, actor_id: int | None = None) -> list[SyncOutcome]:
    """Create or update every framework of the content folder; refuse one with errors."""
    state = content_state()
    outcomes = []
    for framework in state.catalogue.frameworks:
        path = str(framework.path)
        content_errors = [
            p.format() for p in state.problems if p.severity == "error" and p.path == framework.path
        ]
        plan: ImportPlan = plan_package(path, "yaml", ReadResult(package_from_content(framework)))
        errors = content_errors + [p.format(path) for p in plan.errors]
        if errors:
            outcomes.append(SyncOutcome(framework.code, path, "refused", errors))
            continue
        before = plan.existing.content_sha256 if plan.existing else None
        saved = import_framework(plan, actor_id=actor_id)
        status = "created" if before is None else "unchanged"
        if before is not None and saved.content_sha256 != before:
            status = "updated"
        outcomes.append(SyncOutcome(framework.code, path, status))
    return outcomes
