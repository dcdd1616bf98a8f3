"""The privacy guard finds what looks like a name, a phone number or an address."""

import pytest

from lms.core.privacy import scan_client_code, scan_entry, scan_text


def kinds(text):
    return {finding.kind for finding in scan_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Visited Aýna and her children.",
        "Aýnanyň ejesi bilen gürleşdim.",  # a Turkmen name with a case ending
        "Met the mother, Gülnar, at school.",
        "Talked with Myrat aga about his pension.",
        "Mrs Rejepowa asked for help.",
        "The grandmother Bibijan cares for three children.",
        "Мать Анна пришла с сыном.",
        "Дочь зовут Мария.",
        "Spoke with Mr Orazow.",
    ],
)
def test_names_are_found(text):
    assert "name" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her number is +993 65 123456.",
        "Call +99365123456 tomorrow.",
        "Phone 8 65 12 34 56.",
        "Mobile 65 123456.",
        "Passport 12345678 was lost.",
    ],
)
def test_phone_numbers_are_found(text):
    assert "phone" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "They live on Azady köçesi.",
        "Magtymguly şaýoly 45.",
        "12-nji jaý, 3-nji kwartira.",
        "ул. Ленина 5, кв. 3",
        "живут на улице Азади",
        "12 Main Street, flat 3",
    ],
)
def test_addresses_are_found(text):
    assert "address" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Home visit to family F-014. Assessed needs with the ecomap; no safety concerns.",
        "Result: the school agreed to a meeting. Perhaps next week.",
        "Interview went well. Follow-up on 2026-11-03 at 10:00 with the polyclinic nurse.",
        "Followed the referral pathway; Tomorrow I write the case notes.",
        "Gurban baýramy week: fewer visits.",
    ],
)
def test_ordinary_practice_notes_raise_no_alarm(text):
    assert scan_text(text) == []


def test_client_codes_are_checked_for_names_and_numbers():
    assert scan_client_code("F-014") == []
    assert scan_client_code("AH-07") == []
    assert [f.kind for f in scan_client_code("AYNA-07")] == ["name"]
    assert [f.kind for f in scan_client_code("C-99887766")] == ["phone"]


def test_overlapping_findings_are_reported_once():
    findings = scan_entry("Visited Aýna eje at Azady köçesi 12.", "F-1")
    assert [f.text for f in findings] == ["Aýna eje", "Azady köçesi 12"]
