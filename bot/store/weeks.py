"""ISO weeks as sortable integers (``202648`` = 2026, week 48), the unit of every count we keep."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta


def week_key(moment: datetime | date) -> int:
    """``iso_year * 100 + iso_week``: sorts in time order, also across New Year."""
    iso = moment.isocalendar()
    return iso.year * 100 + iso.week


def week_monday(key: int) -> date:
    """The Monday of the ISO week ``key``."""
    return date.fromisocalendar(key // 100, key % 100, 1)


def shift_week(key: int, weeks: int) -> int:
    """The week ``weeks`` later (negative: earlier)."""
    return week_key(week_monday(key) + timedelta(weeks=weeks))


def recent_weeks(moment: datetime | date, count: int) -> list[int]:
    """The ``count`` weeks up to and including the one of ``moment``, oldest first."""
    current = week_key(moment)
    return [shift_week(current, -offset) for offset in range(count - 1, -1, -1)]


def retention_cutoff(moment: datetime | date, months: int) -> int:
    """The oldest week still kept when counts are kept for ``months`` months."""
    day = moment.date() if isinstance(moment, datetime) else moment
    year, month_index = divmod(day.year * 12 + (day.month - 1) - months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    then = date(year, month_index + 1, min(day.day, last_day))
    return week_key(then)
