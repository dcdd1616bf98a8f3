"""Staff see which lessons exist in Turkmen and Russian and which are out of date."""

from __future__ import annotations

import hashlib

from content_tree import write_content
from support import login

from lms.courses.coverage import APPROVED, DRAFT, MISSING, STALE, coverage, lesson_state
from lms.courses.loader import load_catalogue


def _translate(path, language: str, *, draft: bool, source_hash: str | None) -> None:
    meta = [f"title: {language} title", "minutes: 10"]
    if draft:
        meta.append("translation: draft")
    else:
        meta += ["translation: approved", "approved_by: Ogulgerek N.", "approved_on: 2026-12-01"]
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
    assert (lesson_state(hello, "tk"), lesson_state(hello, "ru")) == (APPROVED, DRAFT)
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
    # The first foundational module is translated to both languages (as drafts). Whether
    # anything is still missing depends on how far translation has got, so the test does
    # not require a gap; it checks that the introductions are listed with their state.
    assert "draft, awaiting review" in page
    assert "Introduction to the programme" in page


def test_trainees_cannot_open_the_coverage_page(client, factory):
    factory.user("reader", "trainee")
    login(client, "reader")
    assert client.get("/learn/translations").status_code == 403


def _overview(module_dir, language: str, meta: str, body: str = "Terjime edilen beýan.") -> None:
    english = module_dir / "module.md"
    source = hashlib.sha256(english.read_bytes()).hexdigest()[:12]
    text = f"---\n{meta.format(source=source)}\n---\n{body}\n"
    (module_dir / f"module.{language}.md").write_text(text, encoding="utf-8")


def test_module_overviews_and_introductions_have_translations_with_a_state(tmp_path):
    root = write_content(tmp_path / "content")
    intro = root / "basics" / "01-intro"
    _overview(intro, "tk", "translation: draft\nsource_hash: {source}")
    approved = "translation: approved\napproved_by: Jeren A.\napproved_on: 2026-12-01"
    _overview(intro, "ru", approved + "\nsource_hash: 0123456789ab", "Старое описание.")
    (root / "basics" / "programme.tk.md").write_text(
        "---\ntranslation: approved\napproved_by: Jeren A.\napproved_on: 2026-12-01\n---\nGiriş.\n",
        encoding="utf-8",
    )
    result = load_catalogue(root)
    assert not [p.format() for p in result.problems if p.severity == "error"]
    [programme] = coverage(result.catalogue)
    assert programme.introduction == {"tk": APPROVED, "ru": MISSING}
    assert programme.modules[0].overview == {"tk": DRAFT, "ru": STALE}
    stale = [p for p in result.problems if "changed after" in str(p.message)]
    assert stale == [] or all(p.severity == "warning" for p in stale)


def test_an_approval_without_a_named_reviewer_is_an_error(tmp_path):
    root = write_content(tmp_path / "content")
    _overview(root / "basics" / "01-intro", "tk", "translation: approved")
    result = load_catalogue(root)
    errors = [p for p in result.problems if p.severity == "error"]
    assert [p.path.name for p in errors] == ["module.tk.md"]
    assert "approved_by" in str(errors[0].message)
    assert result.catalogue.programmes[0].modules[0].overviews["tk"].draft


def test_content_check_warns_about_a_stale_overview_translation(tmp_path):
    from lms.content_check import check_content

    root = write_content(tmp_path / "content")
    _overview(root / "basics" / "01-intro", "ru", "translation: draft\nsource_hash: 0123456789ab")
    found = [p for p in check_content(root) if p.path.name == "module.ru.md"]
    assert [(p.severity, "source_hash" in str(p.message)) for p in found] == [("warning", True)]


def test_the_module_page_shows_the_overview_in_the_readers_language(app, client, factory, tmp_path):
    from content_tree import use_content

    root = write_content(tmp_path / "content")
    # A programme code that cohorts accept (the test tree's own is "basics").
    (root / "basics").rename(root / "foundational")
    programme_file = root / "foundational" / "programme.md"
    programme_file.write_text(
        programme_file.read_text().replace("code: basics", "code: foundational"), encoding="utf-8"
    )
    _overview(root / "foundational" / "01-intro", "tk", "translation: draft\nsource_hash: {source}")
    restore = use_content(app, root)
    try:
        trainee = factory.user("aygul", "trainee", language="tk")
        factory.cohort("C-1", programme="foundational", trainees=[trainee])
        login(client, "aygul")
        module = client.get("/learn/foundational/intro/").get_data(as_text=True)
        assert "Terjime edilen beýan." in module and '<article class="prose" lang="tk">' in module
        assert "garalama" in module.lower()
        listening = client.get("/learn/foundational/listening/").get_data(as_text=True)
        assert "Overview of Listening." in listening
        assert '<article class="prose" lang="en">' in listening
        assert "iňlis dilinde görkezilýär" in listening
    finally:
        restore()
