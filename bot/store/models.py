"""The tables: tips, tip-of-the-week schedules, counts, and event claims. Never any draft text.

Every table carries ``workspace`` (the Slack team id, later the Teams tenant id), and every query in
:mod:`bot.store.repository` filters on it, so one organisation never sees another's tips or figures.

Weeks are stored as ``iso_year * 100 + iso_week`` (``202648``): an integer that sorts in time order
across year boundaries, so "not yet run this week" is a plain ``last_run_week < :week``.

This module is the schema as it is *now*; the migrations in ``bot/store/migrations/versions`` are
how a database gets there. A test compares the two.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Index, Integer, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so that migrations (and SQLite's batch mode) can refer to them.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

WORKSPACE_LEN = 64
USER_ID_LEN = 64
GUIDELINE_LEN = 32
EVENT_ID_LEN = 64


class UTCDateTime(TypeDecorator):
    """A timestamp that always comes back timezone-aware in UTC, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Tip(Base):
    """A coaching tip a team lead shared; ``guideline`` is None for a general tip."""

    __tablename__ = "tips"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(WORKSPACE_LEN))
    guideline: Mapped[str | None] = mapped_column(String(GUIDELINE_LEN))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = mapped_column(String(USER_ID_LEN))
    author_name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_tips_workspace_guideline", "workspace", "guideline"),)


class TipSchedule(Base):
    """Tip of the week: where and when to post, and the last ISO week it was posted (the run claim)."""

    __tablename__ = "tip_schedules"

    workspace: Mapped[str] = mapped_column(String(WORKSPACE_LEN), primary_key=True)
    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday, as datetime.weekday()
    hour: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="nl", server_default="nl")  # revision 0003
    surface: Mapped[str] = mapped_column(String(8), default="slack", server_default="slack")  # revision 0005
    address: Mapped[str | None] = mapped_column(Text, nullable=True)  # Teams' conversation reference (JSON)
    last_run_week: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_by: Mapped[str] = mapped_column(String(USER_ID_LEN))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FeedbackCount(Base):
    """"Nuttig" / "Niet nuttig" presses per guideline per week: counts only, nobody's name or text."""

    __tablename__ = "feedback_counts"

    workspace: Mapped[str] = mapped_column(String(WORKSPACE_LEN), primary_key=True)
    guideline: Mapped[str] = mapped_column(String(GUIDELINE_LEN), primary_key=True)
    week: Mapped[int] = mapped_column(Integer, primary_key=True)
    helpful: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    not_helpful: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class InsightCount(Base):
    """The team's figures: per week and guideline, how many reviews checked it and found an issue."""

    __tablename__ = "insight_counts"

    workspace: Mapped[str] = mapped_column(String(WORKSPACE_LEN), primary_key=True)
    week: Mapped[int] = mapped_column(Integer, primary_key=True)
    guideline: Mapped[str] = mapped_column(String(GUIDELINE_LEN), primary_key=True)
    reviews: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    issues: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class UserTrend(Base):
    """One person's own figures, keyed by a salted hash of their user id (never the id itself).

    Also what tells how many *different* people contributed to a week (the k-anonymity rule).
    Added in the second schema revision.
    """

    __tablename__ = "user_trends"

    workspace: Mapped[str] = mapped_column(String(WORKSPACE_LEN), primary_key=True)
    user_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    week: Mapped[int] = mapped_column(Integer, primary_key=True)
    guideline: Mapped[str] = mapped_column(String(GUIDELINE_LEN), primary_key=True)
    reviews: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    issues: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class WorkspaceSalt(Base):
    """A random per-workspace salt for user hashes, used when ``AANDACHT_HASH_SALT`` is not set."""

    __tablename__ = "workspace_salts"

    workspace: Mapped[str] = mapped_column(String(WORKSPACE_LEN), primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))


class EventClaim(Base):
    """A Slack event this deployment has started on: the claim that makes a retry, which may reach
    another server process, skip instead of posting a second card (revision 0004).

    Only ids and a time, no text; rows older than an hour are removed by the housekeeping round.
    """

    __tablename__ = "event_claims"

    workspace: Mapped[str] = mapped_column(String(WORKSPACE_LEN), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(EVENT_ID_LEN), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_event_claims_created_at", "created_at"),)


class FeedbackTarget(Base):
    """A review card in Teams and the guidelines it found an issue with, by the message id Teams gave
    it: Teams' own thumbs up / down names only the message (revision 0006). No text, no person."""

    __tablename__ = "feedback_targets"
    __table_args__ = (Index("ix_feedback_targets_created_at", "created_at"),)

    workspace: Mapped[str] = mapped_column(String(WORKSPACE_LEN), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    guidelines: Mapped[str] = mapped_column(String(200))  # comma-separated guideline ids
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
