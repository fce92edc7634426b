"""Telling a redelivered event from a new one: ids seen lately in this process.

Slack retries an event it got no quick answer for, and the Bot Framework redelivers an activity;
each surface checks :class:`RecentIds` first and then claims the id in the shared database
(``Store.claim_event``), so a retry that reaches another server process is skipped too.
"""

from __future__ import annotations

from cachetools import TTLCache


class RecentIds:
    """Ids seen in the last ``ttl`` seconds (event ids of Slack retries), at most ``max_size`` of them."""

    def __init__(self, ttl: float = 600.0, max_size: int = 10_000) -> None:
        self._seen: TTLCache[str, bool] = TTLCache(maxsize=max_size, ttl=ttl)

    def seen_before(self, key: str) -> bool:
        """True when ``key`` was seen within the ttl; records it either way."""
        if key in self._seen:
            return True
        self._seen[key] = True
        return False
