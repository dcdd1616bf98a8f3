"""A Learning Record Store in a thread, for delivery tests: it keeps what it was sent (with the
headers) and answers each POST with the next scripted answer, then as a real LRS would (200 for
new ids, 409 for a batch holding an id it has)."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLrs:
    def __init__(self):
        self.script: list[tuple[int, str]] = []  # answers to give first, in order
        self.posts: list[tuple[dict, list[dict]]] = []  # (headers in lower case, statements)
        self.stored: dict[str, dict] = {}
        self.refuse: set[str] = set()  # statement ids answered with 400
        self.url = ""

    def answer(self, statements: list[dict]) -> tuple[int, str]:
        if self.script:
            return self.script.pop(0)
        ids = [s["id"] for s in statements]
        bad = [i for i in ids if i in self.refuse]
        if bad:
            return 400, json.dumps({"message": f"statement {bad[0]} is not acceptable"})
        if any(i in self.stored for i in ids):
            return 409, "conflict"
        for statement in statements:
            self.stored[statement["id"]] = statement
        return 200, json.dumps(ids)


def _handler(lrs: FakeLrs):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            statements = json.loads(body)
            lrs.posts.append(({k.lower(): v for k, v in self.headers.items()}, statements))
            status, text = lrs.answer(statements)
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def running_lrs():
    lrs = FakeLrs()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(lrs))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    lrs.url = f"http://127.0.0.1:{server.server_address[1]}/xapi/"
    try:
        yield lrs
    finally:
        server.shutdown()
        server.server_close()
