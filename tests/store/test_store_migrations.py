"""Upgrades keep every tip: a database made by the first schema, with data in it, upgrades cleanly."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from bot.store.db import (
    alembic_config,
    current_revision,
    make_engine,
    migrations_location,
    normalise_url,
    upgrade,
)
from bot.store.models import Base
from bot.store.repository import Store

ROOT = Path(__file__).resolve().parents[2]
CREATED = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def fill_first_schema(engine) -> None:
    """Rows as version 0001 of the app would have written them."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO tips (workspace, guideline, text, author_id, author_name, created_at) "
                "VALUES (:w, :g, :t, :a, :n, :c)"
            ),
            [
                {"w": "T1", "g": "hear", "t": "Noem wat de huurder schreef.", "a": "ULEAD", "n": "Sanne", "c": CREATED},
                {"w": "T1", "g": None, "t": "Onderteken met je naam.", "a": "ULEAD", "n": "Sanne", "c": CREATED},
                {"w": "T2", "g": "respect", "t": "Ander team.", "a": "UX", "n": "Piet", "c": CREATED},
            ],
        )
        connection.execute(
            text(
                "INSERT INTO tip_schedules (workspace, channel, weekday, hour, timezone, last_run_week, "
                "created_by, created_at) VALUES ('T1', 'C1', 0, 9, 'Europe/Amsterdam', 202610, 'ULEAD', :c)"
            ),
            {"c": CREATED},
        )
        connection.execute(
            text("INSERT INTO insight_counts (workspace, week, guideline, reviews, issues) "
                 "VALUES ('T1', 202610, 'hear', 7, 3)")
        )


def test_the_package_ships_its_migrations():
    location = Path(migrations_location())
    assert (location / "env.py").is_file()
    assert location.is_relative_to(Path(__import__("bot.store").store.__file__).parent)
    revisions = ScriptDirectory(str(location)).walk_revisions()
    assert len(list(revisions)) >= 2


def test_upgrading_a_first_schema_database_keeps_its_data(raw_engine):
    upgrade(raw_engine, "0001")
    assert current_revision(raw_engine) == "0001"
    fill_first_schema(raw_engine)

    upgrade(raw_engine)  # what `serve` does on start
    assert current_revision(raw_engine) == ScriptDirectory(migrations_location()).get_current_head()

    store = Store(raw_engine)
    tips = store.list_tips("T1")
    assert [t.text for t in tips] == ["Noem wat de huurder schreef.", "Onderteken met je naam."]
    assert all(t.created_at == CREATED and t.updated_at == CREATED for t in tips)
    assert [t.text for t in store.list_tips("T2")] == ["Ander team."]
    [schedule] = store.list_schedules("T1")
    assert (schedule.channel, schedule.last_run_week, schedule.language) == ("C1", 202610, "nl")
    # The upgraded database works for the new features too.
    store.record_review("T1", "U1", {"hear": "ok"})
    edited = store.edit_tip("T1", tips[0].id, "Noem in je eigen woorden wat de huurder schreef.")
    assert edited.updated_at > edited.created_at


def test_a_database_at_revision_0003_upgrades_to_event_claims_and_keeps_its_data(raw_engine):
    upgrade(raw_engine, "0003")
    with raw_engine.begin() as connection:
        connection.execute(
            text("INSERT INTO tips (workspace, guideline, text, author_id, author_name, created_at, updated_at) "
                 "VALUES ('T2', 'respect', 'Ander team.', 'UX', 'Piet', :c, :c)"),
            {"c": CREATED},
        )
    with raw_engine.connect() as connection:
        assert "event_claims" not in inspect(connection).get_table_names()

    upgrade(raw_engine)
    assert current_revision(raw_engine) == ScriptDirectory(migrations_location()).get_current_head()
    with raw_engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("event_claims")}
    assert columns == {"workspace", "event_id", "created_at"}  # ids and a time, never any text
    store = Store(raw_engine)
    assert [t.text for t in store.list_tips("T2")] == ["Ander team."]
    assert store.claim_event("T1", "Ev0001") is True
    assert store.claim_event("T1", "Ev0001") is False


def test_the_migrated_schema_is_exactly_the_models(raw_engine):
    upgrade(raw_engine)
    with raw_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_go_down_and_up_again(raw_engine):
    upgrade(raw_engine)
    config = alembic_config(raw_engine)
    with raw_engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert current_revision(raw_engine) is None
    upgrade(raw_engine)
    assert Store(raw_engine).list_tips("T1") == []


def test_two_processes_starting_at_once_both_end_up_on_the_newest_schema(database_url):
    """Two servers started together both migrate (one waits for the other) and both can work."""
    start_server = (
        "import sys; from bot.store.repository import Store; "
        "store = Store.open(sys.argv[1]); store.add_tip('T1', 'tip van ' + sys.argv[2], "
        "author_id='U', author_name='N'); print('ok')"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", start_server, database_url, str(n)], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(2)
    ]
    results = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], [err[-3000:] for _, err in results]
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) == ScriptDirectory(migrations_location()).get_current_head()
        assert sorted(t.text for t in Store(engine).list_tips("T1")) == ["tip van 0", "tip van 1"]
    finally:
        engine.dispose()


def test_without_database_url_the_data_directory_gets_a_sqlite_file(tmp_path):
    from bot.settings import load_settings

    settings = load_settings(database_url=None, data_dir=tmp_path / "nested" / "data")
    store = Store.from_settings(settings)
    try:
        store.add_tip("T1", "Eerste tip", author_id="U", author_name="N")
    finally:
        store.close()
    assert (tmp_path / "nested" / "data" / "aandacht.db").is_file()
    with make_engine(settings.effective_database_url).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@pytest.mark.parametrize("given", ["postgres://u:p@db.example:5432/aandacht", "postgresql://u:p@db.example:5432/aandacht"])
def test_hosting_platform_postgres_urls_use_psycopg_3(given):
    assert normalise_url(given) == "postgresql+psycopg://u:p@db.example:5432/aandacht"
    assert normalise_url("sqlite:////srv/aandacht.db") == "sqlite:////srv/aandacht.db"
