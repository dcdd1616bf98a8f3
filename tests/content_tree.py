"""A small, valid content tree written into a temporary folder; tests plant faults in it."""

from pathlib import Path

FRAMEWORK = """code: T-FW
title: {en: Test framework}
version: "1"
source: tests
language: en
competencies:
  - {code: ETH, title: Ethics, domain: values, description: Area.}
  - {code: ETH-1, parent: ETH, title: Applies ethics, domain: values, description: Does.}
  - {code: COM-1, parent: ETH, title: Listens, domain: skills, description: Listens.}
"""

PROGRAMME = """---
code: basics
title: {en: Basics, ru: Основы, tk: Esaslar}
order: 1
framework: T-FW
prerequisites: []
certificate:
  practice: {total_hours: 10}
---
Welcome. See [the first lesson](01-intro/01-hello.md).
"""

MODULE = """---
title: {{en: {title}}}
minutes: 30
competencies: [ETH-1]
prerequisites: {prerequisites}
quiz: {{pass_mark: 60, attempts: 2}}
---
Overview of {title}.
"""

LESSON = """---
title: {title}
minutes: 10
---
# {title}

Some text. {extra}
"""

QUIZ = """// [id:T-INT-01]
// [tag:competency:ETH-1]
::Q1::Is listening important?{TRUE}
"""


def write_content(root: Path) -> Path:
    (root / "frameworks").mkdir(parents=True)
    (root / "frameworks" / "T-FW.yaml").write_text(FRAMEWORK, encoding="utf-8")
    programme = root / "basics"
    programme.mkdir()
    (programme / "programme.md").write_text(PROGRAMME, encoding="utf-8")
    for number, slug, prereq in ((1, "intro", "[]"), (2, "listening", "[intro]")):
        module = programme / f"0{number}-{slug}"
        module.mkdir()
        (module / "module.md").write_text(
            MODULE.format(title=slug.title(), prerequisites=prereq), encoding="utf-8"
        )
        for lesson in (1, 2):
            extra = "[next](../02-listening/01-hello.md)" if number == 1 else ""
            (module / f"0{lesson}-{'hello' if lesson == 1 else 'more'}.md").write_text(
                LESSON.format(title=f"{slug} {lesson}", extra=extra), encoding="utf-8"
            )
        (module / "quiz.gift").write_text(QUIZ.replace("INT", slug[:3].upper()), encoding="utf-8")
    return root


def use_content(app, root: Path):
    """Point the app at another content folder; returns a function that undoes it."""
    from lms.courses.content import _EXTENSION_KEY as CONTENT
    from lms.quizzes.bank import _EXTENSION_KEY as BANKS

    saved = app.config["CONTENT_DIR"], app.extensions.pop(CONTENT, None)
    saved_banks = app.extensions.pop(BANKS, None)
    app.config["CONTENT_DIR"] = root

    def restore():
        app.config["CONTENT_DIR"] = saved[0]
        app.extensions.pop(CONTENT, None)
        app.extensions.pop(BANKS, None)
        if saved[1] is not None:
            app.extensions[CONTENT] = saved[1]
        if saved_banks is not None:
            app.extensions[BANKS] = saved_banks

    return restore
