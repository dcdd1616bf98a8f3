"""Finding 4: an essay that looks identifying is not submitted until the trainee confirms that
it identifies nobody; the answers are kept meanwhile (as Save keeps them)."""

ESSAY = "I visited Ogulgerek and called her mother on 8 65 12 34 56."


def test_an_identifying_essay_needs_a_confirmation(taker):
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id, essay=False)
    refused = taker.submit(attempt_id, 4, {"q6": ESSAY})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Could this identify someone?" in page
    assert "Ogulgerek" in page and 'name="confirm_privacy"' in page
    attempt = taker.attempt(attempt_id)
    assert attempt.in_progress and attempt.response_at(6).response == ESSAY
    done = taker.submit(attempt_id, 4, {"q6": ESSAY, "confirm_privacy": "y"})
    assert done.status_code == 302 and not taker.attempt(attempt_id).in_progress


def test_an_ordinary_essay_is_submitted_at_once(taker):
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id, essay=False)
    done = taker.submit(attempt_id, 4, {"q6": "I listen first, then plan with the family."})
    assert done.status_code == 302 and not taker.attempt(attempt_id).in_progress
