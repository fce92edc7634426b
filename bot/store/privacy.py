"""Data rights and retention: what is kept about a person, erasing it, and removing old counts."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, select, update

from bot.store.models import (
    FeedbackCount,
    InsightCount,
    Tip,
    TipSchedule,
    UserTrend,
)
from bot.store.records import Counts, Erasure, MyData, _added, _now, _record, _schedule
from bot.store.weeks import retention_cutoff

log = logging.getLogger("aandacht.store")

class PrivacyPart:
    """A person's data rights (AVG/GDPR) and the retention of counts."""

    def my_data(self, workspace: str, user_id: str) -> MyData:
        user_hashes = self.user_hashes(workspace, user_id)
        with self._session(read_only=True) as session:
            tips = [
                _record(tip)
                for tip in session.scalars(
                    select(Tip).where(Tip.workspace == workspace, Tip.author_id == user_id).order_by(Tip.id)
                )
            ]
            schedules = [
                _schedule(row)
                for row in session.scalars(
                    select(TipSchedule).where(
                        TipSchedule.workspace == workspace, TipSchedule.created_by == user_id
                    )
                )
            ]
            trend: dict[int, dict[str, Counts]] = defaultdict(dict)
            for row in session.scalars(
                select(UserTrend)
                .where(UserTrend.workspace == workspace, UserTrend.user_hash.in_(user_hashes))
                .order_by(UserTrend.week)
            ):
                trend[row.week][row.guideline] = _added(trend[row.week].get(row.guideline), row)
        return MyData(tips=tips, schedules=schedules, trend=dict(trend))

    def erase_my_data(self, workspace: str, user_id: str) -> Erasure:
        """Delete this person's own trend and take their id and name off their tips and schedules.

        The tips themselves stay for the team (a lead can remove them with ``/tip remove``); the
        team's week counts stay too, because they hold nobody's identity.
        """
        user_hashes = self.user_hashes(workspace, user_id)
        with self._session() as session:
            trend_rows = session.execute(
                delete(UserTrend).where(UserTrend.workspace == workspace, UserTrend.user_hash.in_(user_hashes))
            ).rowcount
            tips = session.execute(
                update(Tip)
                .where(Tip.workspace == workspace, Tip.author_id == user_id)
                .values(author_id="", author_name="")
            ).rowcount
            schedules = session.execute(
                update(TipSchedule)
                .where(TipSchedule.workspace == workspace, TipSchedule.created_by == user_id)
                .values(created_by="")
            ).rowcount
        return Erasure(trend_rows=trend_rows, tips_anonymised=tips, schedules_anonymised=schedules)

    def purge_old_counts(self, months: int, *, now: datetime | None = None) -> int:
        """Delete insight and feedback counts older than ``months`` months (every workspace)."""
        cutoff = retention_cutoff(now or _now(), months)
        with self._session() as session:
            removed = 0
            for model in (InsightCount, UserTrend, FeedbackCount):
                removed += session.execute(delete(model).where(model.week < cutoff)).rowcount
        if removed:
            log.info("removed %d count rows older than %d months", removed, months)
        return removed
