"""The process-wide catalogue and its rendered HTML.

The catalogue is built lazily on first use and kept for the life of the process; a content change
is picked up when the app servers restart (see README, "Publishing content"). Lesson HTML is
rendered once per file version and renderer version.
"""

from __future__ import annotations

import itertools
import threading
from functools import cached_property
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from markupsafe import Markup

from lms.core.markdown import RENDERER_VERSION, render_markdown
from lms.courses.annex import Marker, find_markers
from lms.courses.catalogue import Catalogue
from lms.courses.glossary import GLOSSARY_FILE, Glossary, read_glossary
from lms.courses.links import LinkMap
from lms.courses.loader import LoadResult, load_catalogue

_EXTENSION_KEY = "lms.content"
_load_lock = threading.Lock()
_serials = itertools.count(1)


class ContentState:
    """A loaded catalogue with its link map and a cache of rendered HTML."""

    def __init__(self, result: LoadResult, root: Path | None = None):
        self.catalogue: Catalogue = result.catalogue
        self.root = root
        self.problems = result.problems
        self.links = LinkMap(result.catalogue)
        # Identifies this load in the keys of caches kept elsewhere (rendered page fragments),
        # so that content loaded anew never meets what was rendered from the old.
        self.serial = next(_serials)
        self._html: dict[tuple[str, str, str], Markup] = {}
        self._lock = threading.Lock()

    def html(self, path: Path, source: str, version: str) -> Markup:
        """Sanitised HTML of a content file's Markdown body, rendered once per version."""
        key = (str(path), version, RENDERER_VERSION)
        cached = self._html.get(key)
        if cached is None:
            cached = render_markdown(source, self.links.resolver_for(path))
            with self._lock:
                self._html[key] = cached
        return cached

    @cached_property
    def markers(self) -> list[Marker]:
        """Every ``[confirm: …]`` statement in the content (read once per load)."""
        return find_markers(self.root) if self.root else []

    @cached_property
    def glossary(self) -> Glossary:
        """The glossary beside the curricula (empty when there is none or it cannot be read)."""
        return read_glossary(self.root / GLOSSARY_FILE)[0] if self.root else Glossary()


def content_state() -> ContentState:
    """The current app's content, loading it the first time it is needed."""
    extensions = current_app.extensions
    state = extensions.get(_EXTENSION_KEY)
    if state is None:
        with _load_lock:
            state = extensions.get(_EXTENSION_KEY)
            if state is None:
                root = Path(current_app.config["CONTENT_DIR"])
                state = ContentState(load_catalogue(root), root)
                with force_locale("en"):  # the log is in English, whoever loaded the content
                    for problem in state.problems:
                        if problem.severity == "error":
                            current_app.logger.warning("content: %s", problem.format())
                extensions[_EXTENSION_KEY] = state
    return state


def catalogue() -> Catalogue:
    return content_state().catalogue
