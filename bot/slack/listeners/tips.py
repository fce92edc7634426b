"""Coaching tips in Slack: ``/tip``, the ``share_tip`` shortcut and its modal.

- ``/tip [guideline]``: one tip (for that guideline), privately.
- ``/tip add [guideline] <text>``, ``/tip edit ID [guideline] <text>``, ``/tip remove ID``,
  ``/tip week #channel <weekday> [hour]`` / ``/tip week off``: team leads only.
- ``/tip list [guideline]``, ``/tip week``: everyone may look.
- ``/tip mijn-gegevens`` / ``my-data`` and ``/tip wis-mijn-gegevens`` / ``erase-my-data``: what is
  stored about you, and erasing it (see :mod:`bot.slack.insights`).
- Global shortcut ``share_tip``: a modal with a guideline picker and a text field (leads only).

The words are parsed by :mod:`bot.coaching.commands` and carried out by
:class:`bot.coaching.service.Coaching`, the same as in Teams; this module maps the outcomes to Block
Kit. Every command is acked at once with an empty body; the answer follows privately through the
command's response_url.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.coaching import commands
from bot.coaching import service as outcome
from bot.coaching.service import Caller, tip_problem
from bot.coaching.texts import author_of, erased_text, weekday_name
from bot.coaching.texts import guideline_name as guideline_label
from bot.review.model import GUIDELINE_IDS
from bot.slack import cards, insights
from bot.slack.coaching import tips_say
from bot.slack.delivery import post_to_response_url
from bot.slack.drafts import slack_to_plain
from bot.store.repository import MAX_TIP_CHARS, Schedule, StoreError, TipRecord

log = logging.getLogger("aandacht.tips")

SHARE_TIP = "share_tip"
SHARE_TIP_MODAL = "share_tip"
GUIDELINE_BLOCK, GUIDELINE_INPUT = "tip_guideline", "guideline"
TEXT_BLOCK, TEXT_INPUT = "tip_text", "text"
GENERAL = "general"
SUBMISSION_LOOKUP_SECONDS = 1.5
"""The share_tip form is answered inside its ack (Slack waits 3 s): Slack lookups get this long."""
MAX_LISTED = 40


# ---- messages


def reply(message: str, blocks: list[dict] | None = None) -> dict:
    return {"response_type": "ephemeral", "text": message, "blocks": blocks or [cards.section(message)]}


def quoted(text: str) -> str:
    """A tip as a Slack quote, every line of it."""
    return "\n".join(f">{line}" for line in cards.escape(text).splitlines() or [""])


def tip_message(tip: TipRecord, lang: str) -> dict:
    title = tips_say("tip_from", lang, author=author_of(tip, lang))
    return {"response_type": "ephemeral", "text": cards.escape(f"{title}: {tip.text}"), "blocks": [
        cards.section(f":bulb: *{cards.escape(title)}*\n{quoted(tip.text)}"),
        cards.context(f"{cards.escape(guideline_label(tip.guideline, lang))} · #{tip.id}"),
    ]}


def help_reply(lang: str, unknown_word: str | None = None) -> dict:
    names = ", ".join(f"`{commands.guideline_alias(gid, lang)}`" for gid in GUIDELINE_IDS)
    body = tips_say("help", lang, guidelines=names)
    if unknown_word:
        body = tips_say("unknown", lang, word=cards.clip(unknown_word, 40)) + "\n\n" + body
    return reply(body)


def list_reply(tips: list[TipRecord], guideline: str | None, lang: str) -> dict:
    if not tips:
        return refused_reply(outcome.Refused("no_tips_for", {"guideline": guideline}) if guideline
                             else outcome.Refused("no_tips"), lang)
    lines = [
        f"*#{tip.id}* · {cards.escape(guideline_label(tip.guideline, lang))} · "
        f"{cards.escape(author_of(tip, lang))}: {cards.escape(cards.clip(tip.text, 200))}"
        for tip in tips[:MAX_LISTED]
    ]
    title = tips_say("title", lang)
    blocks = [{"type": "header", "text": cards.plain(title, 150)}]
    chunk: list[str] = []
    for line in lines:  # several sections, each within Slack's 3,000 characters
        if sum(len(x) + 1 for x in chunk) + len(line) > 2800:
            blocks.append(cards.section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    blocks.append(cards.section("\n".join(chunk)))
    if len(tips) > MAX_LISTED:
        blocks.append(cards.context(tips_say("list_more", lang, len(tips) - MAX_LISTED)))
    return {"response_type": "ephemeral", "text": title, "blocks": blocks}


def saved_reply(saved: outcome.Saved, lang: str) -> dict:
    tip = saved.tip
    for_guideline = (tips_say("for_guideline", lang, guideline=f"*{guideline_label(tip.guideline, lang)}*")
                     if tip.guideline else "")
    heading = tips_say("edited" if saved.edited else "added", lang, id=tip.id, for_guideline=for_guideline)
    return {"response_type": "ephemeral", "text": cards.escape(f"{heading} {tip.text}"),
            "blocks": [cards.section(f"{heading}\n{quoted(tip.text)}")]}


def schedule_line(schedule: Schedule, lang: str) -> str:
    return tips_say("week_line", lang, channel=f"<#{schedule.channel}>", day=weekday_name(schedule.weekday, lang),
                    hour=schedule.hour, timezone=schedule.timezone)


def refused_reply(refused: outcome.Refused, lang: str) -> dict:
    values = dict(refused.values or {})
    if "guideline" in values:
        gid = values["guideline"]
        values.update(guideline=f"*{guideline_label(gid, lang)}*", alias=commands.guideline_alias(gid, lang))
    if "name" in values:
        values["name"] = cards.escape(str(values["name"]))
    return reply(tips_say(refused.key, lang, **values))


def outcome_reply(result: outcome.Outcome, lang: str) -> dict:
    """The private answer to a ``/tip`` command."""
    match result:
        case outcome.Shown(tip=tip):
            return tip_message(tip, lang)
        case outcome.Listed(tips=tips, guideline=gid):
            return list_reply(tips, gid, lang)
        case outcome.Saved():
            return saved_reply(result, lang)
        case outcome.Removed(tip_id=tip_id):
            return reply(tips_say("removed", lang, id=tip_id))
        case outcome.Schedules(schedules=[]):
            return reply(tips_say("week_none", lang))
        case outcome.Schedules(schedules=schedules):
            return reply(tips_say("week_list", lang) + "\n" + "\n".join(f"• {schedule_line(s, lang)}"
                                                                           for s in schedules))
        case outcome.Scheduled(schedule=s):
            return reply(tips_say("week_set", lang, day=f"*{weekday_name(s.weekday, lang)}*", hour=s.hour,
                                  timezone=s.timezone, channel=f"<#{s.channel}>") + " " + tips_say("week_invite", lang))
        case outcome.Stopped(count=count):
            return reply(tips_say("week_off", lang, count))
        case outcome.DataShown(data=data):
            return insights.my_data_message(data, lang)
        case outcome.Erased(erasure=erasure):
            return reply(erased_text(erasure, lang))
        case outcome.HelpShown(unknown_word=word):
            return help_reply(lang, word)
        case outcome.Refused():
            return refused_reply(result, lang)
    raise TypeError(f"no reply for {result!r}")


# ---- /tip


async def ack_now(ack: AsyncAck) -> None:
    """An empty 200 at once: nothing shows in the channel; the answer follows privately."""
    await ack()


def parse_command(text: str, here: str) -> commands.Command:
    """The command in Slack's text: channel links kept for ``week``; a tip's own text as plain text."""
    command = commands.parse(text, here=here)
    if isinstance(command, commands.AddTip | commands.EditTip):
        command = dataclasses.replace(command, text=slack_to_plain(command.text).strip())
    return command


async def handle_tip_command(command: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    """After the ack: answer privately through the command's response_url."""
    services = context["services"]
    lang = await services.languages.language(client, command.get("user_id"))
    caller = Caller(command.get("team_id") or context.team_id or "", command.get("user_id", ""),
                    command.get("user_name", ""), lang, command.get("channel_id") or None)
    try:
        result = await services.coaching().answer(
            parse_command((command.get("text") or "").strip(), caller.channel or ""), caller,
            services.leads().asking(client))
        message = outcome_reply(result, lang)
    except StoreError as error:
        message = reply(error.message(lang))
    except Exception:  # the person always hears something; the log has no tip text
        log.exception("/tip failed")
        message = reply(tips_say("failed", lang))
    await post_to_response_url(command["response_url"], message)


