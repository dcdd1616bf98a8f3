"""The statement rules the export is checked with accept the xAPI specification's own examples
and the ADL conformance suite's valid templates, and refuse its invalid ones: they are not
vacuous."""

from __future__ import annotations

import copy

import pytest
from xapi_rules import DuplicateKey, load, part_problems, problems, rfc4122_variant

SPEC = "xapi/adlnet_xAPI-Spec_examples"
SUITE = "xapi/adlnet_lrs-conformance-test-suite_templates_v1_0_3"

SPEC_STATEMENTS = [
    "01_voiding_statement.json",
    "02_simplest_statement.json",
    "06_statementref_comment_statement.json",
    "07_substatement_planned_visit.json",
    "11_appendixA_attempted_completion_statement.json",
    "12_appendixA_long_statement_from_lrs.json",
    "27_appendixD_statement_to_sign.json",
    "33_appendixD_signed_statement_with_attachment.json",
    "34_about_appendixB_cmi5_failed_statement.json",
]
SPEC_PARTS = {
    "03_agent_account_object.json": "agent",
    "04_verb_object.json": "verb",
    "08_context_mentored_statement.json": "contextActivities",
    "13_appendixB_object_activity.json": "activity",
    "14_appendixB_object_agent.json": "agent",
    "15_appendixB_object_group.json": "group",
    "16_appendixB_object_substatement.json": "subStatement",
}
SUITE_VALID = [
    "attachment", "context", "context_sans_objectType", "default", "object_agent_default",
    "object_group_default", "object_statementref", "object_substatement_default", "result",
    "unicode", "voiding",
]  # fmt: skip
SUITE_INVALID = {
    "actor": "an agent with no identifier",
    "authority": "an authority with no identifier",
    "no_actor": "no actor",
    "no_object": "no object",
    "no_verb": "no verb",
    "object_activity": "an activity with no id",
    "object_actor": "an agent object with no identifier",
    "object_statementref_no_id": "a statement reference with no id",
    "object_substatement": "an empty substatement",
    "verb": "a verb with no id",
}
# activities/, agents/, verbs/, groups/ templates the suite expects an LRS to refuse.
SUITE_INVALID_PARTS = {
    "activities/description_invalid.json": "activity",
    "activities/interaction_type_invalid_iri.json": "activity",
    "activities/interaction_type_invalid_numeric.json": "activity",
    "activities/interaction_type_invalid_object.json": "activity",
    "activities/interaction_type_invalid_string.json": "activity",
    "activities/name_invalid.json": "activity",
    "activities/no_id.json": "activity",
    "activities/numeric_description.json": "activity",
    "activities/numeric_name.json": "activity",
    "activities/string_description.json": "activity",
    "activities/string_name.json": "activity",
    "agents/account_no_homepage.json": "agent",
    "agents/account_no_name.json": "agent",
    "verbs/no_id.json": "verb",
    "groups/anonymous_no_member.json": "group",
    "groups/identified_account_no_homepage.json": "group",
    "groups/identified_account_no_name.json": "group",
    "contexts/invalid_activity.json": "context",
}


def _read(folder, name):
    return load((folder / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SPEC_STATEMENTS)
def test_the_specifications_statements_pass(shared_fixtures, name):
    assert problems(_read(shared_fixtures / SPEC, name)) == []


@pytest.mark.parametrize(("name", "part"), SPEC_PARTS.items())
def test_the_specifications_pieces_of_statements_pass(shared_fixtures, name, part):
    assert part_problems(_read(shared_fixtures / SPEC, name), part) == []


def test_the_specifications_interaction_definitions_pass(shared_fixtures):
    files = sorted((shared_fixtures / SPEC).glob("*_appendixC_interaction_*.json"))
    assert len(files) == 10
    for path in files:
        activity = {"id": "http://example.org/question", **load(path.read_text(encoding="utf-8"))}
        assert part_problems(activity, "activity") == [], path.name


@pytest.mark.parametrize("name", SUITE_VALID)
def test_the_suites_valid_statements_pass(shared_fixtures, name):
    assert problems(_read(shared_fixtures / SUITE / "statements", f"{name}.json")) == []


@pytest.mark.parametrize(("name", "why"), SUITE_INVALID.items())
def test_the_suites_invalid_statements_fail(shared_fixtures, name, why):
    assert problems(_read(shared_fixtures / SUITE / "statements", f"{name}.json")), why


def test_a_property_given_twice_is_refused(shared_fixtures):
    with pytest.raises(DuplicateKey):
        _read(shared_fixtures / SUITE / "statements", "multiple_actor.json")


@pytest.mark.parametrize(("name", "part"), SUITE_INVALID_PARTS.items())
def test_the_suites_invalid_pieces_fail(shared_fixtures, name, part):
    assert part_problems(_read(shared_fixtures / SUITE, name), part)


@pytest.mark.parametrize("folder", ["activities", "agents", "verbs", "groups", "results"])
def test_the_suites_other_pieces_pass(shared_fixtures, folder):
    part = {"activities": "activity", "agents": "agent", "verbs": "verb", "groups": "group"}
    for path in sorted((shared_fixtures / SUITE / folder).glob("*.json")):
        if f"{folder}/{path.name}" not in SUITE_INVALID_PARTS:
            found = part_problems(load(path.read_text()), part.get(folder, "result"))
            assert found == [], path.name


def test_the_cmi5_examples_id_is_not_an_rfc_4122_uuid(shared_fixtures):
    """The specification's cmi5 example has an id of the right shape but no RFC 4122 variant:
    our own ids are held to the variant, the shape alone would let it through."""
    statement = _read(shared_fixtures / SPEC, "34_about_appendixB_cmi5_failed_statement.json")
    assert not rfc4122_variant(statement["id"])
    attempted = _read(shared_fixtures / SPEC, "11_appendixA_attempted_completion_statement.json")
    assert rfc4122_variant(attempted["id"])


BREAKAGES = {
    "scaled score above 1": lambda s: s["result"]["score"].update(scaled=1.5),
    "raw score above max": lambda s: s["result"]["score"].update(raw=101),
    "duration not ISO 8601": lambda s: s["result"].update(duration="30 minutes"),
    "success as a string": lambda s: s["result"].update(success="false"),
    "verb id not an IRI": lambda s: s["verb"].update(id="failed"),
    "language map key not a tag": lambda s: s["verb"].update(display={"en US": "failed"}),
    "two identifiers": lambda s: s["actor"].update(mbox="mailto:someone@example.org"),
    "an unknown property": lambda s: s.update(grade="A"),
    "timestamp without zone": lambda s: s.update(timestamp="2012-06-01T19:09:13"),
    "registration not a UUID": lambda s: s["context"].update(registration="42"),
    "platform for an agent object": lambda s: (
        s.update(
            object={"objectType": "Agent", "account": {"homePage": "http://e.org", "name": "1"}}
        ),
        s["context"].update(platform="x"),
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_variant_of_a_valid_statement_fails(shared_fixtures, breakage):
    statement = _read(shared_fixtures / SPEC, "34_about_appendixB_cmi5_failed_statement.json")
    assert problems(statement) == []
    broken = copy.deepcopy(statement)
    BREAKAGES[breakage](broken)
    assert problems(broken), breakage
