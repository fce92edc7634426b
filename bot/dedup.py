"""Telling a redelivered event from a new one: ids seen lately in this process.

Slack retries an event it got no quick answer for, and the Bot Framework redelivers an activity;
each surface checks :class:`RecentIds` first and then claims the id in the shared database
(``Store.claim_event``), so a retry that reaches another server process is skipped too.
"""

from __future__ import annotations

import time
from collections import OrderedDict


class RecentIds:
    """Ids seen in the last ``ttl`` seconds (event ids of Slack retries), bounded in size."""

    def __init__(self, ttl: float = 600.0, max_size: int = 10_000) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self._seen: OrderedDict[str, float] = OrderedDict()

    def seen_before(self, key: str) -> bool:
        """True when ``key`` was seen within the ttl; records it either way."""
        now = time.monotonic()
        while self._seen and (next(iter(self._seen.values())) < now - self.ttl or len(self._seen) > self.max_size):
            self._seen.popitem(last=False)
        if key in self._seen:
            return True
        self._seen[key] = now
        return False
