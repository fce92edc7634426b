"""Slash commands: ``/toon <draft>`` and its English alias ``/tone``.

The card is ephemeral, through the command's response_url: nothing is ever posted for the whole
channel to see. No text: a short help in the person's language.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.delivery import ResponseUrlDelivery
from bot.slack.drafts import slack_to_plain, split_quoted_tenant_message
from bot.slack.flow import Asker, review_and_deliver
from bot.slack.listeners import ack_at_once

REVIEW_COMMANDS = ("/toon", "/tone")


async def handle_review_command(command: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    """After the ack: review and reply privately through the response_url."""
    services = context["services"]
    lang = await services.languages.language(client, command.get("user_id"))
    asker = Asker(command.get("team_id", ""), command.get("user_id", ""), lang)
    draft = split_quoted_tenant_message(slack_to_plain(command.get("text") or ""))
    await review_and_deliver(services, ResponseUrlDelivery(command["response_url"], services.http_session()), asker, draft)


def register(app: AsyncApp) -> None:
    for name in REVIEW_COMMANDS:
        app.command(name)(ack=ack_at_once, lazy=[handle_review_command])
