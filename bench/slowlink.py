"""A TCP proxy that charges what a slow mobile link costs, connection set-up included.

Chromium's own throttling (``Network.emulateNetworkConditions``) delays each request by the
round trip and caps its bandwidth, but opening a connection costs nothing there. On a phone it
costs two round trips before the first byte of a request leaves: one for TCP's handshake, one
for TLS's. This proxy charges them. The browser connects to it as if it were the site
(``http://127.0.0.1:<proxy port>/``) and every byte goes through one shared link:

- a new connection holds the client's first bytes for ``setup_round_trips`` round trips
  (2 by default: TCP and TLS), counted from the moment it was accepted;
- every chunk then travels one way in half a round trip, after the chunks before it in the
  same direction have been sent at the link's bandwidth (``kbit_s`` each way, shared by every
  connection, as the phone's one radio link is).

The defaults are the bench's slow link: 400 ms round trip, 400 kbit/s each way. Plain HTTP is
forwarded as it is (nothing is parsed); ``Link.stats`` counts connections and bytes each way so
the bench can report what crossed the link.

Run alone: ``python -m bench.slowlink --listen 8001 --to 127.0.0.1:8000 [--rtt-ms 400]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading
import time
from dataclasses import dataclass, field

RTT_S = 0.4
KBIT_S = 400
SETUP_ROUND_TRIPS = 2
CHUNK = 16 * 1024
# A chunk is put on the link in pieces of this size, so a long answer streams out as it would.
SEGMENT = 1460


@dataclass
class Stats:
    connections: int = 0
    bytes_up: int = 0  # client to server
    bytes_down: int = 0  # server to client

    @property
    def bytes(self) -> int:
        """Bytes the link has carried, both ways."""
        return self.bytes_up + self.bytes_down


@dataclass
class Direction:
    """One way of the link: when it is next free to send, at its bandwidth."""

    bytes_per_s: float
    free_at: float = 0.0

    def schedule(self, size: int, now: float) -> float:
        """When the last of ``size`` bytes handed over at ``now`` has been put on the wire."""
        self.free_at = max(self.free_at, now) + size / self.bytes_per_s
        return self.free_at


@dataclass
class Link:
    rtt_s: float = RTT_S
    kbit_s: float = KBIT_S
    setup_round_trips: int = SETUP_ROUND_TRIPS
    stats: Stats = field(default_factory=Stats)
    # The connections' tasks: held here, as the event loop keeps only weak references to them.
    handlers: set = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        if self.rtt_s < 0 or self.kbit_s <= 0 or self.setup_round_trips < 0:
            raise ValueError("round trip and set-up must be ≥ 0, bandwidth > 0")
        self.up = Direction(self.kbit_s * 1000 / 8)
        self.down = Direction(self.kbit_s * 1000 / 8)

    @property
    def setup_s(self) -> float:
        """What opening a connection costs before the client's first byte may leave."""
        return self.setup_round_trips * self.rtt_s


async def _pipe(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    direction: Direction,
    link: Link,
    not_before: float,
    count: str,
) -> None:
    """Forward ``reader`` to ``writer``; each segment arrives half a round trip after it has
    been put on the wire, and not before ``not_before`` (the connection's set-up)."""
    loop = asyncio.get_running_loop()
    deliveries: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

    async def deliver() -> None:
        while (item := await deliveries.get()) is not None:
            at, data = item
            # The loop may wake a timer a clock tick early: never deliver before ``at``.
            while (delay := at - loop.time()) > 0:
                await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(deliver())
    try:
        while data := await reader.read(CHUNK):
            setattr(link.stats, count, getattr(link.stats, count) + len(data))
            for start in range(0, len(data), SEGMENT):
                segment = data[start : start + SEGMENT]
                sent = direction.schedule(len(segment), max(loop.time(), not_before))
                await deliveries.put((sent + link.rtt_s / 2, segment))
    except (ConnectionError, OSError):
        pass
    finally:
        await deliveries.put(None)
        with contextlib.suppress(ConnectionError, OSError):
            await sender
            if writer.can_write_eof():
                writer.write_eof()


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(ConnectionError, OSError):
        await writer.wait_closed()


async def serve(link: Link, listen: tuple[str, int], target: tuple[str, int]) -> asyncio.Server:
    """Start the proxy on ``listen``, forwarding to ``target`` through ``link``."""

    async def handle(client_reader, client_writer) -> None:
        loop = asyncio.get_running_loop()
        accepted = loop.time()
        link.stats.connections += 1
        handler = asyncio.current_task()
        link.handlers.add(handler)
        try:
            server_reader, server_writer = await asyncio.open_connection(*target)
        except OSError:
            await _close(client_writer)
            return
        ready = accepted + link.setup_s
        try:
            await asyncio.gather(
                _pipe(client_reader, server_writer, link.up, link, ready, "bytes_up"),
                _pipe(server_reader, client_writer, link.down, link, ready, "bytes_down"),
            )
        except asyncio.CancelledError:
            pass  # the proxy is stopping (``Running.__exit__``): close quietly
        finally:
            await _close(server_writer)
            await _close(client_writer)
            link.handlers.discard(handler)

    return await asyncio.start_server(handle, *listen)


class Running:
    """The proxy on its own thread and event loop, for a harness that is not asynchronous:
    ``with Running(link, target) as proxy: ... proxy.port``."""

    def __init__(self, link: Link, target: tuple[str, int], host: str = "127.0.0.1"):
        self.link, self.target, self.host = link, target, host
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None

    def __enter__(self) -> Running:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(
            serve(self.link, (self.host, 0), self.target), self._loop
        )
        self._server = future.result(timeout=10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc) -> None:
        async def shut() -> None:
            assert self._server is not None
            self._server.close()
            # Kept-alive connections would hold wait_closed() open: their tasks are cancelled
            # and their sockets closed before the loop stops.
            while tasks := [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(shut(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=int, required=True, help="port to listen on")
    parser.add_argument("--to", required=True, help="HOST:PORT of the site")
    parser.add_argument("--rtt-ms", type=float, default=RTT_S * 1000)
    parser.add_argument("--kbit", type=float, default=KBIT_S, help="kbit/s each way")
    parser.add_argument("--setup-round-trips", type=int, default=SETUP_ROUND_TRIPS)
    args = parser.parse_args(argv)
    host, _, port = args.to.rpartition(":")
    if not host or not port.isdigit():
        parser.error(f"--to must be HOST:PORT, not {args.to!r}")
    link = Link(args.rtt_ms / 1000, args.kbit, args.setup_round_trips)

    async def run() -> None:
        server = await serve(link, ("127.0.0.1", args.listen), (host, int(port)))
        print(f"slow link on 127.0.0.1:{args.listen} -> {args.to}", flush=True)
        async with server:
            await server.serve_forever()

    started = time.monotonic()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
    print(
        f"{link.stats.connections} connections, {link.stats.bytes_up} B up, "
        f"{link.stats.bytes_down} B down in {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
