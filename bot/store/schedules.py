"""Tip of the week: where and when, and the claim that makes one process post."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from bot.store.models import TipSchedule
from bot.store.records import Schedule, _now, _schedule


class SchedulesPart:
    """The tip-of-the-week schedules."""

    def set_schedule(
        self,
        workspace: str,
        channel: str,
        *,
        weekday: int,
        hour: int,
        timezone: str,
        created_by: str,
        language: str = "nl",
        done_through_week: int = 0,
        surface: str = "slack",
        address: str | None = None,
        now: datetime | None = None,
    ) -> Schedule:
        """Create or change the weekly tip for ``channel``.

        ``done_through_week``: the scheduler treats weeks up to this one as done, so that a schedule
        made on Wednesday "for Mondays" does not post straight away.
        """
        if not (0 <= weekday <= 6 and 0 <= hour <= 23):
            raise ValueError("weekday 0-6 and hour 0-23")
        with self._session() as session:
            row = session.get(TipSchedule, (workspace, channel))
            if row is None:
                row = TipSchedule(
                    workspace=workspace,
                    channel=channel,
                    last_run_week=done_through_week,
                    created_at=now or _now(),
                )
                session.add(row)
            else:
                row.last_run_week = max(row.last_run_week, done_through_week)
            row.weekday, row.hour, row.timezone, row.created_by = weekday, hour, timezone, created_by
            row.language, row.surface, row.address = language, surface, address
            session.flush()
            return _schedule(row)

    def remove_schedule(self, workspace: str, channel: str | None = None) -> int:
        """Stop the weekly tip in ``channel`` (or in every channel of the workspace)."""
        statement = delete(TipSchedule).where(TipSchedule.workspace == workspace)
        if channel is not None:
            statement = statement.where(TipSchedule.channel == channel)
        with self._session() as session:
            return session.execute(statement).rowcount

    def list_schedules(self, workspace: str | None = None, *, surface: str | None = None) -> list[Schedule]:
        """The schedules of one workspace, or (for the scheduler, ``None``) of all of them; ``surface``
        keeps those of one chat surface (``slack``, ``teams``)."""
        query = select(TipSchedule).order_by(TipSchedule.workspace, TipSchedule.channel)
        if workspace is not None:
            query = query.where(TipSchedule.workspace == workspace)
        if surface is not None:
            query = query.where(TipSchedule.surface == surface)
        with self._session(read_only=True) as session:
            return [_schedule(row) for row in session.scalars(query)]

    def claim_week(self, workspace: str, channel: str, week: int) -> bool:
        """Claim this week's post; exactly one caller wins, whichever process or thread it runs in."""
        with self._session() as session:
            result = session.execute(
                update(TipSchedule)
                .where(
                    TipSchedule.workspace == workspace,
                    TipSchedule.channel == channel,
                    TipSchedule.last_run_week < week,
                )
                .values(last_run_week=week)
            )
            return result.rowcount == 1

    def release_week(self, workspace: str, channel: str, week: int, previous: int) -> None:
        """Give a claim back after the post failed, so a later tick tries again."""
        with self._session() as session:
            session.execute(
                update(TipSchedule)
                .where(
                    TipSchedule.workspace == workspace,
                    TipSchedule.channel == channel,
                    TipSchedule.last_run_week == week,
                )
                .values(last_run_week=previous)
            )
