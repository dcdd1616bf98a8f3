"""The quiz and supervision lists cost a fixed number of SQL statements, whatever their length
(no statement per attempt, session or evaluation)."""

from __future__ import annotations

import pytest
from api.quiz_records import attempt_of
from api.supervision_records import evaluation_of, session_of
from api.world import api_world, bearer
from support import QUERY_BUDGET, QueryCounter

LISTS = ("/api/v1/quiz-attempts", "/api/v1/supervision-sessions", "/api/v1/field-evaluations")


def _statements(app, client, url: str, headers: dict) -> int:
    assert client.get(url, headers=headers).status_code == 200  # what a process loads once
    with QueryCounter(app) as counter:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("url", LISTS)
def test_a_longer_list_asks_no_more(app, client, factory, url):
    world = api_world(factory)
    users, ids = world["users"], world["ids"]
    headers = bearer(world["tokens"]["trainer"])
    before = _statements(app, client, url, headers)
    for _ in range(2):
        attempt_of(app, users["trainee"])
        session_of(app, users["trainer"], [ids["placement_id"]], days_ago=5)
    evaluation_of(app, users["trainer"], ids["placement_id"], stage="end")
    after = _statements(app, client, url, headers)
    assert after == before <= QUERY_BUDGET
    assert client.get(url, headers=headers).get_json()["total"] >= 2
