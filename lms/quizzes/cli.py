"""``lms quiz ...``: maintenance of quizzes and their attempts."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from lms.core.unit_of_work import unit_of_work
from lms.quizzes.gift import GiftError

quiz_cli = click.Group("quiz", help="Quizzes and their attempts.")


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    raise click.exceptions.Exit(1)


@quiz_cli.command("regrade")
@click.option("--programme", required=True, help="Programme code, e.g. foundational.")
@click.option("--module", "module_slug", required=True, help="Module slug, e.g. ethics.")
@with_appcontext
@unit_of_work()
def regrade_command(programme: str, module_slug: str) -> None:
    """Re-read the module's quiz.gift and regrade its submitted attempts with its answer key."""
    from lms.courses.content import catalogue
    from lms.quizzes.attempts import QuizKey
    from lms.quizzes.bank import read_bank
    from lms.quizzes.regrade import regrade_quiz

    _programme, module, _lesson = catalogue().find(programme, module_slug)
    if module is None or module.quiz_path is None:
        _fail(
            [
                _(
                    "no quiz for programme “%(programme)s”, module “%(module)s”",
                    programme=programme,
                    module=module_slug,
                )
            ]
        )
    try:
        questions = read_bank(module.quiz_path)
    except GiftError as error:
        _fail([f"{module.quiz_path}:{line}: {message}" for line, message in error.problems])
    except (OSError, UnicodeDecodeError) as error:
        _fail([_("%(file)s: cannot read: %(error)s", file=module.quiz_path, error=error)])
    report = regrade_quiz(QuizKey(programme, module_slug), questions, actor_id=None)
    for attempt, before, after in report.changed:
        click.echo(
            _(
                "attempt %(id)d (%(username)s, #%(number)d): %(before)s -> %(after)s",
                id=attempt.id,
                username=attempt.user.username,
                number=attempt.number,
                before=_grade(before),
                after=_grade(after),
            )
        )
    for question_id in sorted(report.skipped):
        click.echo(
            _(
                "%(question)s: options changed since attempts were served; not regraded",
                question=question_id,
            )
        )
    quiz = f"{programme}/{module_slug}"
    click.echo(
        ngettext(
            "Regraded %(num)d attempt of %(quiz)s.",
            "Regraded %(num)d attempts of %(quiz)s.",
            len(report.changed),
            quiz=quiz,
        )
    )


def _grade(value: float | None) -> str:
    return _("awaiting marking") if value is None else f"{value:g}%"
