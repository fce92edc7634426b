"""Coaching tips in Slack: ``/tip``, the ``share_tip`` shortcut, tips on review cards, tip of the week.

- ``/tip [guideline]``: one tip (for that guideline), privately.
- ``/tip add [guideline] <text>``, ``/tip edit ID [guideline] <text>``, ``/tip remove ID``,
  ``/tip week #channel <weekday> [hour]`` / ``/tip week off``: team leads only.
- ``/tip list [guideline]``, ``/tip week``: everyone may look.
- ``/tip mijn-gegevens`` / ``my-data`` and ``/tip wis-mijn-gegevens`` / ``erase-my-data``: what is
  stored about you, and erasing it (see :mod:`bot.slack.insights`).
- Global shortcut ``share_tip``: a modal with a guideline picker and a text field (leads only).

Every command is acked at once with an empty body; the answer follows privately through the
command's response_url. Guideline names are understood in Dutch and English and by id.

Team leads: ``AANDACHT_LEAD_IDS``, members of the ``AANDACHT_LEAD_GROUP`` user group (asked from
Slack, cached five minutes), and workspace admins and owners (``users.info``, cached five minutes).

The plug-in hooks the Slack app calls (see ``bot/slack/app.py``): :func:`extend` gives the services
a database-backed tip source and feedback counter, :func:`register` adds the listeners, and
:func:`on_server` starts the tip-of-the-week loop with the aiohttp server.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.health import HEALTH
from bot.review.model import GUIDELINE_IDS
from bot.review.rubric import guideline as rubric_guideline
from bot.slack import cards
from bot.slack.delivery import post_to_response_url, retry_handlers
from bot.slack.drafts import slack_to_plain
from bot.store.access import run_in_store
from bot.store.repository import (
    MAX_TIP_CHARS,
    LazyStore,
    Schedule,
    StoreError,
    TipRecord,
    has_control_characters,
)
from bot.store.tip_of_week import DEFAULT_TIMEZONE, TipOfTheWeek, done_through_week

if TYPE_CHECKING:
    from aiohttp import web

    from bot.settings import Settings
    from bot.slack.services import SlackServices

log = logging.getLogger("aandacht.tips")

SHARE_TIP = "share_tip"
SHARE_TIP_MODAL = "share_tip"
GUIDELINE_BLOCK, GUIDELINE_INPUT = "tip_guideline", "guideline"
TEXT_BLOCK, TEXT_INPUT = "tip_text", "text"
GENERAL = "general"
CACHE_SECONDS = 300.0
PROFILE_WAIT_SECONDS = 2.0
SUBMISSION_LOOKUP_SECONDS = 1.5
"""The share_tip form is answered inside its ack (Slack waits 3 s): Slack lookups get this long."""
DEFAULT_HOUR = 9
MAX_LISTED = 40

TEXTS: dict[str, dict[str, str]] = {
    "help": {
        "nl": "*Tips van je team* :bulb:\n"
        "• `/tip`: een tip. `/tip horen`: een tip voor één richtlijn.\n"
        "• `/tip list [richtlijn]`: alle tips, met hun nummer.\n"
        "• Teamleiders: `/tip add [richtlijn] <tekst>`, `/tip edit <nummer> [richtlijn] <tekst>`, "
        "`/tip remove <nummer>`, `/tip week #kanaal maandag [9]` (tip van de week), `/tip week uit`.\n"
        "• `/tip mijn-gegevens`: wat er over jou bewaard is; `/tip wis-mijn-gegevens` wist het.\n"
        "Richtlijnen: {guidelines}.",
        "en": "*Tips from your team* :bulb:\n"
        "• `/tip`: a tip. `/tip hear`: a tip for one guideline.\n"
        "• `/tip list [guideline]`: every tip, with its number.\n"
        "• Team leads: `/tip add [guideline] <text>`, `/tip edit <number> [guideline] <text>`, "
        "`/tip remove <number>`, `/tip week #channel monday [9]` (tip of the week), `/tip week off`.\n"
        "• `/tip my-data`: what is stored about you; `/tip erase-my-data` erases it.\n"
        "Guidelines: {guidelines}.",
    },
    "tip_from": {"nl": "Tip van {author}", "en": "Tip from {author}"},
    "failed": {"nl": "Sorry, dat lukte nu niet. Probeer het zo nog eens.",
               "en": "Sorry, that did not work this time. Please try again in a moment."},
    "colleague": {"nl": "een collega", "en": "a colleague"},
    "general": {"nl": "Algemeen", "en": "General"},
    "no_tips": {
        "nl": "Er zijn nog geen tips. Een teamleider kan er een delen met `/tip add <tekst>`.",
        "en": "There are no tips yet. A team lead can share one with `/tip add <text>`.",
    },
    "no_tips_for": {
        "nl": "Voor *{guideline}* is er nog geen tip. Een teamleider kan er een delen met "
        "`/tip add {alias} <tekst>`.",
        "en": "There is no tip for *{guideline}* yet. A team lead can share one with `/tip add {alias} <text>`.",
    },
    "leads_only": {
        "nl": "Tips toevoegen, wijzigen, plannen en verwijderen doen teamleiders. Heb je een goede tip? "
        "Vertel hem aan je teamleider, dan deelt die hem met iedereen. Tips lezen kan iedereen: `/tip`.",
        "en": "Adding, changing, scheduling and removing tips is for team leads. Have a good tip? Tell "
        "your team lead, who can share it with everyone. Anyone can read tips: `/tip`.",
    },
    "add_usage": {
        "nl": "Schrijf de tip achter `add`, bijvoorbeeld: `/tip add horen Noem eerst wat de huurder "
        "schreef, in je eigen woorden.`",
        "en": "Put the tip after `add`, for example: `/tip add hear Start with what the tenant wrote, in "
        "your own words.`",
    },
    "too_long": {
        "nl": "Die tip is te lang: houd hem onder de {limit} tekens, dan leest iedereen hem echt.",
        "en": "That tip is too long: keep it under {limit} characters, so that people really read it.",
    },
    "control_characters": {
        "nl": "Er staan onzichtbare tekens in die tip (zoals een NUL-teken uit een plakactie). Typ hem opnieuw "
        "of plak hem eerst in een gewone teksteditor.",
        "en": "That tip holds invisible characters (such as a NUL from a paste). Type it again, or paste it "
        "into a plain text editor first.",
    },
    "added": {"nl": "Tip #{id} is opgeslagen{for_guideline}:", "en": "Tip #{id} is saved{for_guideline}:"},
    "edited": {"nl": "Tip #{id} is gewijzigd{for_guideline}:", "en": "Tip #{id} is changed{for_guideline}:"},
    "for_guideline": {"nl": " bij *{guideline}*", "en": " for *{guideline}*"},
    "removed": {"nl": "Tip #{id} is verwijderd.", "en": "Tip #{id} is removed."},
    "not_found": {
        "nl": "Ik vind geen tip #{id} in deze werkruimte. `/tip list` laat de nummers zien.",
        "en": "I can't find tip #{id} in this workspace. `/tip list` shows the numbers.",
    },
    "id_usage": {
        "nl": "Noem het nummer van de tip, bijvoorbeeld `/tip remove 12`. `/tip list` laat de nummers zien.",
        "en": "Give the tip's number, for example `/tip remove 12`. `/tip list` shows the numbers.",
    },
    "list_title": {"nl": "Tips van je team", "en": "Your team's tips"},
    "list_more": {"nl": "…en nog {count} tips.", "en": "…and {count} more tips."},
    "week_usage": {
        "nl": "Kies een kanaal en een dag, bijvoorbeeld `/tip week #klantcontact maandag 9` (of `hier` "
        "voor dit kanaal). Stoppen: `/tip week uit`.",
        "en": "Choose a channel and a day, for example `/tip week #customer-care monday 9` (or `here` for "
        "this channel). To stop: `/tip week off`.",
    },
    "week_by_name": {
        "nl": "Ik herken {name} niet als kanaal. Kies het kanaal uit de lijst die Slack toont als je `#` "
        "typt, of typ in dat kanaal zelf `/tip week hier maandag`.",
        "en": "I don't recognise {name} as a channel. Pick the channel from the list Slack shows when you "
        "type `#`, or type `/tip week here monday` in that channel itself.",
    },
    "week_set": {
        "nl": "Elke *{day}* om {hour}:00 ({timezone}) deel ik een tip van de week in <#{channel}>. Zorg dat "
        "ik in dat kanaal zit: `/invite @Aandacht`.",
        "en": "Every *{day}* at {hour}:00 ({timezone}) I share a tip of the week in <#{channel}>. Make sure "
        "I am in that channel: `/invite @Aandacht`.",
    },
    "week_off": {
        "nl": "De tip van de week is gestopt ({count} kanaal/kanalen).",
        "en": "The tip of the week is stopped ({count} channel(s)).",
    },
    "week_none": {
        "nl": "Er is geen tip van de week gepland. Een teamleider plant er een met `/tip week #kanaal maandag`.",
        "en": "No tip of the week is scheduled. A team lead schedules one with `/tip week #channel monday`.",
    },
    "week_list": {"nl": "Tip van de week:", "en": "Tip of the week:"},
    "week_line": {"nl": "<#{channel}>: elke {day} om {hour}:00 ({timezone})",
                  "en": "<#{channel}>: every {day} at {hour}:00 ({timezone})"},
    "week_title": {"nl": ":bulb: Tip van de week", "en": ":bulb: Tip of the week"},
    "unknown": {
        "nl": "Dat begrijp ik niet: `{word}` is geen richtlijn of opdracht.",
        "en": "I don't understand `{word}`: it is not a guideline or a command.",
    },
    "modal_title": {"nl": "Tip delen", "en": "Share a tip"},
    "modal_intro": {
        "nl": "Je tip verschijnt op de beoordelingskaarten van je team, bij de richtlijn die je kiest, "
        "met je naam erbij.",
        "en": "Your tip appears on your team's review cards, beside the guideline you choose, with your name.",
    },
    "modal_guideline": {"nl": "Richtlijn", "en": "Guideline"},
    "modal_text": {"nl": "Je tip", "en": "Your tip"},
    "modal_placeholder": {
        "nl": "Bijvoorbeeld: Noem eerst wat de huurder schreef, in je eigen woorden.",
        "en": "For example: Start with what the tenant wrote, in your own words.",
    },
    "save": {"nl": "Opslaan", "en": "Save"},
    "close": {"nl": "Sluiten", "en": "Close"},
    "saved_modal": {"nl": "Dank je! Tip #{id} is opgeslagen.", "en": "Thank you! Tip #{id} is saved."},
}

WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}
# "maandag", "maa", "ma", "monday", "mon", "mo", ...: the two-letter forms do not clash across languages.
WEEKDAY_WORDS: dict[str, int] = {
    form: number for names in WEEKDAYS.values() for number, name in enumerate(names)
    for form in (name, name[:3], name[:2])
}

COMMAND_WORDS = {
    "add": "add", "toevoegen": "add", "nieuw": "add", "new": "add", "deel": "add", "share": "add",
    "edit": "edit", "wijzig": "edit", "bewerk": "edit", "change": "edit",
    "remove": "remove", "verwijder": "remove", "verwijderen": "remove", "delete": "remove", "rm": "remove",
    "list": "list", "lijst": "list", "alle": "list", "all": "list",
    "week": "week",
    "help": "help", "hulp": "help", "?": "help",
    "mijn-gegevens": "my_data", "mijngegevens": "my_data", "my-data": "my_data", "mydata": "my_data",
    "gegevens": "my_data", "privacy": "my_data",
    "wis-mijn-gegevens": "erase", "erase-my-data": "erase", "wis": "erase", "erase": "erase",
}
OFF_WORDS = {"uit", "off", "stop", "stoppen", "geen", "none"}
HERE_WORDS = {"hier", "here"}

# Extra names people use, beside the rubric's own names and the ids.
EXTRA_ALIASES = {
    "hear": ("luisteren", "gehoord"),
    "acknowledge": ("erkenning",),
    "no_with_care": ("nee met zorg", "no with care", "explain a no", "zorgvuldig nee"),
    "person_not_policy": ("mens geen proces", "person not process", "mens niet proces", "persoonlijk"),
    "respect": ("respect", "serieus"),
    "next_step": ("vervolgstap",),
    "plain_language": ("heldere taal", "b1", "eenvoudige taal", "duidelijke taal"),
}


def localised(table: Mapping[str, Mapping[str, str]], key: str, lang: str, **values: Any) -> str:
    """Sentence ``key`` of ``table`` in ``lang`` (Dutch when there is none), filled in."""
    options = table[key]
    sentence = options.get(lang) or options["nl"]
    return sentence.format(**values) if values else sentence


def t(key: str, lang: str, **values: Any) -> str:
    return localised(TEXTS, key, lang, **values)


def _normalise(words: str) -> str:
    return re.sub(r"[\s_\-,.:;]+", " ", words.lower()).strip()


def guideline_aliases() -> dict[str, str]:
    """Every accepted way of naming a guideline (normalised) -> its id."""
    aliases: dict[str, str] = {}
    for gid in GUIDELINE_IDS:
        g = rubric_guideline(gid)
        names = {gid, *g.name.values(), *EXTRA_ALIASES.get(gid, ())}
        for name in names:
            aliases[_normalise(name)] = gid
    return aliases


ALIASES = guideline_aliases()


def parse_guideline(words: str) -> str | None:
    """The guideline named by ``words`` as a whole ("horen", "Nee met zorg", "plain_language")."""
    return ALIASES.get(_normalise(words.strip("[]()")))


def split_guideline(words: str) -> tuple[str | None, str]:
    """A leading guideline name and the rest: ``"nee met zorg Leg uit"`` -> (no_with_care, "Leg uit")."""
    stripped = words.strip()
    bracketed = re.match(r"^[\[(]([^\])]+)[\])]\s*(.*)$", stripped, flags=re.DOTALL)
    if bracketed and parse_guideline(bracketed.group(1)):
        return parse_guideline(bracketed.group(1)), bracketed.group(2).strip()
    tokens = re.findall(r"\S+", stripped)
    for count in range(min(5, len(tokens)), 0, -1):
        candidate = " ".join(tokens[:count])
        gid = parse_guideline(candidate.rstrip(":"))
        if gid:
            rest = re.sub(r"^\s*" + r"\s+".join(re.escape(tok) for tok in tokens[:count]), "", stripped)
            return gid, rest.lstrip(" :-–").strip()
    return None, stripped


def guideline_label(gid: str | None, lang: str) -> str:
    return rubric_guideline(gid).label(lang) if gid else t("general", lang)


def guideline_alias(gid: str, lang: str) -> str:
    return rubric_guideline(gid).label(lang).lower()


def author_of(tip: TipRecord, lang: str) -> str:
    return tip.author_name or t("colleague", lang)


# ---- who is a team lead


@dataclass
class Leads:
    """Who may change tips: listed ids, the lead user group, workspace admins and owners."""

    lead_ids: frozenset[str]
    lead_group: str | None
    ttl: float = CACHE_SECONDS
    _group: tuple[frozenset[str], float] | None = field(default=None, init=False)
    _profiles: dict[str, tuple[dict, float]] = field(default_factory=dict, init=False)

    async def profile(self, client: AsyncWebClient, user_id: str) -> dict:
        """``users.info``'s user (cached); empty when Slack does not answer in time."""
        cached = self._profiles.get(user_id)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        try:
            response = await asyncio.wait_for(client.users_info(user=user_id), PROFILE_WAIT_SECONDS)
        except Exception as error:  # noqa: BLE001 - no scope, rate limit, network: not an admin
            log.warning("users.info failed (%s)", type(error).__name__)
            return {}
        user = dict(response.get("user") or {})
        self._profiles[user_id] = (user, time.monotonic() + self.ttl)
        return user

    async def group_members(self, client: AsyncWebClient) -> frozenset[str]:
        if not self.lead_group:
            return frozenset()
        if self._group and self._group[1] > time.monotonic():
            return self._group[0]
        try:
            response = await asyncio.wait_for(
                client.usergroups_users_list(usergroup=self.lead_group), PROFILE_WAIT_SECONDS
            )
        except Exception as error:  # noqa: BLE001 - keep the last known members a while longer
            log.warning("usergroups.users.list failed (%s)", type(error).__name__)
            return self._group[0] if self._group else frozenset()
        members = frozenset(response.get("users") or [])
        self._group = (members, time.monotonic() + self.ttl)
        return members

    async def is_lead(self, client: AsyncWebClient, user_id: str) -> bool:
        if not user_id:
            return False
        if user_id in self.lead_ids:
            return True
        if user_id in await self.group_members(client):
            return True
        user = await self.profile(client, user_id)
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    async def display_name(self, client: AsyncWebClient, user_id: str, fallback: str) -> str:
        user = await self.profile(client, user_id)
        profile = user.get("profile") or {}
        return (profile.get("display_name") or profile.get("real_name") or user.get("real_name")
                or fallback or user_id)[:255]

    async def timezone(self, client: AsyncWebClient, user_id: str) -> str:
        return (await self.profile(client, user_id)).get("tz") or DEFAULT_TIMEZONE


