"""Counts: feedback per guideline, the team's week counts and each person's own trend (under an HMAC)."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import func, select

from bot.review.model import GUIDELINE_IDS
from bot.store.models import (
    FeedbackCount,
    InsightCount,
    UserTrend,
    WorkspaceSalt,
)
from bot.store.records import (
    K_ANONYMITY,
    Counts,
    FeedbackTally,
    TeamWeek,
    _added,
    _check_guideline,
    _hmac,
    _now,
)
from bot.store.weeks import recent_weeks, week_key


class CountsPart:
    """Feedback and insight counts; never text, never who clicked."""

    def record_feedback(
        self, workspace: str, guidelines: str | list[str], helpful: bool, *, now: datetime | None = None
    ) -> None:
        """Count one "Nuttig" / "Niet nuttig" click for each guideline (all or none of them)."""
        names = [guidelines] if isinstance(guidelines, str) else list(guidelines)
        for guideline in names:
            _check_guideline(guideline)
        week = week_key(now or _now())
        with self._session() as session:
            for guideline in sorted(set(names)):
                keys = {"workspace": workspace, "guideline": guideline, "week": week}
                statement = self._insert(FeedbackCount).values(
                    **keys, helpful=int(helpful), not_helpful=int(not helpful)
                )
                statement = statement.on_conflict_do_update(
                    index_elements=list(keys),
                    set_={
                        "helpful": FeedbackCount.helpful + statement.excluded.helpful,
                        "not_helpful": FeedbackCount.not_helpful + statement.excluded.not_helpful,
                    },
                )
                session.execute(statement)

    def feedback(self, workspace: str, *, weeks: list[int] | None = None) -> dict[str, FeedbackTally]:
        """Totals per guideline (over ``weeks``, or all that are kept)."""
        query = select(
            FeedbackCount.guideline, func.sum(FeedbackCount.helpful), func.sum(FeedbackCount.not_helpful)
        ).where(FeedbackCount.workspace == workspace)
        if weeks is not None:
            query = query.where(FeedbackCount.week.in_(weeks))
        with self._session(read_only=True) as session:
            rows = session.execute(query.group_by(FeedbackCount.guideline)).all()
        return {guideline: FeedbackTally(int(up or 0), int(down or 0)) for guideline, up, down in rows}

    # ---- insights

    def _salt(self, workspace: str) -> bytes:
        """The HMAC key: the configured salt, or this workspace's random one (made once, in its own
        committed transaction, so that every process hashes a person to the same value)."""
        if self._hash_salt is not None:
            return self._hash_salt
        cached = self._salts.get(workspace)
        if cached is not None:
            return cached
        with self._session() as session:
            session.execute(
                self._insert(WorkspaceSalt)
                .values(workspace=workspace, salt=secrets.token_hex(32))
                .on_conflict_do_nothing(index_elements=["workspace"])
            )
            salt = session.scalar(select(WorkspaceSalt.salt).where(WorkspaceSalt.workspace == workspace))
        self._salts[workspace] = salt.encode()
        return self._salts[workspace]

    def user_hash(self, workspace: str, user_id: str) -> str:
        """HMAC-SHA256 of the user id: the only form in which a person's own trend is kept."""
        return _hmac(self._salt(workspace), workspace, user_id)

    def user_hashes(self, workspace: str, user_id: str) -> list[str]:
        """Every key this person's rows may be stored under: the current one, and the one of the workspace's
        own random salt when ``AANDACHT_HASH_SALT`` was set after the first use (as the README advises).

        My-data, erase and the own trend read all of them, so setting the salt later loses nobody's rights.
        """
        hashes = [self.user_hash(workspace, user_id)]
        if self._hash_salt is not None:
            with self._session(read_only=True) as session:
                earlier = session.scalar(select(WorkspaceSalt.salt).where(WorkspaceSalt.workspace == workspace))
            if earlier:
                hashes.append(_hmac(earlier.encode(), workspace, user_id))
        return hashes

    def record_review(
        self, workspace: str, user_id: str, verdicts: Mapping[str, str], *, now: datetime | None = None
    ) -> None:
        """Count one shown review: per guideline checked, one review and (if so) one issue.

        Only the verdicts are counted; the draft never reaches this layer.
        """
        week = week_key(now or _now())
        checked = {g: v for g, v in verdicts.items() if g in GUIDELINE_IDS and v in ("ok", "issue")}
        if not checked:
            return
        user_hash = self.user_hash(workspace, user_id)
        team = [{"workspace": workspace, "week": week, "guideline": guideline, "reviews": 1,
                 "issues": int(verdict == "issue")} for guideline, verdict in sorted(checked.items())]
        own = [{**row, "user_hash": user_hash} for row in team]
        with self._session() as session:  # two statements, one per table, in one transaction
            self._add_many_counts(session, InsightCount, team)
            self._add_many_counts(session, UserTrend, own)

    def user_trend(
        self, workspace: str, user_id: str, *, weeks: int = 8, now: datetime | None = None
    ) -> dict[int, dict[str, Counts]]:
        """This person's own counts per week (oldest first) and guideline."""
        window = recent_weeks(now or _now(), weeks)
        user_hashes = self.user_hashes(workspace, user_id)
        with self._session(read_only=True) as session:
            rows = session.scalars(
                select(UserTrend).where(
                    UserTrend.workspace == workspace,
                    UserTrend.user_hash.in_(user_hashes),
                    UserTrend.week.in_(window),
                )
            ).all()
            trend: dict[int, dict[str, Counts]] = {week: {} for week in window}
            for row in rows:
                trend[row.week][row.guideline] = _added(trend[row.week].get(row.guideline), row)
            return trend

    def team_insights(self, workspace: str, *, weeks: int = 8, now: datetime | None = None) -> list[TeamWeek]:
        """The team's counts per week (oldest first); a week with fewer than five people shows none.

        The week under way shows nothing at all, not even how many took part: counts that update live
        would let a lead who looks before and after one colleague's review read that colleague's
        verdicts in the difference. A finished week never changes again, so any two views differ by
        whole weeks of at least five people.
        """
        moment = now or _now()
        current = week_key(moment)
        window = recent_weeks(moment, weeks)
        with self._session(read_only=True) as session:
            people = dict(
                session.execute(
                    select(UserTrend.week, func.count(func.distinct(UserTrend.user_hash)))
                    .where(UserTrend.workspace == workspace, UserTrend.week.in_(window))
                    .group_by(UserTrend.week)
                ).all()
            )
            rows = session.scalars(
                select(InsightCount).where(InsightCount.workspace == workspace, InsightCount.week.in_(window))
            ).all()
        counts: dict[int, dict[str, Counts]] = defaultdict(dict)
        for row in rows:
            counts[row.week][row.guideline] = Counts(row.reviews, row.issues)
        result = []
        for week in window:
            if week == current:
                result.append(TeamWeek(week=week, people=0, counts={}, complete=False))
                continue
            contributors = int(people.get(week, 0))
            shown = contributors >= K_ANONYMITY
            result.append(TeamWeek(week=week, people=contributors, counts=counts[week] if shown else {}))
        return result
