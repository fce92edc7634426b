"""Databases for the store tests: a SQLite file, and a fresh PostgreSQL schema per test.

PostgreSQL comes from ``AANDACHT_TEST_DATABASE_URL`` (default: the local server at 127.0.0.1:5432,
database ``test``, user ``postgres``). Each test gets its own schema (``search_path``), dropped
afterwards, so parallel runs do not collide. Without a reachable server the PostgreSQL cases are
skipped with the reason; CI has one, so there they run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import lru_cache

import pytest

from bot.store.db import make_engine, normalise_url
from bot.store.repository import Store

PG_URL = os.environ.get("AANDACHT_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _conninfo(url: str) -> str:
    return normalise_url(url).replace("postgresql+psycopg://", "postgresql://", 1)


@lru_cache(maxsize=1)
def postgres_unreachable() -> str | None:
    """None when the test server answers; else why not (the skip reason)."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    try:
        with psycopg.connect(_conninfo(PG_URL), connect_timeout=3):
            return None
    except psycopg.OperationalError as error:
        return f"PostgreSQL at {PG_URL} is unreachable: {error}"


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    reason = postgres_unreachable()
    if reason:
        pytest.skip(reason)
    import psycopg

    schema = f"aandacht_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_conninfo(PG_URL), autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{normalise_url(PG_URL)}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(_conninfo(PG_URL), autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """The same test on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'aandacht.db'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def open_store(database_url) -> Iterator:
    """Open (and migrate) as many stores on the database as a test needs; all closed afterwards."""
    opened: list[Store] = []

    def _open(**kwargs) -> Store:
        store = Store.open(database_url, **kwargs)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store) -> Store:
    return open_store()


@pytest.fixture
def raw_engine(database_url):
    """An engine without migrations, for tests that build a database step by step."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