# ---- the coaching services: one per Slack app


class Coaching:
    """The store and the lead directory, shared by tips and insights; also the card's tip source
    and the feedback counter (the Slack app's ``TipSource`` and ``FeedbackCounter``)."""

    def __init__(self, settings: Settings, handle: LazyStore | None = None) -> None:
        self.settings = settings
        self.handle = handle or LazyStore.from_settings(settings)
        self.leads = Leads(settings.lead_id_set, settings.lead_group or None)

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Run a store method in a store thread, bounded in time (bot.store.access): a database that
        is away or hangs never blocks other requests, and the caller gets StoreError within seconds."""
        return await run_in_store(lambda: getattr(self.handle.get(), method)(*args, **kwargs))

    # TipSource
    async def tips_for(self, team_id: str, guideline_ids: Sequence[str], lang: str) -> Mapping[str, tuple[str, str]]:
        picked = await self.call("pick_tips", team_id, [g for g in guideline_ids if g in GUIDELINE_IDS])
        return {gid: (tip.text, author_of(tip, lang)) for gid, tip in picked.items()}

    # FeedbackCounter
    async def record(self, team_id: str, guideline_ids: Sequence[str], useful: bool) -> None:
        names = [g for g in guideline_ids if g in GUIDELINE_IDS]
        if team_id and names:
            await self.call("record_feedback", team_id, names, useful)

    async def counts(self, team_id: str) -> Mapping[str, tuple[int, int]]:
        tallies = await self.call("feedback", team_id)
        return {gid: (tally.helpful, tally.not_helpful) for gid, tally in tallies.items()}

    # EventClaims
    async def claim_event(self, team_id: str, event_id: str) -> bool:
        return await self.call("claim_event", team_id, event_id)


def coaching_of(services: SlackServices) -> Coaching:
    """The services' one :class:`Coaching` (made on first use, so tips and insights share it)."""
    if not isinstance(services.tips, Coaching):
        services.tips = Coaching(services.settings)
        services.feedback = services.tips
    return services.tips


