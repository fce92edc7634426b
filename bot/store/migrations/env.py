"""Alembic environment: run the revisions on the connection ``bot.store.db.upgrade`` hands over.

On PostgreSQL a transaction-scoped advisory lock makes two processes that start at the same moment
migrate one after the other; on SQLite ``BEGIN IMMEDIATE`` (see ``bot.store.db``) does the same.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from bot.store.db import make_engine
from bot.store.models import Base

MIGRATION_LOCK_ID = 0x41414E44  # "AAND": any constant shared by every process of this app


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        # Our SQLite connections run in real transactions (BEGIN IMMEDIATE), so a failed revision
        # rolls back completely there too.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": MIGRATION_LOCK_ID})
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url"))
    try:
        with engine.connect() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Aandacht runs its migrations online only (python -m bot serve does it on start).")
main()
