"""Staff see which lessons exist in Turkmen and Russian and which are out of date."""

from __future__ import annotations

import hashlib

from content_tree import write_content
from support import login

from lms.courses.coverage import CURRENT, DRAFT, MISSING, STALE, coverage, lesson_state
from lms.courses.loader import load_catalogue


def _translate(path, language: str, *, draft: bool, source_hash: str | None) -> None:
    meta = [f"title: {language} title", "minutes: 10"]
    if draft:
        meta.append("translation: draft")
    if source_hash:
        meta.append(f"source_hash: {source_hash}")
    target = path.with_name(path.name.replace(".md", f".{language}.md"))
    target.write_text("---\n" + "\n".join(meta) + "\n---\nTranslated text.\n", encoding="utf-8")


def _tree(tmp_path):
    root = write_content(tmp_path / "content")
    module = root / "basics" / "01-intro"
    english = module / "01-hello.md"
    current_hash = hashlib.sha256(english.read_bytes()).hexdigest()[:12]
    _translate(english, "tk", draft=False, source_hash=current_hash)
    _translate(english, "ru", draft=True, source_hash=current_hash)
    _translate(module / "02-more.md", "ru", draft=False, source_hash="0123456789ab")  # old English
    return root


def test_each_lesson_is_current_draft_stale_or_missing_per_language(tmp_path):
    result = load_catalogue(_tree(tmp_path))
    assert not [p for p in result.problems if p.severity == "error"]
    [programme] = coverage(result.catalogue)
    intro, listening = programme.modules
    hello, more = (lesson for lesson, _states in intro.lessons)
    assert (lesson_state(hello, "tk"), lesson_state(hello, "ru")) == (CURRENT, DRAFT)
    assert (lesson_state(more, "tk"), lesson_state(more, "ru")) == (MISSING, STALE)
    assert intro.counts["ru"].translated == 2 and intro.counts["ru"].stale == 1
    assert intro.counts["tk"].percent == 50
    assert listening.counts["tk"].missing == 2
    assert programme.counts["tk"].lessons == 4 and programme.counts["tk"].translated == 1
    assert programme.counts["ru"].percent == 50


def test_staff_page_lists_coverage_of_the_real_curricula(client, factory):
    factory.user("staff", "trainer")
    login(client, "staff")
    page = client.get("/learn/translations").get_data(as_text=True)
    assert "Translation coverage" in page
    assert "Defining social work" in page or "defining" in page.lower()
    # The first foundational module is translated to both languages (as drafts).
    assert "draft, awaiting review" in page
    assert "missing" in page


def test_trainees_cannot_open_the_coverage_page(client, factory):
    factory.user("reader", "trainee")
    login(client, "reader")
    assert client.get("/learn/translations").status_code == 403