# ---- messages


def reply(message: str, blocks: list[dict] | None = None) -> dict:
    return {"response_type": "ephemeral", "text": message, "blocks": blocks or [cards.section(message)]}


def quoted(text: str) -> str:
    """A tip as a Slack quote, every line of it."""
    return "\n".join(f">{line}" for line in cards.escape(text).splitlines() or [""])


def tip_blocks(tip: TipRecord, lang: str) -> list[dict]:
    title = t("tip_from", lang, author=author_of(tip, lang))
    return [
        cards.section(f":bulb: *{cards.escape(title)}*\n{quoted(tip.text)}"),
        cards.context(f"{cards.escape(guideline_label(tip.guideline, lang))} · #{tip.id}"),
    ]


def tip_message(tip: TipRecord, lang: str) -> dict:
    title = t("tip_from", lang, author=author_of(tip, lang))
    return {"response_type": "ephemeral", "text": cards.escape(f"{title}: {tip.text}"),
            "blocks": tip_blocks(tip, lang)}


def help_reply(lang: str, prefix: str | None = None) -> dict:
    names = ", ".join(f"`{guideline_alias(gid, lang)}`" for gid in GUIDELINE_IDS)
    body = t("help", lang, guidelines=names)
    return reply(f"{prefix}\n\n{body}" if prefix else body)


