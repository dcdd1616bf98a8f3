"""The installable web app's server side: manifest, service worker, offline page."""

from __future__ import annotations

import re

from support import login


def test_the_manifest_is_in_the_language_the_page_asks_for(client):
    names = {}
    for language in ("tk", "ru", "en"):
        response = client.get(f"/manifest.webmanifest?lang={language}")
        assert response.mimetype == "application/manifest+json"
        manifest = response.get_json(force=True)
        assert manifest["lang"] == language
        assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
        names[language] = (manifest["name"], manifest["short_name"])
        for icon in manifest["icons"]:
            with client.get(icon["src"]) as image:
                assert image.mimetype == "image/png"
    assert names["en"] == ("Social Work Academy", "Academy")
    assert len(set(names.values())) == 3


def test_pages_link_the_manifest_of_their_language(client):
    page = client.get("/login", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=ru">' in page
    assert re.search(r'<script src="/static/js/offline\.js\?v=\w+" data-worker="/sw.js"', page)


def test_the_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.mimetype == "text/javascript"
    script = response.get_data(as_text=True)
    assert '"offline": "/offline"' in script
    assert '"notKept": ["/learn/translations"]' in script
    assert '"notKeptSegments": ["quiz"]' in script
    assert re.search(r'"/static/css/app\.css\?v=\w{12}"', script)


def test_the_offline_page_is_the_same_for_everybody(client, factory):
    factory.user("offline-reader", "trainee", full_name="Aýna Offlaýnowa")
    login(client, "offline-reader")
    page = client.get("/offline").get_data(as_text=True)
    assert "Lessons you have opened before are still here." in page
    assert "Offlaýnowa" not in page and "offline-reader" not in page
    assert "Log out" not in page
