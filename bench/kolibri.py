"""Kolibri beside us in the browser benchmark: started from a virtualenv given on the command
line, on a home of its own, with a facility and a learner made by its own commands.

Setting up the virtualenv (once, outside the repository):

    python3 -m venv /some/where/kolibri-venv
    /some/where/kolibri-venv/bin/pip install kolibri

then ``python -m bench.browser --kolibri-venv /some/where/kolibri-venv``. The bench provisions
the device the first time (``kolibri manage provisiondevice --facility … --preset formal
--language_id en --superusername … --superuserpassword … --noinput``), creates one learner
through ``kolibri manage shell``, and serves Kolibri with ``kolibri start --foreground`` on a
free port (its own production server). No channel is imported: the learner's home and the sign-in
page are Kolibri's application shell, the least any Kolibri page costs. Requests it served are
counted from its request log, as ours are from gunicorn's access log.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.servers import HOST, ServerError, free_port, until_quiet

FACILITY = "Bench"
LEARNER = "learner"
LEARNER_PASSWORD = "bench-learner"  # noqa: S105 - a throwaway local account
ADMIN = "benchadmin"
ADMIN_PASSWORD = "bench-admin-password"  # noqa: S105 - a throwaway local account
READY_TIMEOUT_S = 300
# One request line in Kolibri's log: 127.0.0.1 - - "GET /en/auth/" 200 …
REQUEST_LINE = re.compile(rb'^.*\d+\.\d+\.\d+\.\d+ - - "[A-Z]+ [^"]*" \d{3} ', re.MULTILINE)
CREATE_LEARNER = f"""
from kolibri.core.auth.models import Facility, FacilityUser
facility = Facility.objects.get(name={FACILITY!r})
user, _ = FacilityUser.objects.get_or_create(username={LEARNER!r}, facility=facility)
user.full_name = "Bench Learner"
user.set_password({LEARNER_PASSWORD!r})
user.save()
"""


@dataclass(frozen=True)
class Kolibri:
    venv: Path

    @classmethod
    def check(cls, venv: Path) -> Kolibri:
        command = venv / "bin" / "kolibri"
        if not command.is_file():
            raise ServerError(
                f"{command} does not exist: give a virtualenv where `pip install kolibri` ran"
            )
        return cls(venv)

    @property
    def command(self) -> str:
        return str(self.venv / "bin" / "kolibri")

    def run(self, home: Path, *args: str) -> None:
        done = subprocess.run(
            [self.command, *args],
            env={**os.environ, "KOLIBRI_HOME": str(home)},
            cwd=home,
            capture_output=True,
            text=True,
            timeout=READY_TIMEOUT_S,
        )
        if done.returncode != 0:
            raise ServerError(f"kolibri {' '.join(args[:2])} failed:\n{done.stderr[-2000:]}")

    def provision(self, home: Path) -> None:
        marker = home / "bench-provisioned"
        if marker.exists():
            return
        home.mkdir(parents=True, exist_ok=True)
        self.run(
            home,
            "manage",
            "provisiondevice",
            "--facility",
            FACILITY,
            "--preset",
            "formal",
            "--language_id",
            "en",
            "--superusername",
            ADMIN,
            "--superuserpassword",
            ADMIN_PASSWORD,
            "--noinput",
        )
        self.run(home, "manage", "shell", "-c", CREATE_LEARNER)
        marker.write_text("provisioned by bench/kolibri.py\n")

    @staticmethod
    def pages() -> list[tuple[str, str | None, str]]:
        return [("signin", None, "/en/auth/"), ("learner_home", "learner", "/en/learn/")]

    @contextmanager
    def running(self, home: Path) -> Iterator:
        from bench.browser import Site

        self.provision(home)
        port = free_port()
        log = home / "bench-server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    self.command,
                    "start",
                    "--foreground",
                    "--port",
                    str(port),
                    "--zip-port",
                    str(free_port(avoid={port})),
                ],
                env={**os.environ, "KOLIBRI_HOME": str(home)},
                cwd=home,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            from bench.browser import wait_for

            wait_for(f"http://{HOST}:{port}/en/auth/", process, log, READY_TIMEOUT_S)

            def served() -> int:
                return len(REQUEST_LINE.findall(log.read_bytes()))

            yield Site(
                "kolibri", f"http://{HOST}:{port}", log_in, served, lambda: until_quiet(served)
            )
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def log_in(page, base: str, role: str) -> None:
    """Kolibri's sign-in: the username, then (when the facility asks for it) the password."""
    page.goto(f"{base}/en/auth/", wait_until="networkidle")
    page.fill("input[autocomplete=username]", LEARNER)
    page.keyboard.press("Enter")
    password = page.locator("input[type=password]")
    deadline = time.monotonic() + 60
    while "/learn" not in page.url and not password.count():  # Kolibri's CSP: no string eval
        if time.monotonic() > deadline:
            raise ServerError(f"Kolibri's sign-in did not go on from {page.url}")
        time.sleep(0.1)
    if password.count():
        password.fill(LEARNER_PASSWORD)
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/learn/.*"), timeout=60_000)