def list_reply(tips: list[TipRecord], lang: str) -> dict:
    if not tips:
        return reply(t("no_tips", lang))
    lines = [
        f"*#{tip.id}* · {cards.escape(guideline_label(tip.guideline, lang))} · "
        f"{cards.escape(author_of(tip, lang))}: {cards.escape(cards.clip(tip.text, 200))}"
        for tip in tips[:MAX_LISTED]
    ]
    blocks = [{"type": "header", "text": cards.plain(t("list_title", lang), 150)}]
    chunk: list[str] = []
    for line in lines:  # several sections, each within Slack's 3,000 characters
        if sum(len(x) + 1 for x in chunk) + len(line) > 2800:
            blocks.append(cards.section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    blocks.append(cards.section("\n".join(chunk)))
    if len(tips) > MAX_LISTED:
        blocks.append(cards.context(t("list_more", lang, count=len(tips) - MAX_LISTED)))
    return {"response_type": "ephemeral", "text": t("list_title", lang), "blocks": blocks}


def schedule_line(schedule: Schedule, lang: str) -> str:
    return t("week_line", lang, channel=schedule.channel, day=WEEKDAYS[lang][schedule.weekday],
             hour=schedule.hour, timezone=schedule.timezone)


def week_post(schedule: Schedule, tip: TipRecord) -> dict:
    """The tip-of-the-week message for the channel, in the scheduling lead's language."""
    lang = schedule.language if schedule.language in ("nl", "en") else "nl"
    title = t("week_title", lang)
    return {
        "text": cards.escape(f"{title}: {tip.text}"),  # the notification text too: no live @channel
        "blocks": [
            {"type": "header", "text": cards.plain(title, 150)},
            cards.section(quoted(tip.text)),
            cards.context(f"{cards.escape(t('tip_from', lang, author=author_of(tip, lang)))} · "
                          f"{cards.escape(guideline_label(tip.guideline, lang))}"),
        ],
    }


# ---- parsing /tip week


@dataclass(frozen=True)
class WeekRequest:
    channel: str | None
    weekday: int | None
    hour: int
    off: bool
    channel_name: str | None = None  # "#team" typed without Slack turning it into a channel link


CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|^([CG][A-Z0-9]{6,})$")


def parse_week(words: list[str], here: str) -> WeekRequest:
    channel = weekday = channel_name = None
    hour, off = DEFAULT_HOUR, False
    for word in words:
        lowered = word.lower().strip(",.")
        match = CHANNEL.search(word)
        if match:
            channel = match.group(1) or match.group(2)
        elif lowered in HERE_WORDS:
            channel = here
        elif word.startswith("#") and len(word) > 1:
            channel_name = word
        elif lowered in OFF_WORDS:
            off = True
        elif lowered in WEEKDAY_WORDS:
            weekday = WEEKDAY_WORDS[lowered]
        elif re.fullmatch(r"(\d{1,2})(?:[:.]00)?(?:u|h|uur)?", lowered):
            hour = min(23, int(re.match(r"\d{1,2}", lowered).group()))
    return WeekRequest(channel, weekday, hour, off, channel_name)


# ---- /tip


@dataclass(frozen=True)
class Caller:
    team_id: str
    user_id: str
    user_name: str
    channel_id: str
    lang: str


async def ack_now(ack: AsyncAck) -> None:
    """An empty 200 at once: nothing shows in the channel; the answer follows privately."""
    await ack()


async def handle_tip_command(command: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    """After the ack: answer privately through the command's response_url."""
    services = context["services"]
    coaching = coaching_of(services)
    lang = await services.languages.language(client, command.get("user_id"))
    caller = Caller(command.get("team_id") or context.team_id or "", command.get("user_id", ""),
                    command.get("user_name", ""), command.get("channel_id", ""), lang)
    try:
        message = await answer_tip_command(coaching, client, caller, (command.get("text") or "").strip())
    except StoreError as error:
        message = reply(error.message(lang))
    except Exception:  # the person always hears something; the log has no tip text
        log.exception("/tip failed")
        message = reply(t("failed", lang))
    await post_to_response_url(command["response_url"], message)


async def answer_tip_command(coaching: Coaching, client: AsyncWebClient, caller: Caller, text: str) -> dict:
    lang = caller.lang
    first, _, rest = text.partition(" ")
    action = COMMAND_WORDS.get(first.lower())
    if not text:
        tip = await coaching.call("pick_tip", caller.team_id)
        return tip_message(tip, lang) if tip else reply(t("no_tips", lang))
    if action is None:
        gid = parse_guideline(text)
        if gid is None:
            return help_reply(lang, t("unknown", lang, word=cards.clip(text, 40)))
        tip = await coaching.call("pick_tip", caller.team_id, gid)
        if tip is None:
            return reply(t("no_tips_for", lang, guideline=guideline_label(gid, lang), alias=guideline_alias(gid, lang)))
        return tip_message(tip, lang)
    if action == "help":
        return help_reply(lang)
    if action == "list":
        gid = parse_guideline(rest) if rest.strip() else None
        return list_reply(await coaching.call("list_tips", caller.team_id, gid), lang)
    if action in ("my_data", "erase"):
        from bot.slack import insights

        if action == "my_data":
            return await insights.my_data_reply(coaching, caller.team_id, caller.user_id, lang)
        return await insights.erase_reply(coaching, caller.team_id, caller.user_id, lang)
    if action == "week" and not rest.strip():
        schedules = await coaching.call("list_schedules", caller.team_id)
        if not schedules:
            return reply(t("week_none", lang))
        return reply(t("week_list", lang) + "\n" + "\n".join(f"• {schedule_line(s, lang)}" for s in schedules))
    # Everything below changes tips: team leads only.
    if not await coaching.leads.is_lead(client, caller.user_id):
        return reply(t("leads_only", lang))
    if action == "add":
        return await add_tip(coaching, client, caller, rest)
    if action == "edit":
        tip_id, _, body = rest.strip().partition(" ")
        if not tip_id.lstrip("#").isdigit():
            return reply(t("id_usage", lang))
        return await edit_tip(coaching, caller, int(tip_id.lstrip("#")), body)
    if action == "remove":
        tip_id = rest.strip().lstrip("#")
        if not tip_id.isdigit():
            return reply(t("id_usage", lang))
        removed = await coaching.call("remove_tip", caller.team_id, int(tip_id))
        return reply(t("removed" if removed else "not_found", lang, id=int(tip_id)))
    return await schedule_week(coaching, client, caller, rest.split())


def _tip_problem(text: str, lang: str) -> str | None:
    if not text:
        return t("add_usage", lang)
    if len(text) > MAX_TIP_CHARS:
        return t("too_long", lang, limit=MAX_TIP_CHARS)
    if has_control_characters(text):
        return t("control_characters", lang)
    return None


async def add_tip(coaching: Coaching, client: AsyncWebClient, caller: Caller, words: str) -> dict:
    lang = caller.lang
    gid, text = split_guideline(slack_to_plain(words))
    problem = _tip_problem(text, lang)
    if problem:
        return reply(problem)
    name = await coaching.leads.display_name(client, caller.user_id, caller.user_name)
    tip = await coaching.call("add_tip", caller.team_id, text, author_id=caller.user_id, author_name=name,
                              guideline=gid)
    return saved_reply("added", tip, lang)


async def edit_tip(coaching: Coaching, caller: Caller, tip_id: int, words: str) -> dict:
    lang = caller.lang
    gid, text = split_guideline(slack_to_plain(words))
    problem = _tip_problem(text, lang)
    if problem:
        return reply(problem)
    tip = await coaching.call("edit_tip", caller.team_id, tip_id, text, guideline=gid)
    return saved_reply("edited", tip, lang) if tip else reply(t("not_found", lang, id=tip_id))


def saved_reply(key: str, tip: TipRecord, lang: str) -> dict:
    for_guideline = t("for_guideline", lang, guideline=guideline_label(tip.guideline, lang)) if tip.guideline else ""
    heading = t(key, lang, id=tip.id, for_guideline=for_guideline)
    return {"response_type": "ephemeral", "text": cards.escape(f"{heading} {tip.text}"),
            "blocks": [cards.section(f"{heading}\n{quoted(tip.text)}")]}


async def schedule_week(coaching: Coaching, client: AsyncWebClient, caller: Caller, words: list[str]) -> dict:
    lang = caller.lang
    request = parse_week(words, caller.channel_id)
    if request.off:
        removed = await coaching.call("remove_schedule", caller.team_id, request.channel)
        return reply(t("week_off", lang, count=removed))
    if request.channel is None and request.channel_name:
        return reply(t("week_by_name", lang, name=cards.escape(request.channel_name)))
    if request.channel is None or request.weekday is None:
        return reply(t("week_usage", lang))
    timezone = await coaching.leads.timezone(client, caller.user_id)
    done = done_through_week(request.weekday, request.hour, timezone, datetime.now(UTC))
    schedule = await coaching.call(
        "set_schedule", caller.team_id, request.channel, weekday=request.weekday, hour=request.hour,
        timezone=timezone, created_by=caller.user_id, language=lang, done_through_week=done,
    )
    return reply(t("week_set", lang, day=WEEKDAYS[lang][schedule.weekday], hour=schedule.hour,
                   timezone=schedule.timezone, channel=schedule.channel))


# ---- the share_tip shortcut and its modal


def share_tip_modal(lang: str) -> dict:
    options = [{"text": cards.plain(t("general", lang), 75), "value": GENERAL}] + [
        {"text": cards.plain(guideline_label(gid, lang), 75), "value": gid} for gid in GUIDELINE_IDS
    ]
    return {
        "type": "modal",
        "callback_id": SHARE_TIP_MODAL,
        "private_metadata": lang,
        "title": cards.plain(t("modal_title", lang), 24),
        "submit": cards.plain(t("save", lang), 24),
        "close": cards.plain(t("close", lang), 24),
        "blocks": [
            cards.context(t("modal_intro", lang)),
            {
                "type": "input",
                "block_id": GUIDELINE_BLOCK,
                "label": cards.plain(t("modal_guideline", lang), 2000),
                "element": {"type": "static_select", "action_id": GUIDELINE_INPUT, "options": options,
                            "initial_option": options[0]},
            },
            {
                "type": "input",
                "block_id": TEXT_BLOCK,
                "label": cards.plain(t("modal_text", lang), 2000),
                "element": {"type": "plain_text_input", "action_id": TEXT_INPUT, "multiline": True,
                            "min_length": 3, "max_length": MAX_TIP_CHARS,
                            "placeholder": cards.plain(t("modal_placeholder", lang), 150)},
            },
        ],
    }


def notice_modal(message: str, lang: str) -> dict:
    return {
        "type": "modal",
        "title": cards.plain(t("modal_title", lang), 24),
        "close": cards.plain(t("close", lang), 24),
        "blocks": [cards.section(message)],
    }


async def handle_share_tip(shortcut: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    """After the ack: open the modal within the trigger id's three seconds; members get the kind
    explanation instead."""
    services = context["services"]
    coaching = coaching_of(services)
    user = (shortcut.get("user") or {}).get("id", "")
    lang = await services.languages.language(client, user, timeout=0.5)
    view = share_tip_modal(lang) if await coaching.leads.is_lead(client, user) else notice_modal(
        t("leads_only", lang), lang)
    await client.views_open(trigger_id=shortcut["trigger_id"], view=view)


async def handle_share_tip_submission(
    ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Store the tip, or keep the modal open with the reason beside the text field.

    This is the ack itself (Slack needs the answer to the submission in it), so it stays short: a
    role check (cached since the shortcut; at most 1.5 s when Slack is slow), the author's name (at
    most 0.75 s, else the name in the request) and one insert.
    """
    coaching = coaching_of(context["services"])
    lang = view.get("private_metadata") if view.get("private_metadata") in ("nl", "en") else "nl"
    user = body.get("user") or {}
    team_id = context.team_id or (body.get("team") or {}).get("id", "") or view.get("team_id", "")
    try:  # Slack waits 3 s for this answer: the role (cached since the shortcut, as a rule) gets 1.5 s
        lead = await asyncio.wait_for(coaching.leads.is_lead(client, user.get("id", "")), SUBMISSION_LOOKUP_SECONDS)
    except TimeoutError:
        await ack(response_action="errors", errors={TEXT_BLOCK: t("failed", lang)})
        return
    if not lead:
        await ack(response_action="errors", errors={TEXT_BLOCK: t("leads_only", lang)})
        return
    values = view.get("state", {}).get("values", {})
    selected = ((values.get(GUIDELINE_BLOCK, {}).get(GUIDELINE_INPUT) or {}).get("selected_option") or {})
    gid = selected.get("value") if selected.get("value") in GUIDELINE_IDS else None
    text = ((values.get(TEXT_BLOCK, {}).get(TEXT_INPUT) or {}).get("value") or "").strip()
    problem = _tip_problem(text, lang)
    if problem:
        await ack(response_action="errors", errors={TEXT_BLOCK: problem})
        return
    try:
        name = await asyncio.wait_for(coaching.leads.display_name(client, user.get("id", ""), user.get("name", "")),
                                      SUBMISSION_LOOKUP_SECONDS / 2)
    except TimeoutError:  # the name Slack sent along will do
        name = user.get("name") or user.get("id", "")
    try:
        tip = await coaching.call("add_tip", team_id, text, author_id=user.get("id", ""), author_name=name,
                                  guideline=gid)
    except StoreError as error:
        await ack(response_action="errors", errors={TEXT_BLOCK: error.message(lang)})
        return
    await ack(response_action="update", view=notice_modal(t("saved_modal", lang, id=tip.id), lang))


# ---- tip of the week in the server


def slack_poster(client: AsyncWebClient):
    """Posts a tip of the week with ``client``; a channel that cannot take it keeps the week done."""

    async def post(schedule: Schedule, tip: TipRecord) -> None:
        try:
            await client.chat_postMessage(channel=schedule.channel, **week_post(schedule, tip))
        except SlackApiError as error:
            code = error.response.get("error") if error.response is not None else None
            if code in ("not_in_channel", "channel_not_found", "is_archived", "restricted_action"):
                log.warning("tip of the week not posted: %s (invite the bot or choose another channel)", code)
                return
            raise

    return post


def poster_client(settings: Settings) -> AsyncWebClient:
    """A Web API client with the bot token: the weekly post happens outside any request, so Bolt's
    per-request authorization does not give it a token."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(token=token, base_url=settings.slack_api_url, timeout=10, retry_handlers=retry_handlers())


def on_server(web_app: web.Application, _slack_app: AsyncApp, services: SlackServices) -> None:
    """With the server: migrate the database and remove old counts on start, then run the weekly
    tip loop (its claim in the database makes several processes post once)."""
    coaching = coaching_of(services)
    settings = services.settings

    async def tip_of_the_week(_app: web.Application):
        scheduler = TipOfTheWeek(
            _DeferredStore(coaching.handle), slack_poster(poster_client(settings)),
            retention_months=settings.insight_retention_months,
        )

        async def start_then_run() -> None:
            """Migrate and tidy in the background: the server listens at once, even while the
            database is away or hangs (reviews need no database)."""
            try:
                await run_in_store(coaching.handle.get, timeout=None)  # upgrades the schema to the newest
                await scheduler.housekeeping()  # old counts go first
            except StoreError:
                pass  # logged by the store; reviews work, tips come back when the database does
            await scheduler.run()

        task = asyncio.create_task(start_then_run())
        yield
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        coaching.handle.close()

    web_app.cleanup_ctx.append(tip_of_the_week)
    if HEALTH in web_app:
        web_app[HEALTH].append(lambda: ("database", coaching.handle.state))


class _DeferredStore:
    """The store as the scheduler sees it, opened on each call (so a database that was away at start
    is picked up later)."""

    def __init__(self, handle: LazyStore) -> None:
        self._handle = handle

    def __getattr__(self, name: str):
        def call(*args: Any, **kwargs: Any) -> Any:  # runs in the scheduler's worker thread
            return getattr(self._handle.get(), name)(*args, **kwargs)

        return call


# ---- plug-in hooks


def extend(services: SlackServices) -> None:
    services.event_claims = coaching_of(services)  # Slack retries de-duplicated across processes


def register(app: AsyncApp) -> None:
    """Ack at once, work afterwards (Bolt's ack + lazy pair), in either of Bolt's response modes."""
    app.command("/tip")(ack=ack_now, lazy=[handle_tip_command])
    app.shortcut({"type": "shortcut", "callback_id": SHARE_TIP})(ack=ack_now, lazy=[handle_share_tip])
    app.view(SHARE_TIP_MODAL)(handle_share_tip_submission)