# ---- the share_tip shortcut and its modal


def share_tip_modal(lang: str) -> dict:
    options = [{"text": cards.plain(tips_say("general", lang), 75), "value": GENERAL}] + [
        {"text": cards.plain(guideline_label(gid, lang), 75), "value": gid} for gid in GUIDELINE_IDS
    ]
    return {
        "type": "modal",
        "callback_id": SHARE_TIP_MODAL,
        "private_metadata": lang,
        "title": cards.plain(tips_say("modal_title", lang), 24),
        "submit": cards.plain(tips_say("save", lang), 24),
        "close": cards.plain(tips_say("close", lang), 24),
        "blocks": [
            cards.context(tips_say("modal_intro", lang)),
            {
                "type": "input",
                "block_id": GUIDELINE_BLOCK,
                "label": cards.plain(tips_say("modal_guideline", lang), 2000),
                "element": {"type": "static_select", "action_id": GUIDELINE_INPUT, "options": options,
                            "initial_option": options[0]},
            },
            {
                "type": "input",
                "block_id": TEXT_BLOCK,
                "label": cards.plain(tips_say("modal_text", lang), 2000),
                "element": {"type": "plain_text_input", "action_id": TEXT_INPUT, "multiline": True,
                            "min_length": 3, "max_length": MAX_TIP_CHARS,
                            "placeholder": cards.plain(tips_say("modal_placeholder", lang), 150)},
            },
        ],
    }


