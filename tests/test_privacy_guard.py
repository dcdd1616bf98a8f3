"""Finding 4: the privacy guard (lms.core.privacy) finds Cyrillic and lower-case names, passport
and ID numbers and Turkmen phone formats, stays quiet on ordinary professional text, and guards
every free text that can hold a family's details: supervision notes, field evaluations (the
supervisor's texts and the self-evaluation) and quiz essays, with the practice form's
confirmation flow."""

import pytest
from practice.world import practice_world
from sqlalchemy import func, select
from support import csrf_token, login

from lms.core.extensions import db
from lms.core.privacy import IdentifyingText, require_clean, scan_text


def kinds(text):
    return {finding.kind for finding in scan_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Разговаривал с Айной о детях.",  # a Cyrillic name with a Russian case ending
        "Огулджерен пришла с сыном.",  # a Turkmen name in Cyrillic, listed only in Latin
        "Встретил мерета у школы.",  # lower case
        "visited ogulgerek and her son",
        "Говорил с Ахмедом.",
        "Mämmediň ejesi geldi.",  # Turkmen voicing: Mämmet → Mämmediň
        "Spoke with Shatlyk's wife.",
        "Гульшат Бердыева",
    ],
)
def test_names_in_any_script_and_case_are_found(text):
    assert "name" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Паспорт серии I-AŞ № 123456.",
        "passport I-AŞ 123456",
        "pasporty AŞ 123456 ýitipdir",
        "şahsyýetnama: LB 654321",
        "ID 7788 99",
        "Foreign passport A1234567.",
        "Her number is 8 (65) 12-34-56.",
        "+993 (12) 34-56-78",
        "993 65 123456",
        "tel. 71 23 45 67",
        "jaň: 65-12-34-56",
    ],
)
def test_passport_id_and_phone_numbers_are_found(text):
    assert "phone" in kinds(text)


CLEAN = [
    "Maşgala F-014 bilen öý saparynda zerurlyklaryny bahalandyrdym. Ejesi çagalaryň mekdebe "
    "gatnawy barada aladalanýar; döwlet edaralary bilen maslahat berdim we sosial goldaw "
    "bölümine ugratdym. Indiki gezek ekokartany bilelikde dolduryp, maksat goýarys.",
    "Bu sapar men diňlemek başarnygymy ulandym. Maşgalanyň güýçli taraplaryny belledim: garry "
    "enesi çagalara ideg edýär. anna güni ýene barmaly. Gözegçi bilen öz duýgularym barada "
    "pikir alyşdyk; durdy-da, maslahat berdi.",
    "Провела первичную оценку потребностей семьи F-021. Мать беспокоится о здоровье младшего "
    "ребёнка; договорились о консультации в поликлинике. Надо уточнить в отделе социальной "
    "защиты, положено ли семье пособие. В следующий раз заполним экокарту вместе.",
    "На групповой супервизии обсуждали границы профессиональной роли. Я поняла, что слишком "
    "быстро предлагала решения вместо того, чтобы слушать. Есть надежда на изменения.",
    "Home visit with family F-033. The grandmother cares for three children while the parents "
    "work abroad. We mapped their support network with an ecomap and agreed to refer them to "
    "the etrap social protection department. Next visit in two weeks.",
    "Case conference at the polyclinic with the nurse and the school psychologist, "
    "10:00-11:30. Agreed actions: attendance plan, follow-up on 2026-11-03, review in a month.",
    "Toparlaýyn iş: ýaşlar bilen 8 sagatlyk okuw meýilnamasyny taýýarladyk. 12 adam gatnaşdy; "
    "3-nji sapakda hukuklar barada söhbet etdik. Netije: maksatnama gowy kabul edildi.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_reflections_in_three_languages_raise_no_alarm(text):
    assert scan_text(text) == []


def test_require_clean_asks_for_confirmation_once():
    with pytest.raises(IdentifyingText) as refused:
        require_clean(["Notes about Aýna."], ["F-1"], confirmed=False)
    assert [f.text for f in refused.value.findings] == ["Aýna"]
    assert require_clean(["Notes about Aýna."], confirmed=True)
    assert require_clean(["Ordinary notes."], confirmed=False) == []


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _session_form(world, **overrides):
    data = {
        "placements": [str(world.placement.id)], "day": world.day(5).isoformat(), "hours": "1",
        "quarter": "0", "format": "individual", "mode": "online", "case_codes": "F-014",
        "notes": "Discussed Ogulgerek's mother, phone 8 65 12 34 56.",
        "actions-0-task": "", "actions-0-due_on": "", "actions-1-task": "",
        "actions-1-due_on": "", "actions-2-task": "", "actions-2-due_on": "",
    }  # fmt: skip
    return {**data, **overrides}


def _sessions(app) -> int:
    from lms.practice.models import SupervisionSession

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SupervisionSession))


def test_supervision_notes_need_a_confirmation(client, world, app):
    login(client, "merdan")
    token = csrf_token(client, "/practice/sessions/new")
    data = {**_session_form(world), "csrf_token": token}
    page = client.post("/practice/sessions/new", data=data)
    assert page.status_code == 200 and "Could this identify someone?" in page.get_data(True)
    assert _sessions(app) == 0
    confirmed = client.post("/practice/sessions/new", data={**data, "confirm_privacy": "y"})
    assert confirmed.status_code == 302 and _sessions(app) == 1


def test_an_agreed_action_and_a_case_code_need_a_confirmation(client, world, app):
    login(client, "merdan")
    token = csrf_token(client, "/practice/sessions/new")
    task = {"notes": "Talked about boundaries.", "actions-0-task": "Visit Maral Orazowa again"}
    task["actions-0-due_on"] = world.day(9).isoformat()
    for overrides in (task, {"notes": "Talked about boundaries.", "case_codes": "F-1 AYNA-2"}):
        data = {**_session_form(world, **overrides), "csrf_token": token}
        page = client.post("/practice/sessions/new", data=data)
        assert "Could this identify someone?" in page.get_data(True) and _sessions(app) == 0


def test_evaluation_texts_and_the_self_evaluation_need_a_confirmation(client, world, app):
    from lms.practice.evaluations import evaluation_of
    from lms.practice.programme import programme_competencies

    login(client, "merdan")
    path = f"/practice/placements/{world.placement.id}/evaluations/mid"
    with app.app_context():
        codes = [c.code for c in programme_competencies("foundational")]
    data = {f"rating_{code.replace('-', '_')}": "3" for code in codes}
    data.update(strengths="Good work with Aýna eje.", areas_to_develop="", csrf_token="")
    data["csrf_token"] = csrf_token(client, path)
    refused = client.post(path, data=data)
    assert refused.status_code == 200 and "Aýna eje" in refused.get_data(True)
    with app.app_context():
        assert evaluation_of(world.placement.id, "mid") is None
    assert client.post(path, data={**data, "confirm_privacy": "y"}).status_code == 302
    with app.app_context():
        evaluation = evaluation_of(world.placement.id, "mid")
    trainee = app.test_client()
    login(trainee, "yazgul")
    ack = f"/practice/evaluations/{evaluation.id}/acknowledge"
    token = csrf_token(trainee, f"/practice/evaluations/{evaluation.id}")
    text = {"csrf_token": token, "self_evaluation": "Гульшат asked me to call 65 123456."}
    refused = trainee.post(ack, data=text)
    assert refused.status_code == 422 and "Could this identify someone?" in refused.get_data(True)
    assert trainee.post(ack, data={**text, "confirm_privacy": "y"}).status_code == 302
