"""Where a link written in a content file points: another lesson, an asset, or outside.

Authors link by file path (``../02-ethics/01-values.md``), so links keep working in any Markdown
editor; here those paths become the site's URLs.
"""

from __future__ import annotations

import posixpath
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, urlsplit

from lms.courses.catalogue import Catalogue

ASSET_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".webp": "image/webp", ".pdf": "application/pdf",
}  # fmt: skip
EXTERNAL_SCHEMES = {"http", "https", "mailto"}
ANNEX_URL = "/learn/national"


def lesson_url(programme: str, module: str, lesson: str) -> str:
    return f"/learn/{programme}/{module}/{lesson}"


def annex_pages(annex) -> dict[Path, str]:
    """The national annex's files (introduction, pages, forms) and their URLs."""
    root = f"{ANNEX_URL}/"
    pages = {version.path.resolve(): root for version in annex.introductions.values()}
    for page in annex.pages:
        pages.update({v.path.resolve(): f"{root}{page.slug}" for v in page.versions.values()})
    pages.update({form.path.resolve(): f"{root}forms/{form.slug}" for form in annex.forms})
    return pages


def asset_url(programme: str, module: str, name: str) -> str:
    return f"/learn/{programme}/{module}/files/{quote(name)}"


class LinkMap:
    """Every linkable file of a catalogue, by resolved path."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.root = catalogue.root.resolve()

    @cached_property
    def pages(self) -> dict[Path, str]:
        pages: dict[Path, str] = {}
        for programme in self.catalogue.programmes:
            pages[(programme.path / "programme.md").resolve()] = f"/learn/{programme.code}/"
            for module in programme.modules:
                pages[(module.path / "module.md").resolve()] = (
                    f"/learn/{programme.code}/{module.slug}/"
                )
                for lesson in module.lessons:
                    url = lesson_url(programme.code, module.slug, lesson.slug)
                    for version in lesson.versions.values():
                        pages[version.path.resolve()] = url
        if self.catalogue.annex is not None:
            pages.update(annex_pages(self.catalogue.annex))
        return pages

    @cached_property
    def module_dirs(self) -> dict[Path, tuple[str, str]]:
        return {
            m.path.resolve(): (p.code, m.slug) for p in self.catalogue.programmes for m in p.modules
        }

    def _asset(self, target: Path) -> str | None:
        if target.suffix.lower() not in ASSET_TYPES or not target.is_file():
            return None
        for directory, (programme, module) in self.module_dirs.items():
            if target.is_relative_to(directory):
                return asset_url(programme, module, target.relative_to(directory).as_posix())
        return None

    def resolve(self, source: Path, href: str) -> str | None:
        """The URL for ``href`` written in ``source``; None for a dead or forbidden target."""
        parts = urlsplit(href)
        if parts.scheme:
            return href if parts.scheme.lower() in EXTERNAL_SCHEMES else None
        if parts.netloc or href.startswith("//"):
            return None
        if not parts.path:
            return href if parts.fragment else None  # "#section" on the same page
        relative = posixpath.normpath(posixpath.join(source.parent.as_posix(), parts.path))
        target = Path(relative).resolve()
        if not target.is_relative_to(self.root):
            return None
        url = self.pages.get(target) or self._asset(target)
        if url is None:
            return None
        return f"{url}#{parts.fragment}" if parts.fragment else url

    def resolver_for(self, source: Path):
        return lambda href: self.resolve(source, href)
