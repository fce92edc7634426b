"""What the store gives back (plain records, never ORM rows) and the rules its rows keep."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import TypeVar

from bot.review.model import GUIDELINE_IDS
from bot.store.models import (
    Tip,
    TipSchedule,
)

R = TypeVar("R")

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


def _copy(row: object, record: type[R]) -> R:
    """A record from an ORM row: the record's fields read off the row's mapped attributes."""
    return record(**{f.name: getattr(row, f.name) for f in fields(record)})


def _record(tip: Tip) -> TipRecord:
    return _copy(tip, TipRecord)


def _schedule(row: TipSchedule) -> Schedule:
    return _copy(row, Schedule)


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
