"""Starting and stopping gunicorn for the platform and for the hello-world baseline.

Both run under the same settings (sync workers, two of them, 127.0.0.1 on a free port), so the
ratio of their requests/s measures the platform rather than the server. A server always stops:
``serving`` is a context manager that terminates, then kills, whatever happens inside it (Ctrl-C
included). Gunicorn runs in its own session so that Ctrl-C reaches only the harness, which then
stops it in order.
"""

from __future__ import annotations

import functools
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2
READY_TIMEOUT_S = 60


class ServerError(RuntimeError):
    """The server did not start; the message ends with the tail of its log."""


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen
    port: int
    log: Path
    beside: subprocess.Popen | None = None  # the command run beside it, as in production

    @property
    def pid(self) -> int:
        return self.process.pid


def free_port(avoid: Collection[int] = ()) -> int:
    """A port nobody listens on; ``avoid`` holds ports handed out to servers still booting."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
        if port not in avoid:
            return port


@functools.cache
def supports_no_control_socket() -> bool:
    """Recent gunicorn opens a control socket unless told not to; older versions lack the flag."""
    helptext = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=False
    ).stdout
    return "--no-control-socket" in helptext


def gunicorn_version() -> str:
    return version("gunicorn")


# Each platform worker builds the content catalogue before it serves (see the file).
WARM_CONFIG = Path(__file__).resolve().parent / "gunicorn_warm.py"


def gunicorn_command(app: str, port: int, config: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS)]
    if config is not None:
        command += ["--config", str(config)]
    command += ["--worker-class", "sync", "--bind", f"{HOST}:{port}", "--graceful-timeout", "5"]
    if supports_no_control_socket():
        command.append("--no-control-socket")
    return [*command, app]


def until_quiet(served: Callable[[], int], quiet_s: float = 0.6, most_s: float = 15) -> int:
    """Wait until a server's count of requests answered (``served``) has not moved for
    ``quiet_s`` (at most ``most_s``); the count then."""
    deadline = time.monotonic() + most_s
    count, still_since = served(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = served()
        if now != count:
            count, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= quiet_s:
            break
    return count


def _log_tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _answers(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def wait_ready(server: Server, path: str) -> None:
    """Poll ``path`` until it answers 200; fail early if gunicorn exits."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(
                f"gunicorn exited ({server.process.returncode}):\n{_log_tail(server.log)}"
            )
        if _answers(server.port, path):
            return
        time.sleep(0.1)
    raise ServerError(f"no answer on {path} after {READY_TIMEOUT_S} s:\n{_log_tail(server.log)}")


def stop(server: Server) -> None:
    """SIGTERM (gunicorn stops its workers gracefully), then SIGKILL if it lingers; the same
    for the command beside it."""
    for process in (server.process, server.beside):
        if process is None or process.poll() is not None:
            continue
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class ServerSpec:
    app: str  # gunicorn's APP_MODULE, e.g. "lms:create_app()"
    env: dict[str, str]  # added to the harness's environment
    ready_path: str  # answers 200 once the workers serve
    log: Path
    beside: tuple[str, ...] = ()  # an `lms` command run beside the server, with its settings
    config: Path | None = None  # a gunicorn settings file (WARM_CONFIG for the platform)


def _spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def start(spec: ServerSpec, port: int) -> Server:
    process = _spawn(gunicorn_command(spec.app, port, spec.config), spec.env, spec.log)
    beside = None
    if spec.beside:
        command = [sys.executable, "-c", "from lms.cli import main; main()", *spec.beside]
        beside = _spawn(command, spec.env, spec.log.with_suffix(".beside.log"))
    return Server(process, port, spec.log, beside)


@contextmanager
def serving(specs: dict[str, ServerSpec]) -> Iterator[dict[str, Server]]:
    """Start every server at once (their workers boot side by side), wait until each answers,
    and stop them all when the block ends, however it ends."""
    servers: dict[str, Server] = {}
    try:
        for name, spec in specs.items():
            servers[name] = start(spec, free_port(avoid={s.port for s in servers.values()}))
        for name, server in servers.items():
            wait_ready(server, specs[name].ready_path)
        yield servers
    finally:
        for server in servers.values():
            stop(server)


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn workers: processes whose parent is the master."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, ...
        if int(fields[1]) == master_pid:
            pids.append(int(entry.name))
    return pids


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size (VmHWM) of one process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise ServerError(f"no VmHWM for process {pid}")
