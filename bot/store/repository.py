"""Everything the chat surfaces store and read, scoped by workspace in every query.

The surfaces call these plain (blocking) methods through ``asyncio.to_thread``. Each method is one
transaction: it either keeps all of its write or none of it, and a database failure comes out as
:class:`StoreError` (with kind text for the person) instead of a half-done change.

Kept: tips (with their author's id and name, because they are shown with the tip), tip-of-the-week
schedules, and counts per workspace, ISO week and guideline. A person's own trend is kept under an
HMAC of their user id (``AANDACHT_HASH_SALT``, or a random per-workspace salt in the database).
Never any draft text.

``Store`` is put together from one part per aggregate, each in its own module: tips
(``bot.store.tips``), tip-of-the-week schedules (``schedules``), event claims (``claims``),
feedback and insight counts (``counts``), data rights and retention (``privacy``); the records
they return are in ``bot.store.records``. This module holds the connection, the transactions and
:class:`LazyStore`.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.store.claims import ClaimsPart
from bot.store.counts import CountsPart
from bot.store.db import READ_ONLY, make_engine, upgrade
from bot.store.privacy import PrivacyPart
from bot.store.records import (
    EVENT_CLAIM_HOURS,
    K_ANONYMITY,
    MAX_TIP_CHARS,
    MAX_TIP_ID,
    Counts,
    Erasure,
    FeedbackTally,
    MyData,
    Schedule,
    StoreError,
    TeamWeek,
    TipRecord,
    configured_salt,
    has_control_characters,
    names_a_tip,
)
from bot.store.schedules import SchedulesPart
from bot.store.tips import TipsPart

__all__ = ["EVENT_CLAIM_HOURS", "K_ANONYMITY", "MAX_TIP_CHARS", "MAX_TIP_ID", "Counts", "Erasure", "FeedbackTally",
           "LazyStore", "MyData", "Schedule", "Store", "StoreError", "TeamWeek", "TipRecord", "configured_salt",
           "has_control_characters", "names_a_tip"]

log = logging.getLogger("aandacht.store")


class Store(TipsPart, SchedulesPart, ClaimsPart, CountsPart, PrivacyPart):
    """The repository: one engine, workspace-scoped methods, one transaction per method."""

    def __init__(self, engine: Engine, *, hash_salt: str | None = None) -> None:
        self.engine = engine
        self._reader = engine.execution_options(**{READ_ONLY: True})
        self._hash_salt = hash_salt.encode() if hash_salt else None
        self._salts: dict[str, bytes] = {}
        self._rotation: dict[tuple[str, str | None], Iterator[int]] = defaultdict(itertools.count)
        self._lock = threading.Lock()
        self._upserts: dict[tuple, object] = {}

    @classmethod
    def open(cls, url: str, *, hash_salt: str | None = None, migrate: bool = True) -> Store:
        """Connect to ``url`` and (by default) upgrade its schema to the newest revision."""
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        return cls(engine, hash_salt=hash_salt)

    @classmethod
    def from_settings(cls, settings) -> Store:
        return cls.open(settings.effective_database_url, hash_salt=configured_salt(settings))

    def close(self) -> None:
        self.engine.dispose()

    # ---- plumbing

    @contextmanager
    def _session(self, *, read_only: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back (all of it) on any error.

        ``read_only`` lets SQLite start a plain (deferred) transaction, so readers never queue
        for the write lock (see ``bot.store.db``).
        """
        try:
            bind = self._reader if read_only else self.engine
            with Session(bind, expire_on_commit=False) as session, session.begin():
                yield session
        except SQLAlchemyError as error:
            log.warning("database operation failed: %s", type(error).__name__)
            raise StoreError(type(error).__name__) from error

    def _insert(self, table):
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def _add_counts(self, session: Session, model, keys: dict, reviews: int, issues: int) -> None:
        """Atomic ``+=`` on a count row, creating it when missing (safe with concurrent writers)."""
        self._add_many_counts(session, model, [{**keys, "reviews": reviews, "issues": issues}])

    def _add_many_counts(self, session: Session, model, rows: list[dict]) -> None:
        """``_add_counts`` for several rows of one table at once (rows with the same keys): one
        statement, built and compiled once per table, executed for all rows (SQL compilation was
        most of a review's database CPU)."""
        keys = tuple(key for key in rows[0] if key not in ("reviews", "issues"))
        statement = self._upserts.get((model, keys))
        if statement is None:
            insert = self._insert(model.__table__)
            statement = self._upserts[(model, keys)] = insert.on_conflict_do_update(
                index_elements=list(keys),
                set_={"reviews": model.__table__.c.reviews + insert.excluded.reviews,
                      "issues": model.__table__.c.issues + insert.excluded.issues},
            )
        session.connection().execute(statement, rows)


class LazyStore:
    """Opens (and migrates) the store on first use, and again later if the database was away.

    The server starts even when the database is briefly unreachable: reviews keep working, and
    tip commands answer with :class:`StoreError`'s kind message until the database is back.
    """

    RETRY_SECONDS = 30.0
    OPEN_WAIT_SECONDS = 5.0  # a migration under way at start-up takes a second or two

    def __init__(self, url: str, *, hash_salt: str | None = None) -> None:
        self.url = url
        self.hash_salt = hash_salt
        self._store: Store | None = None
        self._failed_at: float | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> LazyStore:
        return cls(settings.effective_database_url, hash_salt=configured_salt(settings))

    def get(self) -> Store:
        """The open store; raises :class:`StoreError` while the database cannot be reached."""
        import time

        if self._store is not None:
            return self._store
        # Another thread may be waiting on a database that does not answer: don't queue behind it.
        if not self._lock.acquire(timeout=self.OPEN_WAIT_SECONDS):
            raise StoreError("database unavailable")
        try:
            if self._store is not None:
                return self._store
            if self._failed_at is not None and time.monotonic() - self._failed_at < self.RETRY_SECONDS:
                raise StoreError("database unavailable")
            try:
                self._store = Store.open(self.url, hash_salt=self.hash_salt)
            except Exception as error:  # unreachable server, bad URL, failed migration: say so once
                self._failed_at = time.monotonic()
                log.error("cannot open the database (%s); tips and insights are off until it is back",
                          type(error).__name__)
                raise StoreError(type(error).__name__) from error
            return self._store
        finally:
            self._lock.release()

    @property
    def state(self) -> str:
        """``ok`` (open), ``unavailable`` (the last attempt failed) or ``starting`` (not tried yet), for /healthz."""
        if self._store is not None:
            return "ok"
        return "unavailable" if self._failed_at is not None else "starting"

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
