"""Events: drafts in a DM, @mentions in channels and threads, and App Home.

- ``message`` in a DM (``channel_type: im``): a draft gets the card as a reply in its thread; a
  greeting or a question to the bot gets help. A draft sent in a thread takes the thread's first
  message as the tenant's message (unless that is the bot's card or an earlier version of the draft). Bot messages, the bot's own messages, edits,
  deletions and every other subtype are ignored (Bolt also drops the bot's own events).
- ``app_mention``: reviews the text after the mention; without text, in a thread, the thread's
  first message. The card is ephemeral, for the person who asked, in the thread.
- ``app_home_opened``: publishes App Home in the person's language.
Events are acked before these run (Bolt's lazy listeners). Each lazy listener first claims the
event in the shared database (:meth:`SlackServices.first_delivery`), so a Slack retry that reaches
another server process is skipped there.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import cards, texts
from bot.slack.delivery import EphemeralDelivery, ThreadReplyDelivery
from bot.slack.drafts import (
    has_words,
    is_greeting_or_question,
    is_thanks,
    slack_to_plain,
    split_quoted_tenant_message,
    with_thread_context,
)
from bot.slack.flow import Asker, review_and_deliver
from bot.slack.listeners import ack_at_once
from bot.slack.services import HomeContext

log = logging.getLogger("aandacht.slack")


def is_person_message(event: dict) -> bool:
    """A plain message typed by a person: no subtype (edits, deletions, joins, bots...), no bot id."""
    return not event.get("subtype") and not event.get("bot_id") and bool(event.get("user"))


async def handle_direct_message(event: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    if event.get("channel_type") != "im" or not is_person_message(event):
        return
    services = context["services"]
    lang = await services.languages.language(client, event["user"])
    delivery = ThreadReplyDelivery(client, event["channel"], event.get("thread_ts") or event["ts"])
    text = slack_to_plain(event.get("text") or "")
    if is_thanks(text):
        await delivery.notice(cards.notice_message(texts.text("welcome", lang)), lang)
        return
    if not text or is_greeting_or_question(text):
        await delivery.notice(cards.help_message(lang), lang)
        return
    asker = Asker(context.team_id or event.get("team", ""), event["user"], lang)
    draft = split_quoted_tenant_message(text)
    thread_ts = event.get("thread_ts")
    if draft.tenant_message is None and thread_ts and thread_ts != event["ts"]:
        parent = await thread_parent(client, event["channel"], thread_ts)
        if parent and not is_ours(parent, context):
            draft = with_thread_context(draft, slack_to_plain(parent.get("text") or ""))
    await review_and_deliver(services, delivery, asker, draft)


def is_ours(message: dict, context: AsyncBoltContext) -> bool:
    """A message the bot posted itself (a card), which is never a tenant's message."""
    return message.get("user") == context.bot_user_id or (
        bool(message.get("bot_id")) and message.get("bot_id") == context.bot_id
    )


async def thread_parent(client: AsyncWebClient, channel: str, thread_ts: str) -> dict | None:
    """The first message of a thread, or None when Slack will not give it (no access, gone)."""
    try:
        response = await client.conversations_replies(channel=channel, ts=thread_ts, limit=1)
    except Exception as error:  # noqa: BLE001 - no parent is a normal case
        log.warning("conversations.replies failed (%s)", type(error).__name__)
        return None
    messages = response.get("messages") or []
    return messages[0] if messages else None


async def handle_mention(event: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    user = event.get("user")
    if not user or event.get("bot_id"):
        return
    services = context["services"]
    lang = await services.languages.language(client, user)
    thread_ts = event.get("thread_ts")
    delivery = EphemeralDelivery(client, event["channel"], user, thread_ts)
    asker = Asker(context.team_id or event.get("team", ""), user, lang)
    text = slack_to_plain(event.get("text") or "")
    in_thread = bool(thread_ts) and thread_ts != event.get("ts")
    parent = await thread_parent(client, event["channel"], thread_ts) if in_thread else None
    parent_text = slack_to_plain(parent.get("text") or "") if parent else ""
    parent_is_ours = bool(parent) and is_ours(parent, context)
    if not has_words(text):
        if parent_text and not parent_is_ours:
            await review_and_deliver(services, delivery, asker, split_quoted_tenant_message(parent_text))
        else:
            await delivery.notice(cards.help_message(lang), lang)
        return
    if is_greeting_or_question(text):
        await delivery.notice(cards.help_message(lang), lang)
        return
    draft = split_quoted_tenant_message(text)
    if parent_text and not parent_is_ours:
        draft = with_thread_context(draft, parent_text)
    await review_and_deliver(services, delivery, asker, draft)


async def handle_app_home_opened(event: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    services = context["services"]
    user = event["user"]
    lang = await services.languages.language(client, user)
    home = HomeContext(team_id=context.team_id or "", user_id=user, lang=lang, client=client)
    extra: list[dict] = []
    for provider in services.home_blocks:
        try:
            extra.extend(await provider(home))
        except Exception:  # insights that fail must not cost the person their App Home
            log.exception("App Home block provider failed")
    await client.views_publish(user_id=user, view=cards.home_view(lang, extra))


EventHandler = Callable[[dict, AsyncWebClient, AsyncBoltContext], Awaitable[None]]


def claimed(handler: EventHandler) -> Callable[..., Awaitable[None]]:
    """``handler`` behind the event claim: it runs only in the process that claimed the event id.

    Bolt passes a lazy listener's arguments by the names in its signature, so the wrapper names
    ``body`` (for the event id) explicitly instead of copying the handler's signature.
    """

    async def run(event: dict, body: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
        team_id = body.get("team_id") or context.team_id or event.get("team") or ""
        if await context["services"].first_delivery(team_id, body.get("event_id")):
            await handler(event, client, context)

    run.__name__ = run.__qualname__ = handler.__name__
    return run


def register(app: AsyncApp) -> None:
    # every message event, subtypes included, so that edits and deletions are acked, not retried
    app.event("message")(ack=ack_at_once, lazy=[claimed(handle_direct_message)])
    app.event("app_mention")(ack=ack_at_once, lazy=[claimed(handle_mention)])
    app.event("app_home_opened")(ack=ack_at_once, lazy=[handle_app_home_opened])
