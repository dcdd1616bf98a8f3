"""Importing users from CSV: the whole file is checked first, and nothing is saved unless
every row is good."""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.cohorts import set_cohort_people
from lms.accounts.models import Cohort
from lms.accounts.names import username_key
from lms.accounts.users import NewUser, create_user, problems_with_new_user
from lms.core.extensions import db
from lms.i18n.languages import LANGUAGES

REQUIRED_COLUMNS = ("username", "full_name")
OPTIONAL_COLUMNS = ("roles", "email", "language", "region", "cohort", "password")
MAX_ROWS = 5000


@dataclass
class ImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    users: list[NewUser] = field(default_factory=list)
    cohorts: dict[str, list[str]] = field(default_factory=dict)  # cohort code -> usernames
    generated_passwords: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_header(header: list[str] | None, report: ImportReport) -> bool:
    if not header:
        report.errors.append((1, _("The file is empty; the first row must name the columns.")))
        return False
    names = [h.strip() for h in header]
    # csv.DictReader keeps the last of two same-named columns and drops the other unseen.
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        report.errors.append(
            (1, _("Column(s) named more than once: %(names)s.", names=", ".join(repeated)))
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    unknown = [c for c in names if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing:
        report.errors.append((1, _("Missing column(s): %(names)s.", names=", ".join(missing))))
    if unknown:
        report.errors.append(
            (
                1,
                _(
                    "Unknown column(s): %(names)s. Allowed: %(allowed)s.",
                    names=", ".join(unknown),
                    allowed=", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS),
                ),
            )
        )
    return not (repeated or missing or unknown)


def _row_to_user(row: dict[str, str], report: ImportReport) -> NewUser:
    roles = tuple(r for r in (row.get("roles") or "trainee").replace(";", " ").split() if r)
    password = (row.get("password") or "").strip()
    username = (row.get("username") or "").strip()
    if not password:
        password = secrets.token_urlsafe(9)
        report.generated_passwords[username] = password
    return NewUser(
        username=username,
        full_name=row.get("full_name") or "",
        password=password,
        roles=roles,
        email=(row.get("email") or "").strip() or None,
        language=(row.get("language") or "").strip() or None,
        region_code=(row.get("region") or "").strip() or None,
    )


def _check_row(
    line: int,
    row: dict[str, str],
    seen: dict[str, int],
    known: dict[str, set[str]],
    report: ImportReport,
) -> None:
    if None in row:
        report.errors.append((line, _("This row has more cells than the header has columns.")))
        return
    new = _row_to_user(row, report)
    errors = []
    key = username_key(new.username)
    if key and key in seen:
        errors.append(
            _("The username “%(name)s” repeats row %(row)d.", name=new.username, row=seen[key])
        )
    seen.setdefault(key, line)
    errors.extend(problems_with_new_user(new))
    if new.language and new.language not in LANGUAGES:
        errors.append(_("Language must be one of %(codes)s.", codes=", ".join(LANGUAGES)))
    cohort = (row.get("cohort") or "").strip()
    if cohort and cohort not in known["cohorts"]:
        errors.append(_("Unknown cohort “%(code)s”.", code=cohort))
    for message in errors:  # each a whole sentence, for a translator too
        report.errors.append((line, message))
    if not errors:
        report.users.append(new)
        if cohort:
            report.cohorts.setdefault(cohort, []).append(new.username)


def check_csv(text: str) -> ImportReport:
    """Validate every row; return the report (rows numbered as a spreadsheet shows them)."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        if not _check_header(reader.fieldnames, report):
            return report
        known = {"cohorts": set(db.session.scalars(select(Cohort.code)))}
        seen: dict[str, int] = {}
        for count, row in enumerate(reader, start=1):
            if count > MAX_ROWS:
                report.errors.append(
                    (reader.line_num, _("More than %(max)d rows; split the file.", max=MAX_ROWS))
                )
                break
            _check_row(reader.line_num, row, seen, known, report)
    except csv.Error as exc:
        report.errors.append((reader.line_num, _("Not a valid CSV file: %(error)s.", error=exc)))
    if not report.users and not report.errors:
        report.errors.append((1, _("The file has a header but no users.")))
    return report


def import_users(text: str, *, actor_id: int | None) -> ImportReport:
    """Check the file; when every row is good, create the users (flushed, not committed)."""
    report = check_csv(text)
    if not report.ok:
        report.generated_passwords.clear()
        return report
    created = {new.username: create_user(new, actor_id=actor_id) for new in report.users}
    for code, usernames in report.cohorts.items():
        cohort = db.session.scalar(select(Cohort).where(Cohort.code == code))
        set_cohort_people(
            cohort,
            trainer_ids=[u.id for u in cohort.trainers]
            + [created[n].id for n in usernames if "trainer" in created[n].roles],
            trainee_ids=[u.id for u in cohort.trainees]
            + [created[n].id for n in usernames if "trainee" in created[n].roles],
            actor_id=actor_id,
        )
    return report
