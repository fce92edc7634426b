"""Where a card goes, per entry point, and how it is replaced when the language model answers.

- ``/toon``: the command's response_url, ephemeral; replaced with ``replace_original``.
- DM: a reply in the thread of the person's message; replaced with chat.update.
- @mention: chat.postEphemeral to the person who asked, in the thread. Slack cannot update an
  ephemeral message posted through the API, so the model's review follows as a second ephemeral.
- Message shortcut: a modal (views.open within the trigger id's 3 s), replaced with views.update.

Every Web API call goes through clients with retry handlers (429 Retry-After, 5xx, connection
errors, see ``app.py``); a call that still fails is logged by method and error code, never with text.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.slack import cards

if TYPE_CHECKING:
    import aiohttp
    from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger("aandacht.slack")


class _ProportionalJitter(Jitter):
    """Up to half the interval on top (the SDK's default adds up to a whole second to every wait)."""

    def recalculate(self, duration: float) -> float:
        return duration * (1 + random.random() / 2)  # spreading retries, not security


def retry_handlers() -> list:
    """Sensible retries for Slack calls: honour 429 Retry-After, retry 5xx and dropped connections.

    A person is waiting for the card, and Slack's 5xx and dropped connections are mostly momentary:
    the two retries come after about 0.25 s and 0.5 s (at most 1.1 s in all, where the SDK's defaults
    wait up to 3.5 s) before the call is given up and logged.
    """
    quick = BackoffRetryIntervalCalculator(backoff_factor=0.25, jitter=_ProportionalJitter())
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=quick),
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        AsyncServerErrorRetryHandler(max_retry_count=2, interval_calculator=quick),
    ]


async def post_to_response_url(url: str, message: dict, session: aiohttp.ClientSession | None = None) -> bool:
    """POST ``message`` to a response_url with retries; False (logged) when Slack still refuses.

    ``session``: a shared session (``SlackServices.http_session()``) keeps connections to Slack open
    between messages instead of a new connection and TLS handshake for each.
    """
    client = AsyncWebhookClient(url=url, session=session, retry_handlers=retry_handlers())
    try:
        response = await client.send_dict(message)
    except Exception as error:  # noqa: BLE001 - logged; the caller carries on
        log.warning("response_url call failed: %s", type(error).__name__)
        return False
    if response.status_code >= 400:
        log.warning("response_url answered %s", response.status_code)
        return False
    return True


class Delivery(Protocol):
    """Shows a notice or a review card to the person, and replaces the card later."""

    #: a text key shown on the first card while the language model still reads
    pending_key: str
    #: open something at once (a modal's trigger id expires after 3 s)
    needs_quick_open: bool
    #: cards go into a modal view (else: a message with text and blocks)
    in_modal: bool

    async def busy(self, lang: str) -> None: ...

    async def notice(self, message: dict, lang: str) -> None: ...

    async def card(self, card: dict) -> None: ...

    async def replace(self, card: dict, *, is_model: bool) -> None: ...


@dataclass
class ResponseUrlDelivery:
    """``/toon``: an ephemeral card through the command's response_url."""

    response_url: str
    session: aiohttp.ClientSession | None = None
    pending_key: str = "llm_pending"
    needs_quick_open: bool = False
    in_modal: bool = False

    async def busy(self, lang: str) -> None:
        return None

    async def notice(self, message: dict, lang: str) -> None:
        await post_to_response_url(self.response_url, {"response_type": "ephemeral", **message}, self.session)

    async def card(self, card: dict) -> None:
        await post_to_response_url(self.response_url, {"response_type": "ephemeral", **card}, self.session)

    async def replace(self, card: dict, *, is_model: bool) -> None:
        await post_to_response_url(
            self.response_url, {"response_type": "ephemeral", "replace_original": True, **card}, self.session
        )


@dataclass
class ThreadReplyDelivery:
    """A DM: the card as a reply in the thread of the person's message; updated in place."""

    client: AsyncWebClient
    channel: str
    thread_ts: str
    pending_key: str = "llm_pending"
    needs_quick_open: bool = False
    in_modal: bool = False
    posted_ts: str | None = field(default=None, init=False)

    async def busy(self, lang: str) -> None:
        return None

    async def notice(self, message: dict, lang: str) -> None:
        await self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, **message)

    async def card(self, card: dict) -> None:
        response = await self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, **card)
        self.posted_ts = response.get("ts")

    async def replace(self, card: dict, *, is_model: bool) -> None:
        if self.posted_ts:
            await self.client.chat_update(channel=self.channel, ts=self.posted_ts, **card)
        else:
            await self.card(card)


@dataclass
class EphemeralDelivery:
    """A mention: only the person who asked sees the card, in the thread where they asked."""

    client: AsyncWebClient
    channel: str
    user: str
    thread_ts: str | None
    pending_key: str = "llm_pending_mention"
    needs_quick_open: bool = False
    in_modal: bool = False

    async def _post(self, message: dict) -> None:
        extra = {"thread_ts": self.thread_ts} if self.thread_ts else {}
        await self.client.chat_postEphemeral(channel=self.channel, user=self.user, **extra, **message)

    async def busy(self, lang: str) -> None:
        return None

    async def notice(self, message: dict, lang: str) -> None:
        await self._post(message)

    async def card(self, card: dict) -> None:
        await self._post(card)

    async def replace(self, card: dict, *, is_model: bool) -> None:
        # An API-posted ephemeral cannot be updated; the model's own review follows it, a fallback
        # (the model failed) adds nothing new and is not posted a second time.
        if is_model:
            await self._post(card)


@dataclass
class ModalDelivery:
    """The message shortcut: a modal opened within the trigger id's 3 s, then updated."""

    client: AsyncWebClient
    trigger_id: str
    pending_key: str = "llm_pending"
    needs_quick_open: bool = True
    in_modal: bool = True
    view_id: str | None = field(default=None, init=False)

    async def _show(self, view: dict) -> None:
        if self.view_id is None:
            response = await self.client.views_open(trigger_id=self.trigger_id, view=view)
            self.view_id = (response.get("view") or {}).get("id")
        else:
            await self.client.views_update(view_id=self.view_id, view=view)

    async def busy(self, lang: str) -> None:
        await self._show(cards.busy_modal(lang))

    async def notice(self, message: dict, lang: str) -> None:
        await self._show(cards.message_modal(message["text"], lang))

    async def card(self, card: dict) -> None:
        await self._show(card)

    async def replace(self, card: dict, *, is_model: bool) -> None:
        await self._show(card)
