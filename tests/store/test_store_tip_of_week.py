"""Tip of the week with a controllable clock: on time, once per week, across servers and restarts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.store.tip_of_week import TipOfTheWeek, done_through_week

# Monday 30 November 2026, 08:00 UTC = 09:00 in Amsterdam (ISO week 49).
MONDAY_9_AMSTERDAM = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Channel:
    """Stands in for Slack's chat.postMessage: records what would be posted, can be made to fail."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, str, str]] = []
        self.failing = False

    async def post(self, schedule, tip) -> None:
        if self.failing:
            raise ConnectionError("Slack is unreachable")
        self.posts.append((schedule.workspace, schedule.channel, tip.text))


@pytest.fixture
def lead_store(open_store):
    store = open_store()
    store.add_tip("T1", "Tip A", author_id="ULEAD", author_name="Sanne")
    store.add_tip("T1", "Tip B", author_id="ULEAD", author_name="Sanne")
    store.set_schedule("T1", "CTEAM", weekday=0, hour=9, timezone="Europe/Amsterdam", created_by="ULEAD")
    return store


async def test_posts_on_the_chosen_day_and_hour_once_per_week(lead_store):
    clock, channel = Clock(MONDAY_9_AMSTERDAM - timedelta(minutes=1)), Channel()
    scheduler = TipOfTheWeek(lead_store, channel.post, clock=clock)
    assert await scheduler.tick() == []  # 08:59 in Amsterdam: not yet

    clock.now = MONDAY_9_AMSTERDAM
    assert await scheduler.tick() == [("T1", "CTEAM")]
    for minutes in (1, 60, 60 * 24 * 3):  # the rest of the week: nothing more
        clock.now = MONDAY_9_AMSTERDAM + timedelta(minutes=minutes)
        assert await scheduler.tick() == []

    clock.now = MONDAY_9_AMSTERDAM + timedelta(days=7)
    assert await scheduler.tick() == [("T1", "CTEAM")]
    assert [text for *_, text in channel.posts] == ["Tip B", "Tip A"]  # a different tip each week


async def test_two_servers_post_once(lead_store, open_store):
    clock, channel = Clock(MONDAY_9_AMSTERDAM), Channel()
    servers = [TipOfTheWeek(store, channel.post, clock=clock) for store in (lead_store, open_store())]
    await asyncio.gather(*(server.tick() for server in servers))
    await asyncio.gather(*(server.tick() for server in servers))
    assert len(channel.posts) == 1


async def test_a_restart_in_the_same_week_does_not_post_again(lead_store, open_store):
    clock, channel = Clock(MONDAY_9_AMSTERDAM), Channel()
    await TipOfTheWeek(lead_store, channel.post, clock=clock).tick()
    lead_store.close()
    restarted = TipOfTheWeek(open_store(), channel.post, clock=clock)
    clock.now += timedelta(hours=2)
    assert await restarted.tick() == []
    assert len(channel.posts) == 1


async def test_a_server_that_was_down_at_nine_posts_when_it_comes_back_that_week(lead_store):
    channel = Channel()
    late = Clock(MONDAY_9_AMSTERDAM + timedelta(days=1, hours=5))
    assert await TipOfTheWeek(lead_store, channel.post, clock=late).tick() == [("T1", "CTEAM")]


async def test_a_failed_post_is_retried_on_the_next_tick(lead_store):
    clock, channel = Clock(MONDAY_9_AMSTERDAM), Channel()
    scheduler = TipOfTheWeek(lead_store, channel.post, clock=clock)
    channel.failing = True
    assert await scheduler.tick() == []
    channel.failing = False
    clock.now += timedelta(minutes=1)
    assert await scheduler.tick() == [("T1", "CTEAM")]
    assert len(channel.posts) == 1


async def test_nothing_is_posted_or_claimed_without_tips(open_store):
    store = open_store()
    store.set_schedule("T9", "C9", weekday=0, hour=9, timezone="Europe/Amsterdam", created_by="ULEAD")
    channel = Channel()
    scheduler = TipOfTheWeek(store, channel.post, clock=Clock(MONDAY_9_AMSTERDAM))
    assert await scheduler.tick() == []
    store.add_tip("T9", "Eindelijk een tip", author_id="ULEAD", author_name="Sanne")
    assert await scheduler.tick() == [("T9", "C9")]


def test_a_schedule_made_after_this_weeks_moment_starts_next_week():
    wednesday = MONDAY_9_AMSTERDAM + timedelta(days=2)
    assert done_through_week(0, 9, "Europe/Amsterdam", wednesday) == 202649
    assert done_through_week(4, 9, "Europe/Amsterdam", wednesday) == 0


async def test_old_counts_are_removed_once_a_day(lead_store):
    clock = Clock(MONDAY_9_AMSTERDAM)
    lead_store.record_review("T1", "U1", {"hear": "ok"}, now=MONDAY_9_AMSTERDAM - timedelta(days=800))
    scheduler = TipOfTheWeek(lead_store, Channel().post, clock=clock, retention_months=12)
    await scheduler.tick()
    assert lead_store.my_data("T1", "U1").trend == {}
    lead_store.record_review("T1", "U1", {"hear": "ok"}, now=MONDAY_9_AMSTERDAM - timedelta(days=800))
    clock.now += timedelta(hours=1)
    await scheduler.tick()  # within the day: no second sweep
    assert lead_store.my_data("T1", "U1").trend != {}
    clock.now += timedelta(days=1)
    await scheduler.tick()
    assert lead_store.my_data("T1", "U1").trend == {}


async def test_slack_event_claims_older_than_an_hour_are_removed_every_hour(lead_store):
    clock = Clock(MONDAY_9_AMSTERDAM)
    lead_store.claim_event("T1", "EvOLD", now=MONDAY_9_AMSTERDAM - timedelta(hours=2))
    scheduler = TipOfTheWeek(lead_store, Channel().post, clock=clock)  # no retention: claims go anyway
    await scheduler.tick()
    assert lead_store.claim_event("T1", "EvOLD", now=clock.now) is True  # the old claim was removed
    clock.now += timedelta(minutes=61)
    await scheduler.tick()  # the claim just made is older than an hour now
    assert lead_store.claim_event("T1", "EvOLD", now=clock.now) is True
