"""What the Slack listeners share: reviewers, small in-memory helpers, and the seams for coaching.

One ``SlackServices`` is made per Bolt app (no module globals) and handed to every listener through
Bolt's context (``context["services"]``). The seams (set by :mod:`bot.slack.coaching` and
:mod:`bot.slack.insights` when the app is built):

- ``tips``: a :class:`TipSource` that gives one tip per guideline for a card (``None``: no tips);
- ``feedback``: a :class:`FeedbackCounter` ("Nuttig" / "Niet nuttig"), in memory until a database
  backs it;
- ``home_blocks``: callables that add blocks to App Home (team insights);
- ``review_observers``: callables told about every finished review (counts only, never text);
- ``event_claims``: :class:`EventClaims` in the shared database, so that a Slack retry reaching
  another server process is skipped (``None``: the in-memory check alone).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import aiohttp
from cachetools import TLRUCache

from bot.coaching.service import Coaching
from bot.dedup import RecentIds
from bot.review.engines import Reviewer, make_reviewer
from bot.review.model import Review
from bot.slack.coaching import Leads
from bot.store.repository import LazyStore

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.settings import Settings

log = logging.getLogger("aandacht.slack")
PEOPLE_KEPT = 10_000  # people whose Slack language is remembered


class TipSource(Protocol):
    async def tips_for(self, team_id: str, guideline_ids: Sequence[str], lang: str) -> Mapping[str, tuple[str, str]]:
        """One tip per guideline id that has one: ``{guideline: (tip text, author name)}``."""


class FeedbackCounter(Protocol):
    async def record(self, team_id: str, guideline_ids: Sequence[str], useful: bool) -> None:
        """Count one click for each guideline (never any text, never who clicked)."""

    async def counts(self, team_id: str) -> Mapping[str, tuple[int, int]]:
        """``{guideline: (useful, not useful)}`` for one workspace."""


class InMemoryFeedback:
    """Feedback counts in this process only (a Slack app without coaching; tests)."""

    def __init__(self) -> None:
        self._useful: dict[str, Counter[str]] = {}
        self._not_useful: dict[str, Counter[str]] = {}

    async def record(self, team_id: str, guideline_ids: Sequence[str], useful: bool) -> None:
        bucket = self._useful if useful else self._not_useful
        bucket.setdefault(team_id, Counter()).update(guideline_ids)

    async def counts(self, team_id: str) -> Mapping[str, tuple[int, int]]:
        useful = self._useful.get(team_id, Counter())
        not_useful = self._not_useful.get(team_id, Counter())
        return {g: (useful[g], not_useful[g]) for g in sorted(set(useful) | set(not_useful))}


@dataclass(frozen=True)
class HomeContext:
    """What an App Home block provider gets: who opened Home, where, in which language."""

    team_id: str
    user_id: str
    lang: str
    client: AsyncWebClient


@dataclass(frozen=True)
class ReviewEvent:
    """A finished review, for observers that keep counts (insights). Holds no draft text."""

    team_id: str
    user_id: str
    review: Review


class EventClaims(Protocol):
    async def claim_event(self, team_id: str, event_id: str) -> bool:
        """True for the one process that may handle this Slack event; False when another claimed it."""


HomeBlockProvider = Callable[[HomeContext], Awaitable[Sequence[dict]]]
ReviewObserver = Callable[[ReviewEvent], Awaitable[None]]


class UserLanguages:
    """A person's language from their Slack locale (``users.info``), cached; Dutch when unknown.

    Concurrent requests for the same person share one ``users.info`` call.
    """

    def __init__(self, ttl: float = 3600.0) -> None:
        self.ttl = ttl
        # (language, seconds to keep it): a failed users.info is asked again after a minute
        self._cache: TLRUCache[str, tuple[str, float]] = TLRUCache(
            maxsize=PEOPLE_KEPT, ttu=lambda _key, value, now: now + value[1])
        self._asking: dict[str, asyncio.Future[str]] = {}

    async def language(self, client: AsyncWebClient, user_id: str | None, *, timeout: float = 5.0) -> str:
        """``nl`` or ``en``; waits at most ``timeout`` seconds for Slack (then Dutch, not cached)."""
        if not user_id:
            return "nl"
        cached = self._cache.get(user_id)
        if cached is not None:
            return cached[0]
        asking = self._asking.get(user_id)
        if asking is None:
            asking = self._asking[user_id] = asyncio.ensure_future(self._ask(client, user_id))
            asking.add_done_callback(lambda _: self._asking.pop(user_id, None))
        try:
            return await asyncio.wait_for(asyncio.shield(asking), timeout)
        except TimeoutError:
            return "nl"

    async def _ask(self, client: AsyncWebClient, user_id: str) -> str:
        try:
            response = await client.users_info(user=user_id, include_locale=True)
        except Exception as error:  # noqa: BLE001 - no users:read, rate limit after retries, network: Dutch
            log.warning("users.info failed (%s); using Dutch", type(error).__name__)
            self._cache[user_id] = ("nl", 60.0)
            return "nl"
        locale = str((response.get("user") or {}).get("locale") or "")
        lang = "en" if locale.lower().startswith("en") else "nl"
        self._cache[user_id] = (lang, self.ttl)
        return lang


@dataclass
class SlackServices:
    """Everything a listener needs besides the Bolt request; see the module docstring for hooks."""

    settings: Settings
    offline: Reviewer
    llm: Reviewer | None = None
    feedback: FeedbackCounter = field(default_factory=InMemoryFeedback)
    tips: TipSource | None = None
    home_blocks: list[HomeBlockProvider] = field(default_factory=list)
    review_observers: list[ReviewObserver] = field(default_factory=list)
    languages: UserLanguages = field(default_factory=UserLanguages)
    recent_events: RecentIds = field(default_factory=RecentIds)
    event_claims: EventClaims | None = None
    _coaching: Coaching | None = field(default=None, init=False, repr=False)
    _leads: Leads | None = field(default=None, init=False, repr=False)
    #: longest wait for the database's event claim before handling the event anyway
    claim_wait: float = 3.0
    #: how long a modal entry point waits for the offline review before it opens "bezig..." first
    #: (the trigger id lives 3 s; the offline engine takes milliseconds)
    modal_wait: float = 1.0
    _http: aiohttp.ClientSession | None = field(default=None, init=False, repr=False)
    _claims_failing: bool = field(default=False, init=False, repr=False)

    def coaching(self) -> Coaching:
        """The app's one coaching service (made on first use); also the cards' tips, the feedback
        counter and the event claims, all in the database."""
        if self._coaching is None:
            self._coaching = Coaching(LazyStore.from_settings(self.settings),
                                      retention_months=self.settings.insight_retention_months)
            self.tips = self.feedback = self.event_claims = self._coaching
        return self._coaching

    def leads(self) -> Leads:
        """Who is a team lead in this workspace (bot.slack.coaching.Leads)."""
        if self._leads is None:
            self._leads = Leads(self.settings.lead_id_set, self.settings.lead_group or None)
        return self._leads

    def http_session(self) -> aiohttp.ClientSession:
        """One HTTP session for response_url posts, made on first use inside the running loop."""
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession()
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    def __deepcopy__(self, memo: dict) -> SlackServices:
        """Shared, never copied: Bolt deep-copies the request context for lazy listeners."""
        return self

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackServices:
        llm = make_reviewer(settings, "llm") if settings.llm_configured else None
        return cls(settings=settings, offline=make_reviewer(settings, "offline"), llm=llm)

    async def warm_up(self) -> None:
        """Load the offline engine's word lists now, so that the first person does not wait for them."""
        try:
            await self.review_offline("Beste mevrouw, dank u voor uw bericht. Ik bel u morgen.", None, "nl")
        except Exception:
            log.exception("offline engine warm-up failed")

    async def review_offline(self, draft: str, tenant_message: str | None, language: str | None) -> Review:
        """The offline review in a worker thread, so reviews never hold up other acks.

        Measured: 50 drafts at once, reviewed on the event loop, delayed the last ack about twice as
        long (300 ms) as with the reviews in threads (145 ms).
        """
        return await asyncio.to_thread(self.offline.review, draft, tenant_message, language=language)

    async def review_llm(
        self, draft: str, tenant_message: str | None, language: str | None, *, variant: int = 0
    ) -> Review:
        """The language model's review; the LLM reviewer itself falls back to offline on failure.

        ``variant`` > 0 asks for another rewrite ("Nog een versie"), part of the ``Reviewer`` protocol.
        """
        assert self.llm is not None
        return await self.llm.areview(draft, tenant_message, language=language, variant=variant)

    async def first_delivery(self, team_id: str, event_id: str | None) -> bool:
        """Whether this process handles the Slack event: the database claim decides between processes.

        Runs after the ack (in the lazy listener), so the claim never delays it. Without a database
        (none configured, unreachable, too slow) the event is handled: the in-memory check has
        already filtered this process's own retries, and a review is never dropped. Logged once.
        """
        if self.event_claims is None or not event_id:
            return True
        try:
            won = await asyncio.wait_for(self.event_claims.claim_event(team_id, event_id), self.claim_wait)
        except Exception as error:  # noqa: BLE001 - StoreError, timeout, anything: handle the event
            if not self._claims_failing:
                log.warning("event claim in the database failed (%s); de-duplicating Slack retries in this "
                            "process only until it works again", type(error).__name__)
                self._claims_failing = True
            return True
        if self._claims_failing:
            log.info("event claims in the database work again")
            self._claims_failing = False
        return won

    async def tips_for(self, team_id: str, review: Review) -> Mapping[str, tuple[str, str]] | None:
        if self.tips is None or not review.issues():
            return None
        try:
            return await self.tips.tips_for(team_id, review.issues(), review.language)
        except Exception:  # a broken tip store must never cost the person their review
            log.exception("tips lookup failed; showing the card without tips")
            return None

    async def reviewed(self, team_id: str, user_id: str, review: Review) -> None:
        for observer in self.review_observers:
            try:
                await observer(ReviewEvent(team_id, user_id, review))
            except Exception:
                log.exception("review observer failed")
