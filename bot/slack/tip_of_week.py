"""The tip of the week in Slack: the weekly post, and the loop that runs it beside the server.

The schedule, the claim that makes several processes post once, and the clock live in
:mod:`bot.store.tip_of_week`; this module gives it a Slack poster and starts it with the server.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.coaching.texts import author_of
from bot.coaching.texts import guideline_name as guideline_label
from bot.health import HEALTH
from bot.slack import cards
from bot.slack.coaching import tips_say
from bot.slack.delivery import retry_handlers
from bot.slack.listeners.tips import quoted
from bot.store.access import run_in_store
from bot.store.repository import Schedule, StoreError, TipRecord
from bot.store.tip_of_week import TipOfTheWeek

if TYPE_CHECKING:
    from aiohttp import web
    from slack_bolt.async_app import AsyncApp

    from bot.settings import Settings
    from bot.slack.services import SlackServices

log = logging.getLogger("aandacht.tips")


def week_post(schedule: Schedule, tip: TipRecord) -> dict:
    """The tip-of-the-week message for the channel, in the scheduling lead's language."""
    lang = schedule.language if schedule.language in ("nl", "en") else "nl"
    title = tips_say("week_title", lang)
    return {
        "text": cards.escape(f"{title}: {tip.text}"),  # the notification text too: no live @channel
        "blocks": [
            {"type": "header", "text": cards.plain(title, 150)},
            cards.section(quoted(tip.text)),
            cards.context(f"{cards.escape(tips_say('tip_from', lang, author=author_of(tip, lang)))} · "
                          f"{cards.escape(guideline_label(tip.guideline, lang))}"),
        ],
    }


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
    coaching = services.coaching()
    settings = services.settings

    async def tip_of_the_week(_app: web.Application):
        scheduler = TipOfTheWeek(coaching.handle, slack_poster(poster_client(settings)),
                                 retention_months=settings.insight_retention_months, surface="slack")

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
