"""Everything the chat surfaces store and read, scoped by workspace in every query.

The surfaces call these plain (blocking) methods through ``asyncio.to_thread``. Each method is one
transaction: it either keeps all of its write or none of it, and a database failure comes out as
:class:`StoreError` (with kind text for the person) instead of a half-done change.

Kept: tips (with their author's id and name, because they are shown with the tip), tip-of-the-week
schedules, and counts per workspace, ISO week and guideline. A person's own trend is kept under an
HMAC of their user id (``AANDACHT_HASH_SALT``, or a random per-workspace salt in the database).
Never any draft text.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import logging
import re
import secrets
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.review.model import GUIDELINE_IDS
from bot.store.db import READ_ONLY, make_engine, upgrade
from bot.store.models import (
    EVENT_ID_LEN,
    WORKSPACE_LEN,
    EventClaim,
    FeedbackCount,
    InsightCount,
    Tip,
    TipSchedule,
    UserTrend,
    WorkspaceSalt,
)
from bot.store.weeks import recent_weeks, retention_cutoff, week_key

log = logging.getLogger("aandacht.store")

MAX_TIP_CHARS = 600
MAX_TIP_ID = 2**31 - 1
"""Tip ids are 32-bit integers in both databases: a larger number names no tip (and would overflow a query)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    """NUL and other invisible control characters (not tabs or line breaks): PostgreSQL refuses NUL in text."""
    return _CONTROL.search(text) is not None


def names_a_tip(tip_id: int) -> bool:
    return 1 <= tip_id <= MAX_TIP_ID
EVENT_CLAIM_HOURS = 1  # Slack retries within minutes; claims older than this are removed
K_ANONYMITY = 5  # team figures for a week are shown only when at least this many people contributed


class StoreError(RuntimeError):
    """A database read or write failed; nothing of a failed write was kept."""

    def message(self, lang: str = "nl") -> str:
        """What a person is told (``store.unavailable`` in bot/locale); never the database's own error."""
        from bot.locale import say

        return say("store.unavailable", lang)


@dataclass(frozen=True)
class TipRecord:
    id: int
    workspace: str
    guideline: str | None
    text: str
    author_id: str
    author_name: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Schedule:
    workspace: str
    channel: str
    weekday: int
    hour: int
    timezone: str
    last_run_week: int
    created_by: str
    language: str = "nl"
    surface: str = "slack"
    address: str | None = None
    """Where a Teams schedule posts: the conversation reference as JSON (None for Slack)."""


@dataclass(frozen=True)
class Counts:
    reviews: int = 0
    issues: int = 0


@dataclass(frozen=True)
class TeamWeek:
    """The team's figures for one week; ``counts`` is empty when too few people contributed or the
    week is not over yet (``complete`` False)."""

    week: int
    people: int
    counts: Mapping[str, Counts] = field(default_factory=dict)
    complete: bool = True

    @property
    def shown(self) -> bool:
        return self.complete and self.people >= K_ANONYMITY


@dataclass(frozen=True)
class FeedbackTally:
    helpful: int = 0
    not_helpful: int = 0


@dataclass(frozen=True)
class MyData:
    """Everything stored about one person in one workspace (for "mijn gegevens")."""

    tips: list[TipRecord]
    schedules: list[Schedule]
    trend: dict[int, dict[str, Counts]]


@dataclass(frozen=True)
class Erasure:
    trend_rows: int
    tips_anonymised: int
    schedules_anonymised: int


def _record(tip: Tip) -> TipRecord:
    return TipRecord(
        id=tip.id,
        workspace=tip.workspace,
        guideline=tip.guideline,
        text=tip.text,
        author_id=tip.author_id,
        author_name=tip.author_name,
        created_at=tip.created_at,
        updated_at=tip.updated_at,
    )


def _schedule(row: TipSchedule) -> Schedule:
    return Schedule(
        workspace=row.workspace,
        channel=row.channel,
        weekday=row.weekday,
        hour=row.hour,
        timezone=row.timezone,
        last_run_week=row.last_run_week,
        created_by=row.created_by,
        language=row.language,
        surface=row.surface or "slack",
        address=row.address,
    )


def _check_guideline(guideline: str | None) -> None:
    if guideline is not None and guideline not in GUIDELINE_IDS:
        raise ValueError(f"unknown guideline {guideline!r}")


def _now() -> datetime:
    return datetime.now(UTC)


def _hmac(salt: bytes, workspace: str, user_id: str) -> str:
    return hmac.new(salt, f"{workspace}:{user_id}".encode(), hashlib.sha256).hexdigest()


def _added(counts: Counts | None, row) -> Counts:
    """``counts`` plus a trend row's (a person's rows under two keys add up)."""
    return Counts(row.reviews, row.issues) if counts is None else Counts(counts.reviews + row.reviews,
                                                                         counts.issues + row.issues)


