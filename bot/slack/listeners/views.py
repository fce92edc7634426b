"""Modal submissions: a draft pasted into the "Concept beoordelen" modal from App Home.

The submission is acked with ``response_action: update`` to a "bezig..." view (or an inline error
for an empty draft); the review then replaces it through views.update, as after the shortcut.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import cards
from bot.slack.delivery import ModalDelivery
from bot.slack.drafts import DraftInput, split_quoted_tenant_message
from bot.slack.flow import Asker, review_and_deliver
from bot.slack.texts import text


def submitted_values(view: dict) -> tuple[str, str]:
    """(draft, tenant message) from the modal's two inputs."""
    values = (view.get("state") or {}).get("values") or {}
    draft = ((values.get(cards.DRAFT_BLOCK) or {}).get(cards.DRAFT_INPUT) or {}).get("value") or ""
    tenant = ((values.get(cards.TENANT_BLOCK) or {}).get(cards.TENANT_INPUT) or {}).get("value") or ""
    return draft, tenant


async def ack_draft_submission(ack: AsyncAck, view: dict) -> None:
    """Answer the submission itself: an inline error for an empty draft, else "bezig..." in place."""
    lang = view.get("private_metadata") or "nl"
    draft_text, _ = submitted_values(view)
    if not draft_text.strip():
        await ack(response_action="errors", errors={cards.DRAFT_BLOCK: text("no_words", lang)})
    else:
        await ack(response_action="update", view=cards.busy_modal(lang))


async def handle_draft_submission(body: dict, view: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    """After the ack: the review replaces the "bezig..." view."""
    lang = view.get("private_metadata") or "nl"
    draft_text, tenant_text = submitted_values(view)
    if not draft_text.strip():
        return
    delivery = ModalDelivery(client, body.get("trigger_id", ""))
    delivery.view_id = view["id"]
    draft = split_quoted_tenant_message(draft_text)
    if tenant_text.strip():
        draft = DraftInput(draft.draft, tenant_text.strip())
    user = (body.get("user") or {}).get("id", "")
    await review_and_deliver(context["services"], delivery, Asker(context.team_id or "", user, lang), draft)


def register(app: AsyncApp) -> None:
    app.view(cards.DRAFT_MODAL)(ack=ack_draft_submission, lazy=[handle_draft_submission])
