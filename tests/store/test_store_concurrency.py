"""No data lost: concurrent writers (each with its own engine, as separate server processes have)
all persist, and a restart finds everything again."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from bot.store.repository import Store

WRITERS = 4
TIPS_EACH = 15


def run_together(count: int, work) -> list:
    """Start ``count`` calls of ``work(n)`` at the same instant and return their results."""
    barrier = threading.Barrier(count)

    def go(n: int):
        barrier.wait()
        return work(n)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(go, range(count)))


def test_servers_adding_tips_at_the_same_moment_all_persist(open_store):
    stores = [open_store() for _ in range(WRITERS)]

    def add_tips(n: int) -> list[int]:
        return [
            stores[n].add_tip("T1", f"tip {n}-{i}", author_id=f"U{n}", author_name=f"Lead {n}").id
            for i in range(TIPS_EACH)
        ]

    ids = [tip_id for batch in run_together(WRITERS, add_tips) for tip_id in batch]
    assert len(set(ids)) == WRITERS * TIPS_EACH
    texts = {t.text for t in open_store().list_tips("T1")}
    assert texts == {f"tip {n}-{i}" for n in range(WRITERS) for i in range(TIPS_EACH)}


def test_concurrent_counts_add_up(open_store):
    stores = [open_store() for _ in range(WRITERS)]

    def review(n: int) -> None:
        for _ in range(10):
            stores[n].record_review("T1", f"U{n}", {"hear": "issue", "respect": "ok"})
            stores[n].record_feedback("T1", "hear", helpful=True)

    run_together(WRITERS, review)
    from datetime import UTC, datetime, timedelta

    [week, _] = open_store().team_insights("T1", weeks=2, now=datetime.now(UTC) + timedelta(days=7))
    assert week.people == WRITERS
    assert open_store().feedback("T1")["hear"].helpful == WRITERS * 10
    own = stores[0].user_trend("T1", "U0", weeks=1)
    assert [counts["hear"].issues for counts in own.values()] == [10]


def test_only_one_server_wins_the_weekly_claim(open_store):
    stores = [open_store() for _ in range(6)]
    stores[0].set_schedule("T1", "C1", weekday=0, hour=9, timezone="Europe/Amsterdam", created_by="U1")
    wins = run_together(len(stores), lambda n: stores[n].claim_week("T1", "C1", 202648))
    assert sorted(wins) == [False] * 5 + [True]


def test_a_restart_keeps_tips_schedules_and_counts(database_url):
    first = Store.open(database_url)
    tip = first.add_tip("T1", "Blijft bewaard", author_id="ULEAD", author_name="Sanne", guideline="hear")
    first.set_schedule("T1", "C1", weekday=2, hour=10, timezone="Europe/Amsterdam", created_by="ULEAD")
    first.record_review("T1", "U1", {"hear": "issue"})
    first.close()

    second = Store.open(database_url)  # a new engine on the same database, as after a restart
    try:
        assert second.get_tip("T1", tip.id).text == "Blijft bewaard"
        assert [s.weekday for s in second.list_schedules("T1")] == [2]
        assert [c["hear"].issues for c in second.user_trend("T1", "U1", weeks=1).values()] == [1]
    finally:
        second.close()


def test_readers_do_not_wait_for_a_writer_on_sqlite(tmp_path):
    """While one process holds the write lock, cards (tips) and App Home (figures) still read at once."""
    import sqlite3
    import time

    store = Store.open(f"sqlite:///{tmp_path / 'aandacht.db'}")
    store.add_tip("T1", "Al bewaard", author_id="U", author_name="N", guideline="hear")
    writer = sqlite3.connect(tmp_path / "aandacht.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    try:
        started = time.perf_counter()
        assert [t.text for t in store.list_tips("T1")] == ["Al bewaard"]
        assert set(store.pick_tips("T1", ["hear", "respect"])) == {"hear"}
        assert time.perf_counter() - started < 1.0
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        store.close()


def test_servers_claiming_the_same_slack_event_at_the_same_moment_exactly_one_wins(open_store):
    stores = [open_store() for _ in range(WRITERS)]
    for round_ in range(5):
        won = run_together(WRITERS, lambda n, event_id=f"EvRACE{round_}": stores[n].claim_event("T1", event_id))
        assert sorted(won) == [False] * (WRITERS - 1) + [True]
