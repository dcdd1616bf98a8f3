"""Per-process caches bounded in size."""

from __future__ import annotations


def remember(cache: dict, key, value, limit: int) -> None:
    """Keep ``value`` under ``key``; when ``limit`` entries are held, the oldest half goes first
    (dicts keep insertion order), so a cache keyed by sessions or cookies cannot grow forever."""
    if len(cache) >= limit:
        for old in list(cache)[: limit // 2]:
            cache.pop(old, None)
    cache[key] = value
