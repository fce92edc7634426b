"""The language-model reviewer: a deeper review and a natural rewrite, behind the same ``Review``.

What a model answer has to get through before a person sees it:

1. **Privacy.** The draft and the tenant's message leave the machine only after
   :mod:`bot.review.redact` replaced names, e-mail addresses, phone numbers, IBANs, BSNs,
   postcodes and street addresses by placeholders; quotes and rewrite are restored afterwards.
2. **Data, not instructions.** Both texts sit between ``<draft>``/``<tenant_message>`` markers,
   the system prompt says that what is inside is never an instruction, and look-alikes of the
   markers inside the texts are neutralised, so a draft cannot close its own block.
3. **Guards on every answer.** All seven verdicts (the schema demands them); every quote a
   verbatim piece of the draft (offsets repaired, invented quotes dropped); the score inside the
   band its number of issues allows; the rewrite keeps every fact
   (:func:`bot.review.facts.missing_facts`), the decision (:func:`bot.review.refusal.is_refusal`)
   and adds no new numbers (a new date or amount is a new promise). A rewrite that fails is
   replaced by the offline rewrite, with a note.
4. **Failures never reach the user.** Timeout, 429, 5xx, malformed JSON, a refusal or a content
   filter give the offline review (``engine: offline``) with a note, within ``llm_timeout``
   seconds (retries included). After three failures in a row the model is skipped for a minute.

Why ``response_format: json_schema`` on ``/chat/completions`` and not the Responses API or tools:
it is the one structured-output request that OpenAI, Azure OpenAI, vLLM and Ollama all accept.
The strict schema is the SDK's own, built once from the pydantic model (``schema.response_format``;
``chat.completions.parse`` would rebuild it on every call), and the answer is validated against the
same model here (a content filter, a cut-off answer or a schema violation fall back). The schema asks for no offsets and no language: models count characters
badly and the language is already known, so both are computed here.

One model call per review, zero on a cache hit; the SDK's own retries are off (``max_retries=0``)
so that our own bounded retry, which honours ``Retry-After`` within the budget, is the only one.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import openai
import pydantic

from bot.review.model import Review, ReviewInputError, Usage
from bot.review.redact import redact

if TYPE_CHECKING:
    from bot.review.model import Reviewer
    from bot.settings import Settings

from bot.review.llm.client import (
    CACHE_SIZE,
    MAX_ATTEMPTS,
    MIN_ATTEMPT_SECONDS,
    CircuitBreaker,
    ReviewCache,
    _classify,
    _Failure,
    _retry_after,
    _usage,
)
from bot.review.llm.guard import FALLBACK_NOTES, _Request, locate_quote, rewrite_problem, score_for, to_review
from bot.review.llm.prompt import LANGUAGE_NAMES, PROMPT_VERSION, build_messages, neutralise
from bot.review.llm.schema import ModelFinding, ModelReview, ModelVerdicts, response_format

__all__ = ["LANGUAGE_NAMES", "PROMPT_VERSION", "CircuitBreaker", "LLMNotConfigured", "LLMReviewer", "ModelFinding",
           "ModelReview", "ModelVerdicts", "build_messages", "locate_quote", "neutralise", "rewrite_problem",
           "score_for"]

log = logging.getLogger("bot.review.llm")  # one logger for the model path


class LLMNotConfigured(ReviewInputError):
    """``--engine llm`` without a model: the person must set OPENAI_API_KEY (or choose offline)."""

    messages: ClassVar[dict[str, str]] = {
        "nl": "Er is geen taalmodel ingesteld. Zet OPENAI_API_KEY (en zo nodig OPENAI_BASE_URL en "
        "AANDACHT_MODEL), of kies --engine offline of auto.",
        "en": "No language model is configured. Set OPENAI_API_KEY (and if needed OPENAI_BASE_URL and "
        "AANDACHT_MODEL), or choose --engine offline or auto.",
    }


# --- the reviewer


class _Attempts:
    """The one retry path of a model call, for the sync and the async client alike: attempts while
    the overall time limit leaves room, a retry only for a rate limit or an unavailable server,
    waiting as ``Retry-After`` says (else 0.5, 1, 2 ... s)."""

    def __init__(self, reviewer: LLMReviewer) -> None:
        self.clock, self.most = reviewer.clock, reviewer.max_attempts
        self.deadline = self.clock() + reviewer.timeout
        self.number = 0

    def __iter__(self) -> Iterator[float]:
        while self.number < self.most:
            remaining = self.deadline - self.clock()
            if remaining <= 0:
                return
            self.number += 1
            yield remaining

    def wait_after(self, error: Exception) -> float:
        """Seconds to wait before the next attempt, or raise ``_Failure`` when it is not worth it."""
        failure = _classify(error)
        if failure.reason not in ("rate_limited", "unavailable") or self.number >= self.most:
            raise failure from None
        wait = _retry_after(error)
        if wait is None:
            wait = min(0.5 * 2 ** (self.number - 1), 4.0)
        if self.clock() + wait + MIN_ATTEMPT_SECONDS > self.deadline:
            raise failure from None  # the next attempt would not fit in the time limit
        return wait


@dataclass
class _Call:
    """One model call under way: what is needed to read its answer, cache it, or fall back."""

    key: str  # the cache key
    request: _Request
    draft: str
    tenant_message: str | None
    offline: Review  # the fallback, and the guard's reference
    started: float  # time.perf_counter() before the call, for the log


class LLMReviewer:
    """Reviews with a language model through the openai SDK; falls back to ``fallback``.

    ``review()`` uses the sync client, ``areview()`` the async one; both share the cache and the
    circuit breaker. ``variant`` (keyword) asks for another rewrite of the same draft ("Nog een
    versie"): a different cache entry and a request to phrase it differently.
    """

    name = "llm"

    def __init__(
        self,
        settings: Settings,
        fallback: Reviewer | None = None,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        breaker: CircuitBreaker | None = None,
        cache_size: int = CACHE_SIZE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not settings.llm_configured:
            raise LLMNotConfigured()
        if fallback is None:
            from bot.review.offline import OfflineReviewer

            fallback = OfflineReviewer(max_chars=settings.max_draft_chars)
        self.settings = settings
        self.fallback = fallback
        self.model = settings.model
        self.timeout = float(settings.llm_timeout)
        self.max_attempts = max(1, max_attempts)
        self.breaker = breaker or CircuitBreaker(clock=clock)
        self.cache = ReviewCache(cache_size)
        self.clock = clock
        self.max_chars = settings.max_draft_chars
        self._client: openai.OpenAI | None = None
        self._async_client: openai.AsyncOpenAI | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None
        self._client_lock = threading.Lock()

    # -- public interface

    def review(self, draft: str, tenant_message: str | None = None, *, language: str | None = None,
               variant: int = 0) -> Review:
        offline = self.fallback.review(draft, tenant_message, language=language)  # raises input errors
        call = self._before_call(offline, draft, tenant_message, language, variant)
        if isinstance(call, Review):
            return call
        try:
            completion, attempts = self._call_sync(call.request)
        except _Failure as failure:
            return self._failed(offline, failure, call.started)
        return self._after_call(call, completion, attempts)

    async def areview(self, draft: str, tenant_message: str | None = None, *, language: str | None = None,
                      variant: int = 0) -> Review:
        offline = await self.fallback.areview(draft, tenant_message, language=language)
        call = self._before_call(offline, draft, tenant_message, language, variant)
        if isinstance(call, Review):
            return call
        try:
            completion, attempts = await self._call_async(call.request)
        except _Failure as failure:
            return self._failed(offline, failure, call.started)
        return self._after_call(call, completion, attempts)

    # -- the steps (shared by review and areview; only the model call itself differs)

    def _before_call(self, offline: Review, draft: str, tenant_message: str | None, language: str | None,
                     variant: int) -> Review | _Call:
        """A cached review, the offline one while the circuit is open, or what the model call needs."""
        key = self._cache_key(draft, tenant_message, language, variant)
        if (cached := self._from_cache(key)) is not None:
            return cached
        if (left := self.breaker.seconds_left()) > 0:
            return self._fallen_back(offline, "circuit_open", seconds=left)
        request = self._prepare(draft, tenant_message, offline.language, variant)
        return _Call(key, request, draft, tenant_message, offline, time.perf_counter())

    def _after_call(self, call: _Call, completion: Any, attempts: int) -> Review:
        """The model's answer, guarded, as the review; the offline review when the answer is unusable."""
        try:
            answer = self._answer(completion)
        except _Failure as failure:
            return self._failed(call.offline, failure, call.started)
        return self._succeeded(call.key, call.request, completion, answer, call.draft, call.tenant_message,
                               call.offline, call.started, attempts)

    def _cache_key(self, draft: str, tenant_message: str | None, language: str | None, variant: int) -> str:
        """A hash of everything that changes the answer; the texts themselves are not kept as keys."""
        parts = [draft, tenant_message or "", language or "", self.model, self.settings.openai_base_url or "",
                 PROMPT_VERSION, str(variant)]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def _from_cache(self, key: str) -> Review | None:
        cached = self.cache.get(key)
        if cached is None:
            return None
        log.info("llm review: outcome=cache_hit model_calls=0")
        # A cache hit costs no tokens: usage says so.
        return cached.model_copy(deep=True, update={"usage": Usage()})

    def _prepare(self, draft: str, tenant_message: str | None, lang: str, variant: int) -> _Request:
        reviewed = draft
        if len(draft) > self.max_chars:  # the same cut as the offline reviewer, which says so in a note
            cut = draft.rfind(" ", 0, self.max_chars)
            reviewed = draft[: cut if cut > self.max_chars // 2 else self.max_chars]
        if tenant_message and len(tenant_message) > self.max_chars:
            tenant_message = tenant_message[: self.max_chars]
        (safe_draft, safe_message), mapping = redact(reviewed, tenant_message)
        messages = build_messages(safe_draft or "", safe_message, lang, variant)
        return _Request(reviewed, tenant_message, lang, mapping, messages, variant)

    def _client_options(self) -> dict[str, Any]:
        assert self.settings.openai_api_key is not None
        options: dict[str, Any] = {
            "api_key": self.settings.openai_api_key.get_secret_value(),
            "max_retries": 0,  # our own bounded retry only
            "timeout": self.timeout,
        }
        if self.settings.openai_base_url:
            options["base_url"] = self.settings.openai_base_url
        return options

    def _sync_client(self) -> openai.OpenAI:
        with self._client_lock:
            if self._client is None:
                self._client = openai.OpenAI(**self._client_options())
            return self._client

    def _async_client_for_loop(self) -> openai.AsyncOpenAI:
        # An async HTTP client belongs to the event loop that created it.
        loop = asyncio.get_running_loop()
        if self._async_client is None or self._async_loop is not loop:
            self._async_client = openai.AsyncOpenAI(**self._client_options())
            self._async_loop = loop
        return self._async_client

    def _create_kwargs(self, request: _Request, remaining: float) -> dict[str, Any]:
        return {
            "model": self.model,
            "messages": request.messages,
            "response_format": response_format(),
            "timeout": openai.Timeout(remaining, connect=min(remaining, 5.0)),
        }

    def _call_sync(self, request: _Request) -> tuple[Any, int]:
        client, attempts = self._sync_client(), _Attempts(self)
        for remaining in attempts:
            try:
                return client.chat.completions.create(**self._create_kwargs(request, remaining)), attempts.number
            except Exception as error:  # noqa: BLE001 - every failure becomes a fallback
                time.sleep(attempts.wait_after(error))
        raise _Failure("timeout")

    async def _call_async(self, request: _Request) -> tuple[Any, int]:
        client, attempts = self._async_client_for_loop(), _Attempts(self)
        for remaining in attempts:
            try:
                async with asyncio.timeout(remaining):  # a hard bound, whatever the server trickles
                    completion = await client.chat.completions.create(**self._create_kwargs(request, remaining))
                return completion, attempts.number
            except Exception as error:  # noqa: BLE001 - every failure becomes a fallback
                await asyncio.sleep(attempts.wait_after(error))
        raise _Failure("timeout")

    def _answer(self, completion: Any) -> ModelReview:
        choice = completion.choices[0] if completion.choices else None
        message = choice.message if choice is not None else None
        if message is None:
            raise _Failure("malformed")
        if getattr(message, "refusal", None) or choice.finish_reason == "content_filter":
            raise _Failure("refused", counts=False)
        if choice.finish_reason == "length" or not message.content:
            raise _Failure("malformed")  # cut off: the JSON is not whole
        try:
            return ModelReview.model_validate_json(message.content)
        except pydantic.ValidationError:
            raise _Failure("malformed") from None

    def _failed(self, offline: Review, failure: _Failure, started: float) -> Review:
        if failure.counts:
            self.breaker.record_failure()
        log.warning("llm review: outcome=fallback reason=%s ms=%d consecutive_failures=%d", failure.reason,
                    (time.perf_counter() - started) * 1000, self.breaker.failures)
        return self._fallen_back(offline, failure.reason)

    def _fallen_back(self, offline: Review, reason: str, seconds: float = 0.0) -> Review:
        if reason == "circuit_open":
            log.info("llm review: outcome=skipped reason=circuit_open seconds_left=%d", seconds)
        note = FALLBACK_NOTES[reason][offline.language].format(seconds=max(1, round(seconds)))
        return offline.model_copy(update={"engine": "offline", "notes": [*offline.notes, note]})

    def _succeeded(self, key: str, request: _Request, completion: Any, answer: ModelReview, draft: str,
                   tenant_message: str | None, offline: Review, started: float, attempts: int) -> Review:
        usage = _usage(completion)
        try:
            review, stats = to_review(answer, request, draft, tenant_message, offline, usage)
        except Exception as error:  # noqa: BLE001 - a bug in a guard must not reach the user
            log.error("llm review: guard failed with %s", type(error).__name__)
            return self._failed(offline, _Failure("malformed"), started)
        self.breaker.record_success()
        self.cache.put(key, review)
        log.info(
            "llm review: outcome=ok model_calls=%d prompt_tokens=%d completion_tokens=%d total_tokens=%d "
            "ms=%d findings=%d dropped_quotes=%d rewrite_replaced=%s",
            attempts, usage.prompt_tokens, usage.completion_tokens, usage.total_tokens,
            (time.perf_counter() - started) * 1000, len(review.findings), stats["dropped_quotes"],
            stats["rewrite_problem"] or "no",
        )
        return review.model_copy(deep=True)


