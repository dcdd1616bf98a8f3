"""The production server's settings (lms/gunicorn_conf.py) and the favicon browsers ask for."""

import importlib

import pytest

from lms import gunicorn_conf


def test_connections_are_kept_alive_by_threaded_workers():
    assert gunicorn_conf.worker_class == "gthread"
    assert 1 <= gunicorn_conf.keepalive <= 10
    assert gunicorn_conf.threads >= 2 and gunicorn_conf.workers >= 1


def test_workers_and_threads_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("LMS_WORKERS", "3")
    monkeypatch.setenv("LMS_THREADS", "6")
    monkeypatch.setenv("LMS_KEEPALIVE", "7")
    monkeypatch.setenv("LMS_BIND", "127.0.0.1:9000")
    try:
        conf = importlib.reload(gunicorn_conf)
        assert (conf.workers, conf.threads, conf.keepalive) == (3, 6, 7)
        assert conf.bind == "127.0.0.1:9000"
    finally:
        monkeypatch.undo()
        importlib.reload(gunicorn_conf)


@pytest.mark.parametrize("text", ["0", "-1", "²", "４", "1.5", "many", "65"])
def test_a_malformed_number_stops_the_server_with_a_message(text):
    with pytest.raises(SystemExit, match="LMS_THREADS must be a whole number from 1 to 64"):
        gunicorn_conf.whole_number("LMS_THREADS", 4, {"LMS_THREADS": text})


def test_an_unset_or_empty_setting_takes_its_default():
    assert gunicorn_conf.whole_number("LMS_WORKERS", 2, {}) == 2
    assert gunicorn_conf.whole_number("LMS_WORKERS", 2, {"LMS_WORKERS": " "}) == 2


def test_the_favicon_is_answered_and_kept_by_the_browser(client):
    response = client.get("/favicon.ico")
    body = response.data
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age=604800" in response.headers["Cache-Control"]
