"""``lms frameworks``: import a CASE package or Moodle CSV, export CASE, sync the programme's
own frameworks from the content folder, list what is loaded."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from lms.competencies.package import Problem
from lms.core.unit_of_work import unit_of_work


def _fail(lines: list[str], summary: str) -> None:
    for line in lines:
        click.echo(line, err=True)
    click.echo(summary, err=True)
    sys.exit(1)


@click.group("frameworks")
def frameworks_group() -> None:
    """Competency frameworks: CASE 1.1 and Moodle CSV in and out."""


@frameworks_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
@unit_of_work()
def import_command(file: Path) -> None:
    """Import (or update) a framework from FILE: a CASE JSON package or a Moodle CSV."""
    from lms.competencies.importing import MAX_FILE_BYTES, import_framework, plan_import

    if not file.is_file():
        _fail([Problem(1, _("no such file")).format(str(file))], _("Nothing was imported."))
    if file.stat().st_size > MAX_FILE_BYTES:  # refused before reading
        too_large = _("the file is larger than %(mb)d MB", mb=MAX_FILE_BYTES // (1024 * 1024))
        _fail([Problem(1, too_large).format(str(file))], _("Nothing was imported."))
    content = file.read_bytes()
    plan = plan_import(str(file), content)
    if not plan.ok:
        summary = ngettext(
            "%(path)s: %(num)d error; nothing was imported.",
            "%(path)s: %(num)d errors; nothing was imported.",
            len(plan.errors),
            path=file,
        )
        _fail(plan.formatted(), summary)
    for line in plan.formatted():
        click.echo(line, err=True)
    framework = import_framework(plan, actor_id=None, sha256=hashlib.sha256(content).hexdigest())
    counts = {
        "code": framework.code,
        "title": framework.title,
        "items": len(plan.package.items),
        "associations": len(plan.package.associations),
    }
    if plan.existing:
        done = _(
            "Updated framework %(code)s “%(title)s”: %(items)d competencies, "
            "%(associations)d associations.",
            **counts,
        )
    else:
        done = _(
            "Imported framework %(code)s “%(title)s”: %(items)d competencies, "
            "%(associations)d associations.",
            **counts,
        )
    click.echo(done)


@frameworks_group.command("export")
@click.argument("code")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["case", "moodle-csv"]),
    default="case",
    show_default=True,
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@with_appcontext
def export_command(code: str, file_format: str, out: Path | None) -> None:
    """Write the framework CODE (or CASE identifier) as a CASE 1.1 JSON package or a Moodle
    competency framework CSV."""
    from lms.competencies.case_export import export_case_json
    from lms.competencies.frameworks import framework_by_code
    from lms.competencies.moodle_export import export_moodle_csv

    framework = framework_by_code(code)
    if framework is None:
        _fail(
            [_("no framework with the code “%(code)s” (see: lms frameworks list)", code=code)], ""
        )
    text = export_case_json(framework) if file_format == "case" else export_moodle_csv(framework)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_bytes(text.encode("utf-8"))
        click.echo(_("Wrote %(path)s.", path=out), err=True)


@frameworks_group.command("sync")
@with_appcontext
@unit_of_work()
def sync_command() -> None:
    """Create or update the programme's frameworks from content/frameworks/*.yaml."""
    from lms.competencies.programme_frameworks import sync_programme_frameworks

    outcomes = sync_programme_frameworks()
    refused = [o for o in outcomes if o.status == "refused"]
    if refused:
        _fail([p for o in refused for p in o.problems], _("Nothing was synced."))
    shown = {"created": _("created"), "updated": _("updated"), "unchanged": _("unchanged")}
    for outcome in outcomes:
        click.echo(f"{outcome.code}: {shown.get(outcome.status, outcome.status)} ({outcome.path})")
    if not outcomes:
        click.echo(_("No framework in the content folder."))


@frameworks_group.command("list")
@with_appcontext
def list_command() -> None:
    """The frameworks in the database: code, origin, competencies, title."""
    from lms.competencies.frameworks import framework_summaries

    for framework, total in framework_summaries():
        click.echo(f"{framework.code}\t{framework.origin}\t{total}\t{framework.title}")
