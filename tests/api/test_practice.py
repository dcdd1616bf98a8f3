"""Practice entries through the API: a trainee's entry stored once per client id, through the
entry rules; submitted when asked; the privacy guard's warnings returned; CSRF for cookies."""

from __future__ import annotations

from api.world import api_world, bearer
from support import csrf_token, login

ENTRIES = "/api/v1/practice/entries"


def _body(world, client_id="api-entry-0001", **extra):
    return {"client_id": client_id, "fields": world["practice"]["new_entry_fields"], **extra}


def test_an_entry_is_stored_once_per_client_id(client, factory):
    world = api_world(factory)
    own = bearer(world["tokens"]["trainee"])
    first = client.post(ENTRIES, headers=own, json=_body(world))
    assert first.status_code == 201 and first.get_json()["created"] is True
    again = client.post(ENTRIES, headers=own, json=_body(world))
    assert again.status_code == 200 and again.get_json()["created"] is False
    assert again.get_json()["entry"]["id"] == first.get_json()["entry"]["id"]
    listed = client.get(ENTRIES, headers=own).get_json()
    assert first.get_json()["entry"]["id"] in [e["id"] for e in listed["items"]]


def test_an_entry_can_be_submitted_and_its_supervisor_reads_it(client, factory):
    world = api_world(factory)
    made = client.post(
        ENTRIES, headers=bearer(world["tokens"]["trainee"]), json=_body(world, submit=True)
    ).get_json()
    assert made["entry"]["status"] == "submitted", made
    entry_url = f"{ENTRIES}/{made['entry']['id']}"
    assert client.get(entry_url, headers=bearer(world["tokens"]["trainer"])).status_code == 200
    assert (
        client.get(entry_url, headers=bearer(world["tokens"]["other_trainer"])).status_code == 404
    )


def test_refused_entries_say_why_and_store_nothing(client, factory):
    world = api_world(factory)
    own = bearer(world["tokens"]["trainee"])
    bad = _body(world, fields={**world["practice"]["new_entry_fields"], "day": "yesterday"})
    response = client.post(ENTRIES, headers=own, json=bad)
    assert response.status_code == 422 and "json.fields.day" in response.get_json()["errors"]
    unknown = client.post(ENTRIES, headers=own, json={**_body(world), "colour": "red"})
    assert unknown.status_code == 422 and "json.colour" in unknown.get_json()["errors"]
    short_id = client.post(ENTRIES, headers=own, json=_body(world, client_id="x"))
    assert short_id.get_json()["code"] == "practice_refused"
    assert client.get(ENTRIES, headers=own).get_json()["total"] == 1  # the world's own entry


def test_a_read_token_cannot_write(app, client, factory):
    from api.world import make_token

    world = api_world(factory)
    reader = make_token(app, world["users"]["trainee"], scopes=["practice:read"])
    response = client.post(ENTRIES, headers=bearer(reader), json=_body(world))
    assert response.status_code == 403 and response.get_json()["scope"] == "practice:write"


def test_a_session_cookie_writes_only_with_the_csrf_header(client, factory):
    world = api_world(factory)
    login(client, "trainee")
    refused = client.post(ENTRIES, json=_body(world))
    assert refused.status_code == 400 and refused.get_json()["code"] == "csrf_failed"
    token = csrf_token(client, "/practice/entries/new")
    accepted = client.post(ENTRIES, json=_body(world), headers={"X-CSRFToken": token})
    assert accepted.status_code == 201