def configured_salt(settings) -> str | None:
    """``AANDACHT_HASH_SALT``; when unset, each workspace gets a random salt kept in the database."""
    return settings.hash_salt.get_secret_value() if settings.hash_salt else None


class Store:
    """The repository: one engine, workspace-scoped methods, one transaction per method."""

    def __init__(self, engine: Engine, *, hash_salt: str | None = None) -> None:
        self.engine = engine
        self._reader = engine.execution_options(**{READ_ONLY: True})
        self._hash_salt = hash_salt.encode() if hash_salt else None
        self._salts: dict[str, bytes] = {}
        self._rotation: dict[tuple[str, str | None], Iterator[int]] = defaultdict(itertools.count)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str, *, hash_salt: str | None = None, migrate: bool = True) -> Store:
        """Connect to ``url`` and (by default) upgrade its schema to the newest revision."""
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        return cls(engine, hash_salt=hash_salt)

    @classmethod
    def from_settings(cls, settings) -> Store:
        return cls.open(settings.effective_database_url, hash_salt=configured_salt(settings))

    def close(self) -> None:
        self.engine.dispose()

    # ---- plumbing

    @contextmanager
    def _session(self, *, read_only: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back (all of it) on any error.

        ``read_only`` lets SQLite start a plain (deferred) transaction, so readers never queue
        for the write lock (see ``bot.store.db``).
        """
        try:
            bind = self._reader if read_only else self.engine
            with Session(bind, expire_on_commit=False) as session, session.begin():
                yield session
        except SQLAlchemyError as error:
            log.warning("database operation failed: %s", type(error).__name__)
            raise StoreError(type(error).__name__) from error

    def _insert(self, table):
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    def _add_counts(self, session: Session, model, keys: dict, reviews: int, issues: int) -> None:
        """Atomic ``+=`` on a count row, creating it when missing (safe with concurrent writers)."""
        statement = self._insert(model).values(**keys, reviews=reviews, issues=issues)
        statement = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={"reviews": model.reviews + statement.excluded.reviews,
                  "issues": model.issues + statement.excluded.issues},
        )
        session.execute(statement)

    # ---- tips

    def add_tip(
        self,
        workspace: str,
        text: str,
        *,
        author_id: str,
        author_name: str,
        guideline: str | None = None,
        now: datetime | None = None,
    ) -> TipRecord:
        text = text.strip()
        if not text:
            raise ValueError("a tip needs text")
        if len(text) > MAX_TIP_CHARS:
            raise ValueError(f"a tip has at most {MAX_TIP_CHARS} characters")
        if has_control_characters(text):
            raise ValueError("a tip has no control characters")
        _check_guideline(guideline)
        moment = now or _now()
        with self._session() as session:
            tip = Tip(
                workspace=workspace,
                guideline=guideline,
                text=text,
                author_id=author_id,
                author_name=author_name,
                created_at=moment,
                updated_at=moment,
            )
            session.add(tip)
            session.flush()
            return _record(tip)

    def edit_tip(
        self,
        workspace: str,
        tip_id: int,
        text: str,
        *,
        guideline: str | None = None,
        now: datetime | None = None,
    ) -> TipRecord | None:
        text = text.strip()
        if not text or len(text) > MAX_TIP_CHARS or has_control_characters(text):
            raise ValueError(f"a tip needs text of at most {MAX_TIP_CHARS} characters, without control characters")
        _check_guideline(guideline)
        if not names_a_tip(tip_id):
            return None
        with self._session() as session:
            tip = session.scalar(select(Tip).where(Tip.workspace == workspace, Tip.id == tip_id))
            if tip is None:
                return None
            tip.text = text
            tip.guideline = guideline
            tip.updated_at = now or _now()
            session.flush()
            return _record(tip)

    def remove_tip(self, workspace: str, tip_id: int) -> bool:
        if not names_a_tip(tip_id):
            return False
        with self._session() as session:
            result = session.execute(delete(Tip).where(Tip.workspace == workspace, Tip.id == tip_id))
            return result.rowcount == 1

    def get_tip(self, workspace: str, tip_id: int) -> TipRecord | None:
        if not names_a_tip(tip_id):
            return None
        with self._session(read_only=True) as session:
            tip = session.scalar(select(Tip).where(Tip.workspace == workspace, Tip.id == tip_id))
            return _record(tip) if tip else None

    def list_tips(self, workspace: str, guideline: str | None = None) -> list[TipRecord]:
        """The workspace's tips, oldest first; with a guideline, only that guideline's."""
        _check_guideline(guideline)
        query = select(Tip).where(Tip.workspace == workspace)
        if guideline is not None:
            query = query.where(Tip.guideline == guideline)
        with self._session(read_only=True) as session:
            return [_record(tip) for tip in session.scalars(query.order_by(Tip.id))]

    def pick_tip(
        self, workspace: str, guideline: str | None = None, *, rotation: int | None = None
    ) -> TipRecord | None:
        """One tip, taking turns: each call (per workspace and guideline) moves to the next one.

        ``rotation`` fixes the turn (the weekly post uses the week number); without it an
        in-process counter rotates.
        """
        _check_guideline(guideline)
        with self._session(read_only=True) as session:
            return self._pick(session, workspace, guideline, rotation)

    def pick_tips(self, workspace: str, guidelines: list[str]) -> dict[str, TipRecord]:
        """One rotating tip for each of ``guidelines`` that has one (for a review card)."""
        for guideline in guidelines:
            _check_guideline(guideline)
        with self._session(read_only=True) as session:
            picked = {guideline: self._pick(session, workspace, guideline, None) for guideline in guidelines}
        return {guideline: tip for guideline, tip in picked.items() if tip is not None}

    def _pick(self, session: Session, workspace: str, guideline: str | None, rotation: int | None) -> TipRecord | None:
        if rotation is None:
            with self._lock:
                rotation = next(self._rotation[(workspace, guideline)])
        query = select(Tip).where(Tip.workspace == workspace)
        if guideline is not None:
            query = query.where(Tip.guideline == guideline)
        total = session.scalar(select(func.count()).select_from(query.subquery()))
        if not total:
            return None
        tip = session.scalar(query.order_by(Tip.id).offset(rotation % total).limit(1))
        return _record(tip) if tip else None

    # ---- tip of the week

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

    # ---- event claims (a Slack retry reaching another process never makes a second card)

    def claim_event(self, workspace: str, event_id: str, *, now: datetime | None = None) -> bool:
        """Claim one Slack event for this process: True for the first caller, False for every other.

        An ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` on the (workspace, event id) key, so exactly one
        caller wins whichever process or thread it runs in, without a read first.
        """
        statement = (
            self._insert(EventClaim)
            .values(workspace=workspace[:WORKSPACE_LEN], event_id=event_id[:EVENT_ID_LEN], created_at=now or _now())
            .on_conflict_do_nothing(index_elements=["workspace", "event_id"])
            .returning(EventClaim.event_id)  # a row back only when inserted (rowcount is not portable here)
        )
        with self._session() as session:
            return session.execute(statement).first() is not None

    def purge_event_claims(self, *, hours: float = EVENT_CLAIM_HOURS, now: datetime | None = None) -> int:
        """Delete event claims older than ``hours`` (Slack stops retrying after minutes)."""
        cutoff = (now or _now()) - timedelta(hours=hours)
        with self._session() as session:
            return session.execute(delete(EventClaim).where(EventClaim.created_at < cutoff)).rowcount

    # ---- feedback ("Nuttig" / "Niet nuttig")

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
        with self._session() as session:
            for guideline, verdict in sorted(checked.items()):
                issue = int(verdict == "issue")
                self._add_counts(
                    session, InsightCount, {"workspace": workspace, "week": week, "guideline": guideline}, 1, issue
                )
                self._add_counts(
                    session,
                    UserTrend,
                    {"workspace": workspace, "user_hash": user_hash, "week": week, "guideline": guideline},
                    1,
                    issue,
                )

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

    # ---- data rights and retention

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


class LazyStore:
    """Opens (and migrates) the store on first use, and again later if the database was away.

    The server starts even when the database is briefly unreachable: reviews keep working, and
    tip commands answer with :class:`StoreError`'s kind message until the database is back.
    """

    RETRY_SECONDS = 30.0
    OPEN_WAIT_SECONDS = 5.0  # a migration under way at start-up takes a second or two

    def __init__(self, url: str, *, hash_salt: str | None = None) -> None:
        self.url = url
        self.hash_salt = hash_salt
        self._store: Store | None = None
        self._failed_at: float | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> LazyStore:
        return cls(settings.effective_database_url, hash_salt=configured_salt(settings))

    def get(self) -> Store:
        """The open store; raises :class:`StoreError` while the database cannot be reached."""
        import time

        if self._store is not None:
            return self._store
        # Another thread may be waiting on a database that does not answer: don't queue behind it.
        if not self._lock.acquire(timeout=self.OPEN_WAIT_SECONDS):
            raise StoreError("database unavailable")
        try:
            if self._store is not None:
                return self._store
            if self._failed_at is not None and time.monotonic() - self._failed_at < self.RETRY_SECONDS:
                raise StoreError("database unavailable")
            try:
                self._store = Store.open(self.url, hash_salt=self.hash_salt)
            except Exception as error:  # unreachable server, bad URL, failed migration: say so once
                self._failed_at = time.monotonic()
                log.error("cannot open the database (%s); tips and insights are off until it is back",
                          type(error).__name__)
                raise StoreError(type(error).__name__) from error
            return self._store
        finally:
            self._lock.release()

    @property
    def state(self) -> str:
        """``ok`` (open), ``unavailable`` (the last attempt failed) or ``starting`` (not tried yet), for /healthz."""
        if self._store is not None:
            return "ok"
        return "unavailable" if self._failed_at is not None else "starting"

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
