"""The coaching words both surfaces show the same way: a guideline's name, a tip's author, a
weekday, what an erasure did (the sentences are in bot/locale)."""

from __future__ import annotations

from bot.locale import say
from bot.review.rubric import guidelines
from bot.store.repository import Erasure, TipRecord


def guideline_name(gid: str | None, lang: str) -> str:
    """The guideline's name in ``lang``; "Algemeen" for a tip without one."""
    return guidelines()[gid].label(lang) if gid else say("tips.general", lang)


def author_of(tip: TipRecord, lang: str) -> str:
    return tip.author_name or say("tips.colleague", lang)


def weekday_name(weekday: int, lang: str) -> str:
    return say("tips.weekdays", lang).split()[weekday]


def erased_text(erasure: Erasure, lang: str) -> str:
    return say("data.erased", lang, trend=erasure.trend_rows,
               tips=say("data.tip_count", lang, erasure.tips_anonymised),
               schedules=say("data.schedule_count", lang, erasure.schedules_anonymised))
