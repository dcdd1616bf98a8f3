"""What building the wheel does beyond copying files (``[tool.setuptools.cmdclass]`` in
pyproject.toml).

It lives outside the ``lms`` package because it runs in the build environment, where only the
``[build-system] requires`` (setuptools, Babel) are installed: the app's own catalogue tools
import Flask. An editable install (``pip install -e .``, what ``make`` does) skips both steps:
a source checkout compiles its catalogues with ``lms translations compile`` and reads
``./content``.
"""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
# Where the default curricula go inside the package (lms.core.config.PACKAGED_CONTENT reads it).
PACKAGED_CONTENT = Path("lms") / "default_content"


def compile_catalogues(translations: Path) -> list[Path]:
    """Compile every ``<lang>/LC_MESSAGES/messages.po`` below ``translations`` next to itself.

    Fuzzy entries are left out, as ``lms translations compile`` does: an unconfirmed
    translation shows the English until a translator confirms it.
    """
    written = []
    for po_file in sorted(translations.glob("*/LC_MESSAGES/messages.po")):
        language = po_file.parent.parent.name
        with po_file.open("rb") as handle:
            catalogue = read_po(handle, locale=language, domain="messages", abort_invalid=True)
        buffer = BytesIO()
        write_mo(buffer, catalogue, use_fuzzy=False)
        mo_file = po_file.with_suffix(".mo")
        mo_file.write_bytes(buffer.getvalue())
        written.append(mo_file)
    if not written:
        raise RuntimeError(f"{translations}: no message catalogues to compile")
    return written


def copy_content(source: Path, target: Path) -> None:
    """A fresh copy of the curricula (a stale build/ folder must not keep deleted lessons)."""
    if not (source / "foundational").is_dir():
        raise RuntimeError(f"{source}: the curricula are missing; build from a full checkout")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*", "__pycache__"))


class BuildPy(build_py):
    """setuptools' ``build_py``, then the compiled catalogues and the default curricula."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "lms"
        compile_catalogues(package / "translations")
        copy_content(CONTENT, Path(self.build_lib) / PACKAGED_CONTENT)