def notice_modal(message: str, lang: str) -> dict:
    return {
        "type": "modal",
        "title": cards.plain(tips_say("modal_title", lang), 24),
        "close": cards.plain(tips_say("close", lang), 24),
        "blocks": [cards.section(message)],
    }


async def handle_share_tip(shortcut: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    """After the ack: open the modal within the trigger id's three seconds; members get the kind
    explanation instead."""
    services = context["services"]
    user = (shortcut.get("user") or {}).get("id", "")
    lang = await services.languages.language(client, user, timeout=0.5)
    view = share_tip_modal(lang) if await services.leads().is_lead(client, user) else notice_modal(
        tips_say("leads_only", lang), lang)
    await client.views_open(trigger_id=shortcut["trigger_id"], view=view)


async def handle_share_tip_submission(
    ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Store the tip, or keep the modal open with the reason beside the text field.

    This is the ack itself (Slack needs the answer to the submission in it), so it stays short: a
    role check (cached since the shortcut; at most 1.5 s when Slack is slow), the author's name (at
    most 0.75 s, else the name in the request) and one insert.
    """
    services = context["services"]
    coaching, leads = services.coaching(), services.leads().asking(client)
    lang = view.get("private_metadata") if view.get("private_metadata") in ("nl", "en") else "nl"
    user = body.get("user") or {}
    team_id = context.team_id or (body.get("team") or {}).get("id", "") or view.get("team_id", "")
    try:  # Slack waits 3 s for this answer: the role (cached since the shortcut, as a rule) gets 1.5 s
        lead = await asyncio.wait_for(leads.is_lead(user.get("id", "")), SUBMISSION_LOOKUP_SECONDS)
    except TimeoutError:
        await ack(response_action="errors", errors={TEXT_BLOCK: tips_say("failed", lang)})
        return
    if not lead:
        await ack(response_action="errors", errors={TEXT_BLOCK: tips_say("leads_only", lang)})
        return
    values = view.get("state", {}).get("values", {})
    selected = ((values.get(GUIDELINE_BLOCK, {}).get(GUIDELINE_INPUT) or {}).get("selected_option") or {})
    gid = selected.get("value") if selected.get("value") in GUIDELINE_IDS else None
    text = ((values.get(TEXT_BLOCK, {}).get(TEXT_INPUT) or {}).get("value") or "").strip()
    problem = tip_problem(text)
    if problem:
        await ack(response_action="errors", errors={TEXT_BLOCK: tips_say(problem.key, lang, **(problem.values or {}))})
        return
    try:
        name = await asyncio.wait_for(leads.display_name(user.get("id", ""), user.get("name", "")),
                                      SUBMISSION_LOOKUP_SECONDS / 2)
    except TimeoutError:  # the name Slack sent along will do
        name = user.get("name") or user.get("id", "")
    caller = Caller(team_id, user.get("id", ""), user.get("name", ""), lang)
    try:
        tip = await coaching.add_tip(caller, text, gid, name)
    except StoreError as error:
        await ack(response_action="errors", errors={TEXT_BLOCK: error.message(lang)})
        return
    await ack(response_action="update", view=notice_modal(tips_say("saved_modal", lang, id=tip.id), lang))


def register(app: AsyncApp) -> None:
    """Ack at once, work afterwards (Bolt's ack + lazy pair), in either of Bolt's response modes."""
    app.command("/tip")(ack=ack_now, lazy=[handle_tip_command])
    app.shortcut({"type": "shortcut", "callback_id": SHARE_TIP})(ack=ack_now, lazy=[handle_share_tip])
    app.view(SHARE_TIP_MODAL)(handle_share_tip_submission)
