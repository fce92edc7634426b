"""One review, start to finish, the same for every entry point: text in, a card out.

Runs after the ack. The offline review shows at once; with a language model configured, the
model's review replaces it when it arrives. Anything that goes wrong ends in a kind message for
the person and a log line without their text — never in an exception escaping into Bolt.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.present.packing import encode_draft
from bot.review.model import Review, ReviewInputError
from bot.slack import cards
from bot.slack.delivery import Delivery
from bot.slack.drafts import DraftInput, has_words
from bot.slack.services import SlackServices
from bot.slack.texts import text

log = logging.getLogger("aandacht.slack")


@dataclass(frozen=True)
class Asker:
    """Who asked, for tips, insights and the language of the app's own words."""

    team_id: str
    user_id: str
    lang: str


def present(
    review: Review,
    services: SlackServices,
    tips: cards.Tips | None,
    draft: DraftInput,
    *,
    pending: str | None,
    in_modal: bool,
) -> dict:
    """The card of one review: a modal view, or a message with text and blocks."""
    another = None
    if services.llm is not None:
        another = encode_draft(draft.draft, draft.tenant_message, review.language)
    options = {"another_version": another, "pending": pending, "tenant_context": draft.tenant_message is not None}
    if in_modal:
        return cards.review_modal(review, tips, **options)
    return cards.review_message(review, tips, **options)


class _Tracked:
    """The delivery, noting whether a card may have reached the person: a call that timed out has
    usually arrived at Slack, which answers late."""

    def __init__(self, delivery: Delivery) -> None:
        self._delivery = delivery
        self.card_may_have_arrived = False
        self.pending_key = delivery.pending_key
        self.needs_quick_open = delivery.needs_quick_open
        self.in_modal = delivery.in_modal

    async def busy(self, lang: str) -> None:
        await self._delivery.busy(lang)

    async def notice(self, message: dict, lang: str) -> None:
        await self._delivery.notice(message, lang)

    async def card(self, card: dict) -> None:
        try:
            await self._delivery.card(card)
        except TimeoutError:
            self.card_may_have_arrived = True
            raise

    async def replace(self, card: dict, *, is_model: bool) -> None:
        self.card_may_have_arrived = True  # the first card is on screen already
        await self._delivery.replace(card, is_model=is_model)


async def review_and_deliver(
    services: SlackServices, delivery: Delivery, asker: Asker, draft: DraftInput, *, variant: int = 0
) -> None:
    """Review ``draft`` and show the card through ``delivery``; never raises.

    One request, one outcome: once a card is on screen, or may be (a Slack that answers after our
    timeout has usually posted it), a failure is logged, not followed by a "sorry" message. A card
    that Slack refused (an error status) is followed by the "sorry" notice.
    """
    tracked = _Tracked(delivery)
    try:
        await _review_and_deliver(services, tracked, asker, draft, variant)
    except Exception as error:
        if tracked.card_may_have_arrived:
            log.warning("delivering the review card failed (%s); not sending a second message",
                        type(error).__name__)
            return
        log.exception("review in Slack failed")
        try:
            await delivery.notice(cards.notice_message(text("failed", asker.lang)), asker.lang)
        except Exception:
            log.exception("could not tell the person that the review failed")


async def _review_and_deliver(
    services: SlackServices, delivery: Delivery, asker: Asker, draft: DraftInput, variant: int
) -> None:
    if not draft.draft.strip():
        await delivery.notice(cards.help_message(asker.lang), asker.lang)
        return
    if not has_words(draft.draft):
        await delivery.notice(cards.notice_message(text("no_words", asker.lang)), asker.lang)
        return
    if variant and services.llm is not None:
        # "Nog een versie": only the model writes a new version; the card is already on screen.
        review = await services.review_llm(draft.draft, draft.tenant_message, asker.lang, variant=variant)
        await _show_final(services, delivery, asker, draft, review)
        return

    offline_task = asyncio.ensure_future(services.review_offline(draft.draft, draft.tenant_message, asker.lang))
    if delivery.needs_quick_open:
        done, _ = await asyncio.wait({offline_task}, timeout=services.modal_wait)
        if not done:
            await delivery.busy(asker.lang)
    try:
        offline = await offline_task
    except ReviewInputError as error:
        await delivery.notice(cards.notice_message(error.message(asker.lang)), asker.lang)
        return
    tips = await services.tips_for(asker.team_id, offline)
    pending = delivery.pending_key if services.llm is not None else None
    await delivery.card(present(offline, services, tips, draft, pending=pending, in_modal=delivery.in_modal))
    if services.llm is None:
        await services.reviewed(asker.team_id, asker.user_id, offline)
        return
    try:
        model_review = await services.review_llm(draft.draft, draft.tenant_message, asker.lang)
    except Exception:  # the LLM reviewer falls back itself; this is the last safety net
        log.exception("language-model review failed; keeping the offline card")
        model_review = offline
    await _show_final(services, delivery, asker, draft, model_review)


async def _show_final(
    services: SlackServices, delivery: Delivery, asker: Asker, draft: DraftInput, review: Review
) -> None:
    tips = await services.tips_for(asker.team_id, review)
    card = present(review, services, tips, draft, pending=None, in_modal=delivery.in_modal)
    await delivery.replace(card, is_model=review.engine == "llm")
    await services.reviewed(asker.team_id, asker.user_id, review)
