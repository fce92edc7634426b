"""The message shortcut ``check_tone`` ("Toon checken" / "Check tone"): a review in a modal.

The trigger id expires 3 s after the click, so the modal opens right away: with the review when the
offline engine answers within a second (it takes milliseconds), else with "bezig..." first.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.delivery import ModalDelivery
from bot.slack.drafts import slack_to_plain, split_quoted_tenant_message
from bot.slack.flow import Asker, review_and_deliver
from bot.slack.listeners import ack_at_once

CHECK_TONE = "check_tone"
LANGUAGE_WAIT_SECONDS = 0.5
"""The person's locale may not cost the modal its trigger id: Dutch after half a second."""


def message_text(message: dict) -> str:
    """The words of a message, also for messages made of attachments (forwarded e-mail, bots)."""
    if message.get("text"):
        return message["text"]
    parts = [a.get("text") or a.get("fallback") or "" for a in message.get("attachments") or []]
    return "\n".join(p for p in parts if p)


async def handle_check_tone(shortcut: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    services = context["services"]
    user = (shortcut.get("user") or {}).get("id", "")
    lang = await services.languages.language(client, user, timeout=LANGUAGE_WAIT_SECONDS)
    team = (shortcut.get("team") or {}).get("id", "")
    draft = split_quoted_tenant_message(slack_to_plain(message_text(shortcut.get("message") or {})))
    await review_and_deliver(services, ModalDelivery(client, shortcut["trigger_id"]), Asker(team, user, lang), draft)


def register(app: AsyncApp) -> None:
    app.shortcut({"type": "message_action", "callback_id": CHECK_TONE})(ack=ack_at_once, lazy=[handle_check_tone])
