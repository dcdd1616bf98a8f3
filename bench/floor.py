"""The floor beside our pages in the browser benchmark: an almost empty page.

One short paragraph, no stylesheet, no script, no service worker, from a server in this process
that answers at once over a kept-alive HTTP/1.1 connection. Measured like our pages (same
Chromium, same phone, same four-times-slowed CPU, same two links), its first paint is what any
page costs on this machine before it holds anything of its own: the link's round trip and the
browser's own work to start a new page. Our figures less the floor's are what our pages add.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.servers import HOST

PATH = "/"
PAGE = (
    b'<!doctype html><html lang="en"><meta charset="utf-8">'
    b'<meta name="viewport" content="width=device-width, initial-scale=1">'
    b'<link rel="icon" href="data:,">'  # no favicon request: ours is inline too
    b"<title>Floor</title><p>An almost empty page: the link and the browser's own work.</p>"
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # connections kept alive, as our production set-up does

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.server.served += 1
        found = self.path.split("?")[0] == PATH
        body = PAGE if found else b"Not found"
        self.send_response(200 if found else 404)  # send_error would close the connection
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the standard signature
        pass  # counted, not logged


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    served = 0


@contextmanager
def floor_server() -> Iterator[_Server]:
    """The almost empty page, served on a free port of ``HOST`` while the block runs."""
    server = _Server((HOST, 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
