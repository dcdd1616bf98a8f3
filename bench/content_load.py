"""``content_load_s``: building the Catalogue of every programme in ``content/`` from cold.

"Cold" is what a freshly started app server has: the catalogue is built on first use and kept
per process (``lms.courses.content.content_state``), and rendered lesson HTML lives only in that
process's cache. So the measurement runs in a new Python process: it imports the app and creates
it (not timed: any process pays that), then times ``content_state()`` (reading and checking
every programme, module, lesson, translation and framework file, and the link map) and, as a
second figure, rendering the HTML of every lesson version into the empty cache
(``content_render_s``: what the first visitors of all the lessons pay together).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import json, time
from lms import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
with app.app_context():
    from lms.courses.content import content_state

    started = time.perf_counter()
    state = content_state()
    loaded = time.perf_counter()
    versions = 0
    for programme in state.catalogue.programmes:
        for module in programme.modules:
            for lesson in module.lessons:
                for version in lesson.versions.values():
                    state.html(version.path, version.source, version.content_hash)
                    versions += 1
    rendered = time.perf_counter()
print(json.dumps({
    "load_s": loaded - started,
    "render_s": rendered - loaded,
    "programmes": len(state.catalogue.programmes),
    "lessons": sum(p.lesson_count for p in state.catalogue.programmes),
    "versions": versions,
}))
"""


@dataclass(frozen=True)
class ContentLoad:
    load_s: float
    render_s: float
    programmes: int
    lessons: int
    versions: int


def content_load() -> ContentLoad:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    env.setdefault("LMS_SECRET_KEY", "bench-content-load")
    done = subprocess.run(
        [sys.executable, "-c", _CHILD],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench: content load failed:\n{done.stderr[-2000:]}")
    return ContentLoad(**json.loads(done.stdout.strip().splitlines()[-1]))
