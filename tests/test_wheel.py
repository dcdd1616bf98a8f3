"""The README's production recipe, run from the built wheel in a fresh virtualenv.

Nothing from the source tree may help: the wheel is built from the sdist (a clean copy, so a
stale build/ folder cannot hide a missing file), installed with the locked runtime
dependencies only, and every command runs in an empty folder with a clean environment against
a scratch PostgreSQL database. It takes one to two minutes (most of it installing the locked
dependencies and starting each command); ``-m "not wheel"`` leaves it out.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from support import psycopg_url

from lms.core.config import PROJECT_ROOT

POSTGRES_URL = os.environ.get("LMS_TEST_POSTGRES_URL")
ADMIN_PASSWORD = "wheel test passphrase"
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')

pytestmark = [
    pytest.mark.wheel,
    pytest.mark.skipif(
        not POSTGRES_URL, reason="the wheel test needs PostgreSQL: set LMS_TEST_POSTGRES_URL"
    ),
]


def run(args: list, *, env: dict, cwd: Path, input: str | None = None, timeout: int = 300):
    done = subprocess.run(  # noqa: S603 - our own commands with fixed arguments
        [str(a) for a in args],
        env=env,
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    return done


def build_wheel(out: Path) -> Path:
    """sdist first, then the wheel from the unpacked sdist (what `python -m build` does)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run([sys.executable, "-m", "build", "--no-isolation", "-o", out], env=env, cwd=PROJECT_ROOT)
    (wheel,) = out.glob("lms-*.whl")
    return wheel


# What production reads besides the code; fonts may live in any package's fonts/ folder.
WHEEL_MUST_HOLD = [
    r"lms/migrations/(alembic\.ini|env\.py|script\.py\.mako)",
    r"lms/migrations/versions/0001_\w+\.py",
    r"lms/translations/(tk|ru|en)/LC_MESSAGES/messages\.mo",
    r"lms/templates/base\.html",
    r"lms/static/css/\w+\.css",
    r"lms/\w+/fonts/DejaVuSans\.ttf",
    r"lms/accounts/data/regions\.yaml",
    r"lms/default_content/foundational/programme\.md",
    r"lms/default_content/frameworks/TM-SW\.yaml",
]


def check_wheel_contents(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    for pattern in WHEEL_MUST_HOLD:
        found = [n for n in names if re.fullmatch(pattern, n)]
        assert found, f"{wheel.name} holds nothing like {pattern}"
    languages = {n.split("/")[2] for n in names if n.endswith(".mo")}
    assert languages == {"tk", "ru", "en"}
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def install(wheel: Path, venv: Path) -> Path:
    """A fresh virtualenv with the locked runtime dependencies and the wheel; its bin folder.

    The venv gets no pip of its own (ensurepip alone takes many seconds on a busy machine): this
    environment's pip installs into it with ``--python``, without byte-compiling.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("LMS_")}
    run([sys.executable, "-m", "venv", "--without-pip", venv], env=env, cwd=venv.parent)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile"]
    lock = PROJECT_ROOT / "requirements" / "main.txt"
    run([*pip, "--no-deps", "--require-hashes", "-r", lock], env=env, cwd=venv.parent)
    run([*pip, "--no-deps", wheel], env=env, cwd=venv.parent)
    return venv / "bin"


@pytest.fixture
def scratch_database():
    """A new database on the test server, dropped afterwards; an unreachable server fails."""
    name = f"lms_wheel_{os.getpid()}"
    engine = sa.create_engine(psycopg_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(POSTGRES_URL).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """Just enough of a browser: keeps the session cookie itself (it is Secure in production,
    which http.cookiejar would not send over plain HTTP)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, **headers: str):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def get(self, path: str, **headers: str) -> str:
        status, text = self.request("GET", path, **headers)
        assert status == 200, f"GET {path}: {status}\n{text[:500]}"
        return text

    def login(self, username: str, password: str) -> None:
        from urllib.parse import urlencode

        token = CSRF.search(self.get("/login")).group(1)
        form = urlencode({"username": username, "password": password, "csrf_token": token})
        status, text = self.request("POST", "/login", body=form)
        assert status == 302, f"login: {status}\n{text[:500]}"


def wait_until_serving(server: subprocess.Popen, browser: Browser, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn ended:\n{log.read_text()}"
        try:
            if browser.request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer /healthz within a minute:\n{log.read_text()}")


def production_commands(lms: Path, env: dict, cwd: Path) -> None:
    """The README's Production section, in order."""
    run([lms, "db", "upgrade"], env=env, cwd=cwd)
    synced = run([lms, "regions", "sync"], env=env, cwd=cwd)
    assert "regions up to date" in synced.stdout
    run([lms, "certificates", "keygen"], env=env, cwd=cwd)
    created = run(
        [lms, "users", "create-admin", "--username", "admin", "--full-name", "Gözel Muhammedowa"]
        + ["--password-stdin"],
        env=env,
        cwd=cwd,
        input=ADMIN_PASSWORD + "\n",
    )
    assert "Administrator “admin” created" in created.stdout
    checked = run([lms, "content", "check", "--errors-only"], env=env, cwd=cwd)
    assert "default_content: 0 error(s)" in checked.stdout


def check_site(browser: Browser) -> None:
    assert browser.get("/healthz")
    russian = browser.get("/login", **{"Accept-Language": "ru"})
    turkmen = browser.get("/login", **{"Accept-Language": "tk"})
    assert "Пароль" in russian and "Açar söz" in turkmen  # the compiled catalogues are there
    browser.login("admin", ADMIN_PASSWORD)
    listing = browser.get("/learn/", **{"Accept-Language": "en"})
    assert 'href="/learn/foundational/"' in listing  # the packaged curricula were found
    module = browser.get("/learn/foundational/", **{"Accept-Language": "en"})
    lesson_path = re.search(r'href="(/learn/foundational/[^"/]+/[^"/]+)"', module).group(1)
    lesson = browser.get(lesson_path, **{"Accept-Language": "en"})
    assert "<h1" in lesson and "social work" in lesson.lower()


def test_the_production_recipe_works_from_the_wheel(tmp_path, scratch_database):
    wheel = build_wheel(tmp_path / "dist")
    check_wheel_contents(wheel)
    bin_dir = install(wheel, tmp_path / "venv")
    workdir = tmp_path / "empty"
    workdir.mkdir()
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "LMS_ENV": "production",
        "LMS_SECRET_KEY": "wheel-test-secret-" + "x" * 32,
        "LMS_DATABASE_URL": scratch_database,
        "LMS_SIGNING_KEY_FILE": str(tmp_path / "keys" / "issuer-ed25519.pem"),
        "LMS_CLI_LANGUAGE": "en",
    }
    production_commands(bin_dir / "lms", env, workdir)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(  # noqa: S603 - fixed arguments, our own virtualenv
            [bin_dir / "gunicorn", "-c", "python:lms.gunicorn_conf", "lms:create_app()"],
            env=env | {"LMS_BIND": f"127.0.0.1:{port}", "LMS_WORKERS": "1"},
            cwd=workdir,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        browser = Browser(port)
        wait_until_serving(server, browser, log)
        check_site(browser)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
