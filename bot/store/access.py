"""Database work on a person's path: in the store's own threads, and never longer than a few seconds.

A database that accepts connections but never answers (or a SQLite file locked for a long time)
must not stop a review, a card or a tip command. So every call from a chat surface runs here:

- in a small thread pool of its own, so hung database calls can never take the threads the
  offline reviews run in (``asyncio.to_thread``'s default pool);
- bounded by ``STORE_WAIT_SECONDS``: after that the caller gets :class:`StoreError` (whose kind
  message says storage is away) and goes on without tips or counts. The thread itself ends when
  the driver's own connect and statement timeouts (``bot.store.db``) fire.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from bot.store.repository import StoreError

__all__ = ["STORE_WAIT_SECONDS", "run_in_store"]

T = TypeVar("T")

STORE_WAIT_SECONDS = 3.0
"""Longest wait for one database call on a person's path (a Slack card must come within seconds)."""
STORE_THREADS = 4


@functools.cache
def _executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=STORE_THREADS, thread_name_prefix="aandacht-store")


async def run_in_store(action: Callable[[], T], *, timeout: float | None = STORE_WAIT_SECONDS) -> T:
    """``action()`` in a store thread; :class:`StoreError` when it takes longer than ``timeout`` seconds."""
    future = asyncio.get_running_loop().run_in_executor(_executor(), action)
    try:
        return await asyncio.wait_for(future, timeout)
    except TimeoutError:
        raise StoreError("the database did not answer in time") from None
