"""The bench's slow link (bench/slowlink.py) charges what it says: two extra round trips for a new
connection, one round trip per exchange, the bandwidth each way, and counts what crossed it.
Only lower bounds on time are asserted (a busy machine is slower, never faster)."""

from __future__ import annotations

import socket
import socketserver
import threading
import time

import pytest

from bench.slowlink import Link, Running

RTT = 0.05


class Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(65536):
            self.request.sendall(data)


@pytest.fixture
def echo():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address
    server.shutdown()
    server.server_close()


def exchange(sock: socket.socket, payload: bytes, started: float | None = None) -> float:
    """Seconds from ``started`` (default: now) until ``payload`` has come back."""
    started = time.perf_counter() if started is None else started
    sock.sendall(payload)
    received = b""
    while len(received) < len(payload):
        chunk = sock.recv(65536)
        assert chunk, "the proxy closed the connection"
        received += chunk
    assert received == payload
    return time.perf_counter() - started


def test_a_new_connection_costs_two_more_round_trips(echo):
    link = Link(rtt_s=RTT, kbit_s=100_000)
    with Running(link, echo) as proxy:
        connecting = time.perf_counter()  # the set-up is charged from the connection's start
        with socket.create_connection(("127.0.0.1", proxy.port)) as sock:
            first = exchange(sock, b"hello", connecting)
            again = exchange(sock, b"again")
    assert first >= 3 * RTT  # set-up (2 round trips) + the exchange itself
    assert again >= RTT  # a kept-alive connection pays only the round trip
    assert link.stats.connections == 1
    assert link.stats.bytes_up == link.stats.bytes_down == 10


def test_each_connection_pays_its_set_up(echo):
    link = Link(rtt_s=RTT, kbit_s=100_000, setup_round_trips=2)
    with Running(link, echo) as proxy:
        for _ in range(2):
            connecting = time.perf_counter()
            with socket.create_connection(("127.0.0.1", proxy.port)) as sock:
                assert exchange(sock, b"x", connecting) >= 3 * RTT
    assert link.stats.connections == 2


def test_bandwidth_is_charged_each_way(echo):
    # 8 kB at 320 kbit/s takes 0.2 s up and 0.2 s down, on top of the round trips.
    link = Link(rtt_s=RTT, kbit_s=320, setup_round_trips=0)
    payload = b"b" * 8000
    with (
        Running(link, echo) as proxy,
        socket.create_connection(("127.0.0.1", proxy.port)) as sock,
    ):
        elapsed = exchange(sock, payload)
    assert elapsed >= RTT + 0.2  # down waits for up only where the echo has the bytes
    assert link.stats.bytes_down == len(payload)


def test_nonsense_settings_are_refused():
    with pytest.raises(ValueError, match="bandwidth"):
        Link(rtt_s=RTT, kbit_s=0)
