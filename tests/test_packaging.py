"""What an installed platform reads: settings for the curricula, the build hook's steps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lms.core.config import (
    PACKAGED_CONTENT,
    PROJECT_ROOT,
    ConfigError,
    configured_content_dir,
    default_content_dir,
    load_settings,
)

sys.path.insert(0, str(PROJECT_ROOT))  # build_hooks.py sits beside pyproject.toml
import build_hooks  # noqa: E402


def test_a_source_checkout_reads_its_own_content_folder():
    assert default_content_dir() == PROJECT_ROOT / "content"
    assert configured_content_dir({}) == PROJECT_ROOT / "content"
    assert PACKAGED_CONTENT == PROJECT_ROOT / "lms" / "default_content"


def test_lms_content_dir_wins(tmp_path):
    settings = load_settings(tmp_path, {"LMS_SECRET_KEY": "k", "LMS_CONTENT_DIR": str(tmp_path)})
    assert settings["CONTENT_DIR"] == tmp_path


def test_production_refuses_a_content_folder_that_is_not_there(tmp_path):
    env = {"LMS_ENV": "production", "LMS_SECRET_KEY": "x" * 40}
    missing = tmp_path / "nowhere"
    with pytest.raises(ConfigError, match="LMS_CONTENT_DIR: .*nowhere is not a folder"):
        load_settings(tmp_path, {**env, "LMS_CONTENT_DIR": str(missing)})
    # Development keeps starting: `lms content check` reports the folder instead.
    assert load_settings(tmp_path, {"LMS_CONTENT_DIR": str(missing)})["CONTENT_DIR"] == missing


def test_a_configuration_error_ends_the_command_without_a_traceback(tmp_path):
    env = {"PATH": "", "LMS_ENV": "production", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", "from lms.cli import main; main()", "db", "current"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "lms: LMS_SECRET_KEY must be set when LMS_ENV=production"


def test_the_build_hook_compiles_catalogues_and_copies_the_curricula(tmp_path):
    translations = tmp_path / "translations"
    for language in ("tk", "ru", "en"):
        source = PROJECT_ROOT / "lms" / "translations" / language / "LC_MESSAGES" / "messages.po"
        target = translations / language / "LC_MESSAGES" / "messages.po"
        target.parent.mkdir(parents=True)
        target.write_bytes(source.read_bytes())
    written = build_hooks.compile_catalogues(translations)
    assert sorted(p.parent.parent.name for p in written) == ["en", "ru", "tk"]
    assert all(p.stat().st_size > 1000 for p in written)

    target = tmp_path / "default_content"
    (target / "stale.md").parent.mkdir()
    (target / "stale.md").write_text("left from an earlier build")
    build_hooks.copy_content(PROJECT_ROOT / "content", target)
    assert (target / "foundational" / "programme.md").is_file()
    assert not (target / "stale.md").exists()


def test_the_build_hook_refuses_a_tree_without_curricula(tmp_path):
    with pytest.raises(RuntimeError, match="the curricula are missing"):
        build_hooks.copy_content(tmp_path, tmp_path / "out")
    with pytest.raises(RuntimeError, match="no message catalogues"):
        build_hooks.compile_catalogues(tmp_path)


def test_the_package_data_covers_fonts_wherever_they_live():
    import tomllib

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["*"]
    fonts = [p for p in Path(PROJECT_ROOT / "lms").rglob("*.ttf")]
    assert fonts
    for font in fonts:
        relative = font.relative_to(font.parent.parent)  # e.g. fonts/DejaVuSans.ttf
        assert any(relative.match(p) for p in patterns), font
