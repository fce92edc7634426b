"""Buttons on the review card and in App Home.

- "Waarom?" / "Why?": a modal with the guideline's explanation (pushed on top when the card is
  itself a modal).
- "Nuttig" / "Niet nuttig": one count per guideline with an issue, nothing else; the buttons give
  way to a thank-you.
- "Nog een versie" / "Another version" (only with a language model): a fresh rewrite replaces the card.
- "Concept beoordelen" in App Home: a modal to paste a draft into (answered in ``views.py``).
"""

from __future__ import annotations

import json
import logging
import secrets

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.present.packing import decode_draft
from bot.review.model import GUIDELINE_IDS
from bot.slack import cards
from bot.slack.delivery import ModalDelivery, ResponseUrlDelivery, post_to_response_url
from bot.slack.drafts import DraftInput
from bot.slack.flow import Asker, review_and_deliver
from bot.slack.listeners import ack_at_once
from bot.slack.texts import text

log = logging.getLogger("aandacht.slack")

VIEW_KEYS = ("type", "callback_id", "title", "close", "submit", "private_metadata")


def _action(body: dict) -> dict:
    return (body.get("actions") or [{}])[0]


def _view_without_actions(view: dict, thanks: str) -> dict:
    """The same view, its card buttons replaced by a thank-you line (for views.update)."""
    kept = {key: view[key] for key in VIEW_KEYS if view.get(key)}
    kept["blocks"] = [
        cards.context(thanks) if block.get("block_id") == cards.CARD_ACTIONS_BLOCK else block
        for block in view.get("blocks") or []
    ]
    return kept


async def handle_why(body: dict, client: AsyncWebClient) -> None:
    gid, _, lang = _action(body).get("value", "").partition("|")
    if gid not in GUIDELINE_IDS:
        return
    view = cards.why_modal(gid, lang if lang in ("nl", "en") else "nl")
    if body.get("view") and body["view"].get("type") == "modal":
        await client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        await client.views_open(trigger_id=body["trigger_id"], view=view)


async def handle_feedback(body: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    """Count the click per guideline (no text, no user), then thank the person in place."""
    action = _action(body)
    try:
        value = json.loads(action.get("value") or "{}")
    except ValueError:
        return
    guideline_ids = [g for g in value.get("g") or [] if g in GUIDELINE_IDS]
    lang = value.get("l") if value.get("l") in ("nl", "en") else "nl"
    useful = action.get("action_id") == cards.ACTION_USEFUL
    team_id = context.team_id or (body.get("team") or {}).get("id", "")
    services = context["services"]
    await services.feedback.record(team_id, guideline_ids, useful)
    thanks = text("thanks", lang)
    view = body.get("view")
    if view and view.get("type") == "modal":
        await client.views_update(view_id=view["id"], view=_view_without_actions(view, thanks))
        return
    response_url = body.get("response_url")
    if not response_url:
        return
    message = body.get("message") or {}
    if message.get("blocks"):
        blocks = [
            cards.context(thanks) if block.get("block_id") == cards.CARD_ACTIONS_BLOCK else block
            for block in message["blocks"]
        ]
        await post_to_response_url(response_url, {"replace_original": True, "text": message.get("text") or thanks,
                                                   "blocks": blocks}, services.http_session())
    else:  # an ephemeral card: Slack does not send its blocks back, so thank in a line of its own
        await post_to_response_url(response_url, {"response_type": "ephemeral", "replace_original": False,
                                                  "text": thanks}, services.http_session())


async def handle_another_version(body: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    """A new rewrite by the language model, replacing the card where it is."""
    services = context["services"]
    try:
        draft, tenant_message, lang = decode_draft(_action(body).get("value") or "")
    except Exception:  # noqa: BLE001 - a tampered or truncated value
        log.warning("'another version' button with an unreadable value")
        return
    user = (body.get("user") or {}).get("id", "")
    asker = Asker(context.team_id or "", user, lang)
    view = body.get("view")
    if view and view.get("type") == "modal":
        delivery = ModalDelivery(client, body.get("trigger_id", ""))
        delivery.view_id = view["id"]
    elif body.get("response_url"):
        delivery = ResponseUrlDelivery(body["response_url"], services.http_session())
    else:
        return
    variant = secrets.randbelow(1_000_000) + 1
    await review_and_deliver(services, delivery, asker, DraftInput(draft, tenant_message), variant=variant)


async def handle_open_draft_modal(body: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    lang = await context["services"].languages.language(client, (body.get("user") or {}).get("id"), timeout=0.5)
    await client.views_open(trigger_id=body["trigger_id"], view=cards.draft_input_modal(lang))


def register(app: AsyncApp) -> None:
    app.action(cards.ACTION_WHY)(ack=ack_at_once, lazy=[handle_why])
    app.action(cards.ACTION_USEFUL)(ack=ack_at_once, lazy=[handle_feedback])
    app.action(cards.ACTION_NOT_USEFUL)(ack=ack_at_once, lazy=[handle_feedback])
    app.action(cards.ACTION_ANOTHER)(ack=ack_at_once, lazy=[handle_another_version])
    app.action(cards.ACTION_OPEN_DRAFT)(ack=ack_at_once, lazy=[handle_open_draft_modal])
