"""Engines and migrations: SQLite by default, PostgreSQL (psycopg 3) at scale.

SQLite runs in WAL mode with a busy timeout, and every transaction that may write starts with
``BEGIN IMMEDIATE`` so that two processes writing at the same moment wait for each other instead of
failing half-way (a deferred transaction that reads first and writes later cannot wait for the
write lock). Read-only transactions (execution option ``READ_ONLY``) start with a plain ``BEGIN``
and never wait for writers (WAL).

Migrations live inside the package (``bot/store/migrations``) and run through alembic's Python API
with the script location taken from ``importlib.resources``, so a non-editable install finds them.
"""

from __future__ import annotations

import logging
import threading
import time
from importlib.resources import files
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

log = logging.getLogger("aandacht.store")

SQLITE_BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_SECONDS = 3
"""A server that accepts the connection but never answers is given up after this long."""
STATEMENT_TIMEOUT_MS = 5_000
"""No statement of ours takes longer; one that does is waiting on a lock or a hung server."""
POOL_TIMEOUT_SECONDS = 3
READ_ONLY = "aandacht_read_only"
"""Execution option for transactions that only read: on SQLite they start with a plain BEGIN."""
# alembic keeps its running context in a module global: one migration at a time per process.
# Between processes the database itself serialises them (see migrations/env.py).
_UPGRADE_LOCK = threading.Lock()


def normalise_url(url: str) -> str:
    """Point plain ``postgres://`` / ``postgresql://`` URLs (as hosting platforms hand them out) at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for a SQLite file, its directory is created first."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _tune_sqlite(engine)
        return engine
    connect_args = {}
    if parsed.get_backend_name() == "postgresql":
        # the URL's own options (a search_path, say) come first and stay
        options = " ".join(filter(None, (
            str(parsed.query.get("options") or ""),
            f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={STATEMENT_TIMEOUT_MS}",
        )))
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_SECONDS, "options": options}
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         pool_timeout=POOL_TIMEOUT_SECONDS, connect_args=connect_args)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _with_lock_retries(lambda: cursor.execute("PRAGMA journal_mode=WAL"))
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _with_lock_retries(action, attempts: int = 50, pause: float = 0.1):
    """Run ``action``, retrying while SQLite says "database is locked".

    Switching a brand-new file to WAL while another process opens it can fail at once instead of
    waiting for the busy timeout; a short retry rides that out.
    """
    import sqlite3

    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(pause)
    return None


def migrations_location() -> str:
    """The alembic script directory inside the installed package."""
    return str(files("bot.store").joinpath("migrations"))


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", migrations_location())
    # configparser treats "%" as interpolation: escape it (URL-encoded passwords and options have it).
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the newest by default); safe to run from several processes."""
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # one line per plug-in: noise
    from alembic import command
    from sqlalchemy.exc import OperationalError

    config = alembic_config(engine)
    for attempt in range(5):
        try:
            with _UPGRADE_LOCK, engine.connect() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            break
        except OperationalError as error:
            # Each revision runs in one transaction, so a retry after "locked" starts clean.
            if "locked" not in str(error) or attempt == 4:
                raise
            log.info("database busy while migrating; trying again")
            time.sleep(0.2 * (attempt + 1))
    log.info("database schema at revision %s", current_revision(engine))


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
