"""Refusals of the JSON endpoints as RFC 9457 problem details (``application/problem+json``).

A script or the phone's outbox reads ``status``, ``title`` (what went wrong, in the reader's
language) and ``detail`` (why, for the person who typed the refused data), plus any extension
members the endpoint adds (``errors`` per field, ``client_id``).
"""

from __future__ import annotations

from typing import Any

from flask import Response, json

MEDIA_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str | None = None, **extensions: Any) -> Response:
    """A problem details answer; ``type`` is left as ``about:blank`` (the status says it all)."""
    body: dict[str, Any] = {"type": "about:blank", "title": str(title), "status": status}
    if detail is not None:
        body["detail"] = str(detail)
    body.update(extensions)
    return Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
