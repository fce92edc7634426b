"""Tip of the week: one post per schedule per ISO week, whatever the number of server processes.

Every process runs the same loop. A schedule is due once its weekday and hour have come in its own
time zone and this week was not yet posted (so a server that was down on Monday morning posts when
it comes back that week). The database decides who posts: :meth:`Store.claim_week` is an
``UPDATE ... WHERE last_run_week < :week`` that exactly one process wins. If the post then fails,
the claim is given back and a later tick tries again.

The clock is injectable so tests can move through a week in milliseconds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.store.access import run_in_store
from bot.store.repository import LazyStore, Schedule, Store, StoreError, TipRecord
from bot.store.weeks import week_key

log = logging.getLogger("aandacht.tip_of_week")

DEFAULT_TIMEZONE = "Europe/Amsterdam"
Clock = Callable[[], datetime]
PostTip = Callable[[Schedule, TipRecord], Awaitable[None]]


def utc_now() -> datetime:
    return datetime.now(UTC)


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def local_week(schedule: Schedule, now: datetime) -> int:
    return week_key(now.astimezone(zone(schedule.timezone)))


def is_due(schedule: Schedule, now: datetime) -> bool:
    """The schedule's moment has come this week (in its time zone) and this week was not posted yet."""
    local = now.astimezone(zone(schedule.timezone))
    return (local.weekday(), local.hour) >= (schedule.weekday, schedule.hour) and (
        schedule.last_run_week < week_key(local)
    )


def done_through_week(weekday: int, hour: int, timezone: str, now: datetime) -> int:
    """For a new schedule: this week counts as done when its moment already passed, so a schedule
    made on Wednesday "for Mondays" starts next Monday instead of posting at once."""
    local = now.astimezone(zone(timezone))
    return week_key(local) if (local.weekday(), local.hour) >= (weekday, hour) else 0


SCHEDULER_STORE_WAIT = 30.0
"""The weekly round is nobody's request: it may wait longer than a person would, but not for ever."""


class TipOfTheWeek:
    """The weekly poster. ``tick()`` does one round; ``run()`` loops until cancelled."""

    def __init__(
        self,
        store: Store | LazyStore,
        post: PostTip,
        *,
        clock: Clock = utc_now,
        interval: float = 60.0,
        retention_months: int | None = None,
        surface: str | None = None,
    ) -> None:
        # a LazyStore is opened on each round, so a database that was away at start is picked up later
        self._open: Callable[[], Store] = store.get if isinstance(store, LazyStore) else lambda: store
        self.post = post
        self.surface = surface  # the chat surface whose schedules this loop posts (None: all)
        self.clock = clock
        self.interval = interval
        self.retention_months = retention_months
        self._last_purge: datetime | None = None
        self._last_claim_purge: datetime | None = None

    async def _in_store(self, method: Callable, *args, **kwargs):
        """``method(store, *args)`` in a store thread (``Store.pick_tip``, ...)."""
        return await run_in_store(lambda: method(self._open(), *args, **kwargs), timeout=SCHEDULER_STORE_WAIT)

    async def tick(self) -> list[tuple[str, str]]:
        """Post every due tip this process wins the claim for; returns (workspace, channel) posted."""
        now = self.clock()
        posted = []
        for schedule in await self._in_store(Store.list_schedules, surface=self.surface):
            if not is_due(schedule, now):
                continue
            week = local_week(schedule, now)
            tip = await self._in_store(Store.pick_tip, schedule.workspace, None, rotation=week)
            if tip is None:
                continue  # nothing to share yet; try again when a lead has added a tip
            won = await self._in_store(Store.claim_week, schedule.workspace, schedule.channel, week)
            if not won:
                continue
            try:
                await self.post(schedule, tip)
            except Exception:
                log.exception("posting the tip of the week failed; it will be retried")
                await self._in_store(
                    Store.release_week, schedule.workspace, schedule.channel, week, schedule.last_run_week)
                continue
            posted.append((schedule.workspace, schedule.channel))
        await self.housekeeping()
        return posted

    async def housekeeping(self) -> None:
        """Once a day (and at the first call, on start), remove counts older than the retention period;
        every hour, remove Slack event claims older than an hour."""
        now = self.clock()
        if self._last_claim_purge is None or now - self._last_claim_purge >= timedelta(hours=1):
            await self._in_store(Store.purge_event_claims, now=now)
            await self._in_store(Store.purge_feedback_targets, now=now)
            self._last_claim_purge = now
        if self.retention_months is None:
            return
        if self._last_purge is not None and now - self._last_purge < timedelta(days=1):
            return
        await self._in_store(Store.purge_old_counts, self.retention_months, now=now)
        self._last_purge = now

    async def run(self) -> None:
        while True:
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except StoreError:  # the database is away for a moment (the store logged why)
                log.warning("tip of the week: database unavailable, trying again in %.0f s", self.interval)
            except Exception:  # keep the loop alive whatever one round ran into
                log.exception("tip-of-the-week round failed")
            await asyncio.sleep(self.interval)
