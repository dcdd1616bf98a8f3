"""What a phone must store to read a module (or a whole programme) without a connection.

``static/js/keep.js`` asks for a module's manifest, fetches every address in it and keeps them
in one named Cache per module and language, all or nothing; the service worker
(``templates/offline/sw.js``) answers from that Cache when the network fails. The manifest
lists the pages in the reader's language (they fall back to English as the pages do), the
module's files, the quiz page and its questions (without answer keys), and the static files
those pages load.

``version`` changes whenever anything the kept pages show may have changed (a lesson or its
translation, an overview, a file, the quiz, a static file, the renderer), so the phone knows
when to fetch the module again. ``bytes`` is what the download will roughly cost: the files'
sizes and the lessons' text; the page around the text adds a few kilobytes each.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

from flask import current_app, url_for

from lms.core.markdown import RENDERER_VERSION
from lms.core.offline import PRECACHED_STATIC
from lms.courses.catalogue import Module, Programme, version_in
from lms.courses.content import content_state
from lms.courses.links import ASSET_TYPES, asset_url

# A file of this module linked from its texts: /learn/<programme>/<module>/files/<name>
_FILE_LINK = re.compile(r'(?:src|href)="(/learn/[^/"]+/[^/"]+/files/[^"#?]+)"')
# Bump when the manifest's shape or the kept pages' layout changes in a way content does not show.
MANIFEST_FORMAT = "1"


class ModuleLocked(Exception):
    """The module does not open yet for this reader: its lessons cannot be kept."""


def _module_files(module: Module) -> dict[str, Path]:
    """Every lesson image or handout in the module's folder, by address."""
    folder = module.path.resolve()
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (
            path.is_file()
            and path.suffix.lower() in ASSET_TYPES
            and not any(part.startswith(".") for part in relative.parts)
        ):
            files[relative.as_posix()] = path
    return files


def _linked_files(programme: Programme, html: str) -> dict[str, Path]:
    """Files of other modules of the programme that the texts show or link to."""
    linked = {}
    for url in _FILE_LINK.findall(html):
        _, _, code, slug, _, name = url.split("/", 5)
        module = programme.module(slug) if code == programme.code else None
        if module is None:
            continue
        folder = module.path.resolve()
        path = (folder / unquote(name)).resolve()
        if path.is_relative_to(folder) and path.is_file():
            linked[url] = path
    return linked


def _quiz_files(module: Module) -> list[Path]:
    """The quiz and its translations (``quiz.gift``, ``quiz.ru.gift``, ...)."""
    if module.quiz is None or module.quiz_path is None:
        return []
    return sorted(module.quiz_path.parent.glob("quiz*.gift"))


def _static_files() -> dict[str, Path]:
    folder = Path(current_app.static_folder or "")
    return {url_for("static", filename=name): folder / name for name in PRECACHED_STATIC}


def module_manifest(programme: Programme, module: Module, language: str) -> dict:
    """The addresses, content version and size of one module, in ``language``."""
    content = content_state()
    texts = [version_in(module.overviews, language)] if module.overviews else []
    texts += [lesson.version_for(language) for lesson in module.lessons]
    english = [lesson.english.content_hash for lesson in module.lessons]  # "out of date" notes
    html = "".join(str(content.html(t.path, t.source, t.content_hash)) for t in texts)
    files = {
        asset_url(programme.code, module.slug, name): path
        for name, path in _module_files(module).items()
    }
    files.update(_linked_files(programme, html))
    pages = [
        url_for("courses.programme", programme_code=programme.code),
        url_for("courses.module", programme_code=programme.code, module_slug=module.slug),
    ]
    pages += [
        url_for(
            "courses.lesson",
            programme_code=programme.code,
            module_slug=module.slug,
            lesson_slug=lesson.slug,
        )
        for lesson in module.lessons
    ]
    quiz = _quiz_files(module)
    if quiz:
        args = {"programme_code": programme.code, "module_slug": module.slug}
        pages += [url_for("quizzes.quiz", **args), url_for("quizzes.questions", **args)]
    statics = _static_files()
    sized = {**files, **statics}
    fingerprint = [MANIFEST_FORMAT, RENDERER_VERSION, language, programme.code, module.slug]
    fingerprint += [version_in(programme.introductions, language).content_hash]
    fingerprint += [f"{t.language}:{t.content_hash}" for t in texts] + english
    fingerprint += [f"{url}:{_stamp(path)}" for url, path in sorted(sized.items())]
    fingerprint += [hashlib.sha256(path.read_bytes()).hexdigest() for path in quiz]
    return {
        "programme": programme.code,
        "module": module.slug,
        "title": module.titles.get(language),
        "language": language,
        "version": hashlib.sha256("\n".join(fingerprint).encode()).hexdigest()[:16],
        "bytes": len(html.encode()) + sum(_size(path) for path in sized.values()),
        "urls": pages + sorted(files) + sorted(statics),
    }


def _stat(path: Path):
    try:
        return path.stat()
    except OSError:  # a file gone since the catalogue was read: no longer part of the module
        return None


def _stamp(path: Path) -> str:
    stat = _stat(path)
    return f"{stat.st_size}.{stat.st_mtime_ns}" if stat else "-"


def _size(path: Path) -> int:
    stat = _stat(path)
    return stat.st_size if stat else 0


def programme_manifest(programme: Programme, modules: list[Module], language: str) -> dict:
    """Every module of the programme that the reader may open, each as ``module_manifest``."""
    kept = [module_manifest(programme, module, language) for module in modules]
    return {
        "programme": programme.code,
        "title": programme.titles.get(language),
        "language": language,
        "version": hashlib.sha256("".join(m["version"] for m in kept).encode()).hexdigest()[:16],
        "bytes": sum(m["bytes"] for m in kept),
        "modules": kept,
    }
