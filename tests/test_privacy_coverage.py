"""Every free-text field of every form is either checked by the privacy guard or exempt, with a
reason (issue 16: "apply it to every free-text field that can hold a family's details").

A form declares the fields its service passes through ``lms.core.privacy.require_clean`` in a
``privacy_guarded`` tuple; each such form is listed in ``GUARD_TESTS`` with the test that shows
the guard refusing an identifying text in it. A new StringField or TextAreaField that is in
neither ``privacy_guarded`` nor ``EXEMPT`` fails here, and so does a new guarded form without a
test. The list is documented in docs/privacy-guard.md.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from wtforms import BooleanField, FormField, HiddenField, PasswordField, StringField
from wtforms import Form as WtformsForm
from wtforms.fields.core import UnboundField

import lms

TESTS = Path(__file__).parent

# Not free text about a family, with the reason.
EXEMPT = {
    # Who is logging in or being created: a person's own account, never a client of the service.
    "lms.accounts.forms.LoginForm.username": "an account name, looked up and never shown",
    "lms.accounts.forms.UserCreateForm.username": "the account's own user name",
    "lms.accounts.forms.UserCreateForm.full_name": "the account holder's own name, by design",
    "lms.accounts.forms.UserCreateForm.email": "the account holder's own address, by design",
    "lms.accounts.forms.UserEditForm.full_name": "the account holder's own name, by design",
    "lms.accounts.forms.UserEditForm.email": "the account holder's own address, by design",
    "lms.certificates.forms.IssueForm.username": "an account name, looked up and never stored",
    # Labels of the programme's own things, written by admins and coordinators.
    "lms.accounts.forms.CohortForm.code": "a cohort's code",
    "lms.accounts.forms.CohortForm.name": "a cohort's name",
    "lms.competencies.forms.UniversityForm.name": "a university's name",
    "lms.competencies.forms.UniversityForm.short_code": "a university's code",
    "lms.competencies.forms.ProgrammeForm.name": "a degree programme's name",
    "lms.competencies.forms.CourseForm.code": "a course code",
    "lms.competencies.forms.CourseForm.title": "a course title",
    "lms.practice.forms.log.PlacementForm.agency": "the agency or service hosting a placement",
    # Dates, times and numbers typed as text and parsed (lms.practice.parsing): anything that
    # is not a date, a time or a number is refused, so no name or phone number is stored.
    "lms.competencies.forms.CourseForm.ects": "a number of credits",
    "lms.practice.forms.log.EntryForm.day": "a date",
    "lms.practice.forms.log.EntryForm.start": "a time of day",
    "lms.practice.forms.log.EntryForm.end": "a time of day",
    "lms.practice.forms.log.EntryForm.hours": "a number of hours",
    "lms.practice.forms.log.PlacementForm.starts_on": "a date",
    "lms.practice.forms.log.PlacementForm.ends_on": "a date",
    "lms.practice.forms.log.PlacementForm.required_hours": "a number of hours",
    "lms.practice.forms.log.ReportFilterForm.start": "a date",
    "lms.practice.forms.log.ReportFilterForm.end": "a date",
    "lms.practice.forms.supervision.SessionForm.day": "a date",
    "lms.practice.forms.supervision.SessionForm.hours": "a number of hours",
    "lms.practice.forms.supervision.ActionForm.due_on": "a date",
    "lms.api.forms.TokenForm.name": "a label for the owner's own token, shown to them and admins",
    "lms.api.forms.TokenForm.expires_on": "a date",
}

# Kinds of field that never hold free text: a password is never shown nor stored as typed; a
# hidden field carries a value the page set (a token), and is checked by the service.
NOT_FREE_TEXT = (PasswordField, HiddenField)

# Each guarded form → the test that submits identifying text in it and is refused.
GUARD_TESTS = {
    "lms.practice.forms.log.EntryForm": [
        "practice/test_signoff.py::test_the_privacy_guard_refuses_a_submission_until_confirmed",
        "practice/test_signoff.py::test_the_privacy_guard_also_checks_the_client_code",
    ],
    "lms.practice.forms.log.DecisionForm": [
        "practice/test_signoff.py::test_an_identifying_return_comment_needs_a_confirmation",
        "practice/test_signoff.py::"
        "test_an_identifying_return_comment_from_the_entry_page_is_shown_there",
    ],
    "lms.practice.forms.supervision.SessionForm": [
        "test_privacy_guard.py::test_supervision_notes_need_a_confirmation",
        "test_privacy_guard.py::test_an_agreed_action_and_a_case_code_need_a_confirmation",
    ],
    "lms.practice.forms.supervision.ActionForm": [
        "test_privacy_guard.py::test_an_agreed_action_and_a_case_code_need_a_confirmation",
    ],
    "lms.practice.forms.supervision.EvaluationTexts": [
        "test_privacy_guard.py::test_evaluation_texts_and_the_self_evaluation_need_a_confirmation",
    ],
    "lms.practice.forms.supervision.SelfEvaluationForm": [
        "test_privacy_guard.py::test_evaluation_texts_and_the_self_evaluation_need_a_confirmation",
    ],
    "lms.quizzes.forms.MarkForm": [
        "quizzes/test_marking.py::test_an_identifying_comment_or_reason_needs_a_confirmation",
    ],
    "lms.competencies.forms.StatusForm": [
        "competencies/test_evidence.py::test_an_identifying_note_needs_a_confirmation",
    ],
    "lms.certificates.forms.ReasonForm": [
        "certificates/test_public_pages.py::test_an_identifying_reason_needs_a_confirmation",
    ],
    "lms.notifications.forms.MessageForm": [
        "notifications/test_conversations.py::test_identifying_text_needs_a_confirmation",
    ],
    "lms.certificates.forms.CoFacilitationForm": [
        "certificates/test_public_pages.py::"
        "test_identifying_co_facilitation_comments_need_a_confirmation",
    ],
}


def _import_every_module() -> None:
    for found in pkgutil.walk_packages(lms.__path__, "lms."):
        if not found.name.startswith("lms.migrations"):
            importlib.import_module(found.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _forms() -> dict[str, type]:
    _import_every_module()
    return {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for cls in _subclasses(WtformsForm)
        if cls.__module__.startswith("lms.") and "<locals>" not in cls.__qualname__
    }


def _fields(cls) -> dict[str, UnboundField]:
    return {
        name: value
        for name in dir(cls)
        if isinstance(value := getattr(cls, name, None), UnboundField)
    }


def _free_text(cls) -> list[str]:
    return sorted(
        name
        for name, field in _fields(cls).items()
        if issubclass(field.field_class, StringField)
        and not issubclass(field.field_class, NOT_FREE_TEXT)
    )


FORMS = _forms()


def test_the_walk_finds_the_forms():
    assert "lms.practice.forms.log.EntryForm" in FORMS and "lms.quizzes.forms.MarkForm" in FORMS
    assert len(FORMS) >= 20


def test_every_free_text_field_is_guarded_or_exempt_with_a_reason():
    unguarded = [
        f"{name}.{field}"
        for name, cls in FORMS.items()
        for field in _free_text(cls)
        if field not in getattr(cls, "privacy_guarded", ()) and f"{name}.{field}" not in EXEMPT
    ]
    assert not unguarded, (
        "free-text fields neither checked by the privacy guard nor exempt in "
        f"tests/test_privacy_coverage.py: {unguarded}"
    )


def test_the_exempt_list_names_real_unguarded_fields():
    real = {f"{name}.{field}" for name, cls in FORMS.items() for field in _free_text(cls)}
    assert set(EXEMPT) <= real, set(EXEMPT) - real
    assert all(reason.strip() for reason in EXEMPT.values())
    for key in EXEMPT:
        form, field = key.rsplit(".", 1)
        assert field not in getattr(FORMS[form], "privacy_guarded", ()), key


@pytest.mark.parametrize(
    "name", sorted(n for n, c in FORMS.items() if hasattr(c, "privacy_guarded"))
)
def test_a_guarded_form_asks_for_the_confirmation_and_has_a_test(name):
    cls = FORMS[name]
    fields = _fields(cls)
    assert set(cls.privacy_guarded) <= set(_free_text(cls)), "guarded names must be text fields"
    if issubclass(cls, lms.core.forms.Form):  # a sub-form is confirmed by the form holding it
        confirm = fields.get("confirm_privacy")
        assert confirm is not None and issubclass(confirm.field_class, BooleanField)
    else:
        holders = [
            c
            for c in FORMS.values()
            if hasattr(c, "privacy_guarded")
            and any(
                issubclass(f.field_class, FormField) and f.args and f.args[0] is cls
                for f in _nested_fields(c)
            )
        ]
        assert holders, f"{name} is guarded but no guarded form holds it"
    assert name in GUARD_TESTS, f"add the test that shows the guard refusing text in {name}"
    for reference in GUARD_TESTS[name]:
        path, test = reference.split("::")
        tree = ast.parse((TESTS / path).read_text(encoding="utf-8"))
        names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert test in names, f"{reference} does not exist"


def _nested_fields(cls):
    """The fields of a form, and the unbound fields a FieldList wraps."""
    for field in _fields(cls).values():
        yield field
        yield from (arg for arg in field.args if isinstance(arg, UnboundField))


def test_every_guarded_form_is_listed():
    guarded = {n for n, c in FORMS.items() if hasattr(c, "privacy_guarded")}
    assert guarded == set(GUARD_TESTS), guarded ^ set(GUARD_TESTS)
