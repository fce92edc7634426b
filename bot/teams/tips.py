"""Coaching tips in Teams: the ``tip`` commands, backed by the same service and store as Slack.

Typed in the chat with the bot (or after ``@Aandacht`` in a channel), with the same words as
``/tip`` in Slack (:mod:`bot.coaching.commands`): ``tip``, ``tip horen``, ``tip lijst``,
``tip toevoegen [richtlijn] <tekst>``, ``tip wijzig <nummer> ...``, ``tip verwijder <nummer>``,
``tip week``, ``tip mijn-gegevens``, ``tip wis-mijn-gegevens``. Team leads are the Microsoft Entra
object ids or Teams user ids in ``AANDACHT_LEAD_IDS`` (the setting Slack reads too). Tips are
scoped by the Microsoft 365 tenant; ``tip week hier maandag 9`` posts the tip of the week in the
channel or chat where it was typed. This module maps the service's outcomes to Teams markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.coaching import commands
from bot.coaching import service as outcome
from bot.coaching.service import Caller, Coaching
from bot.coaching.texts import author_of, erased_text, weekday_name
from bot.coaching.texts import guideline_name as label
from bot.locale import say
from bot.review.model import GUIDELINE_IDS
from bot.store.repository import MyData, Schedule, StoreError, TipRecord
from bot.store.tip_of_week import DEFAULT_TIMEZONE

COMMAND = "tip"
MAX_LISTED = 40


def tips_say(key: str, lang: str, /, count: int | None = None, **values: object) -> str:
    """A ``tips.*`` sentence as Teams shows it (``tip``, ``hier``)."""
    return say(f"tips.{key}", lang, count, cmd=COMMAND, here=say("tips.here_teams", lang), **values)


@dataclass(frozen=True)
class TeamsLeads:
    """:class:`bot.coaching.service.LeadDirectory` for one Teams activity: leads are listed by id."""

    caller_ids: frozenset[str]
    lead_ids: frozenset[str]
    name: str
    local_timezone: str | None = None

    async def is_lead(self, user_id: str) -> bool:
        return bool(self.caller_ids & self.lead_ids)

    async def display_name(self, user_id: str, fallback: str) -> str:
        return (self.name or fallback or user_id)[:255]

    async def timezone(self, user_id: str) -> str:
        return self.local_timezone or DEFAULT_TIMEZONE


def tip_text(tip: TipRecord, lang: str) -> str:
    about = f" ({label(tip.guideline, lang)})" if tip.guideline else ""
    return f"💡 **{tips_say('tip_from', lang, author=author_of(tip, lang))}**{about}: {tip.text}"


def help_text(lang: str, unknown_word: str | None = None) -> str:
    names = ", ".join(f"`{commands.guideline_alias(gid, lang)}`" for gid in GUIDELINE_IDS)
    body = tips_say("help", lang, guidelines=names).replace("\n", "\n\n")
    return f"{tips_say('unknown', lang, word=unknown_word[:40])}\n\n{body}" if unknown_word else body


def list_text(tips: list[TipRecord], guideline: str | None, lang: str) -> str:
    if not tips:
        return refused_text(outcome.Refused("no_tips_for", {"guideline": guideline}) if guideline
                            else outcome.Refused("no_tips"), lang)
    lines = [f"**{tips_say('title', lang)}**"]
    lines += [f"{tip.id}. {tip.text} ({label(tip.guideline, lang)} · {author_of(tip, lang)})" for tip in tips[:MAX_LISTED]]
    if len(tips) > MAX_LISTED:
        lines.append(tips_say("list_more", lang, len(tips) - MAX_LISTED))
    return "\n\n".join(lines)


def my_data_text(data: MyData, lang: str) -> str:
    lines = [f"**{say('data.title', lang)}**"]
    if data.tips:
        lines.append(say("data.tips", lang, len(data.tips)) + "\n" + "\n".join(
            f"- #{tip.id}: {tip.text[:150]}" for tip in data.tips[:30]))
    if data.schedules:
        lines.append(say("data.schedules", lang, channels=", ".join(s.channel for s in data.schedules)))
    if data.trend:
        lines.append(say("data.trend", lang, len(data.trend), rows=sum(len(week) for week in data.trend.values())))
    if not (data.tips or data.schedules or data.trend):
        lines.append(say("data.nothing", lang))
    lines += [say("data.never", lang), say("data.erase_how", lang, cmd=COMMAND)]
    return "\n\n".join(lines)


def refused_text(refused: outcome.Refused, lang: str) -> str:
    if refused.key == "week_by_name":  # Teams has no channel links in a message: type it in the channel
        refused = outcome.Refused("week_usage")
    values = dict(refused.values or {})
    if "guideline" in values:
        gid = values["guideline"]
        values.update(guideline=f"**{label(gid, lang)}**", alias=commands.guideline_alias(gid, lang))
    sentence = tips_say(refused.key, lang, **values)
    return f"{sentence} {tips_say('leads_setting', lang)}" if refused.key == "leads_only" else sentence


def outcome_text(result: outcome.Outcome, lang: str) -> str:
    """The answer to a ``tip`` command, in Teams markdown."""
    match result:
        case outcome.Shown(tip=tip):
            return tip_text(tip, lang)
        case outcome.Listed(tips=tips, guideline=gid):
            return list_text(tips, gid, lang)
        case outcome.Saved(tip=tip, edited=edited):
            for_guideline = tips_say("for_guideline", lang, guideline=f"**{label(tip.guideline, lang)}**") \
                if tip.guideline else ""
            return f"{tips_say('edited' if edited else 'added', lang, id=tip.id, for_guideline=for_guideline)} {tip.text}"
        case outcome.Removed(tip_id=tip_id):
            return tips_say("removed", lang, id=tip_id)
        case outcome.Schedules(schedules=[]):
            return tips_say("week_none", lang)
        case outcome.Schedules(schedules=schedules):
            return "\n\n".join([tips_say("week_list", lang)] + [
                "- " + tips_say("week_line", lang, channel=tips_say("this_channel", lang) if len(schedules) == 1
                                else s.channel, day=weekday_name(s.weekday, lang), hour=s.hour, timezone=s.timezone)
                for s in schedules])
        case outcome.Scheduled(schedule=s):
            return tips_say("week_set", lang, day=f"**{weekday_name(s.weekday, lang)}**", hour=s.hour,
                            timezone=s.timezone, channel=tips_say("this_channel", lang))
        case outcome.Stopped(count=count):
            return tips_say("week_off", lang, count)
        case outcome.DataShown(data=data):
            return my_data_text(data, lang)
        case outcome.Erased(erasure=erasure):
            return erased_text(erasure, lang)
        case outcome.HelpShown(unknown_word=word):
            return help_text(lang, word)
        case outcome.Refused():
            return refused_text(result, lang)
    raise TypeError(f"no reply for {result!r}")


def week_text(schedule: Schedule, tip: TipRecord) -> str:
    """The tip-of-the-week message, in the scheduling lead's language."""
    lang = schedule.language if schedule.language in ("nl", "en") else "nl"
    return (f"**{tips_say('week_title', lang)}**\n\n> {tip.text}\n\n"
            f"{tips_say('tip_from', lang, author=author_of(tip, lang))} · {label(tip.guideline, lang)}")


async def answer(coaching: Coaching, caller: Caller, leads: TeamsLeads, words: str) -> str:
    """The reply (Teams markdown) to ``tip <words>``; a database that is away gets its kind message."""
    try:
        return outcome_text(await coaching.answer(commands.parse(words, here=caller.channel), caller, leads),
                            caller.lang)
    except StoreError as problem:
        return problem.message(caller.lang)
