"""Draw the web app's icons (lms/static/icons/icon-192.png, icon-512.png) without any image
library: the accent green of app.css with a white open book, written as plain PNG with zlib.

Run from the repository root: ``python3 scripts/make_icons.py``. The output is deterministic.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ACCENT = (0x0B, 0x6E, 0x4F)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).resolve().parent.parent / "lms" / "static" / "icons"


def pixel(x: float, y: float) -> tuple[int, int, int]:
    """The colour at (x, y) in a unit square: a book of two pages, split by a spine."""
    inside_book = 0.2 <= x <= 0.8 and 0.3 <= y <= 0.72
    spine = abs(x - 0.5) < 0.015
    # The pages sag towards the spine: their top edge rises away from it.
    top = 0.3 + 0.05 * (1 - abs(x - 0.5) / 0.3)
    if inside_book and y >= top and not spine:
        return WHITE
    return ACCENT


def png(size: int) -> bytes:
    rows = bytearray()
    for j in range(size):
        rows.append(0)  # no filter
        for i in range(size):
            rows.extend(pixel((i + 0.5) / size, (j + 0.5) / size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main()
