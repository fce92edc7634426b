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

Why ``chat.completions.parse`` with a pydantic model and not the Responses API or tools: it sends
a plain ``response_format: json_schema`` on ``/chat/completions``, the one structured-output
request that OpenAI, Azure OpenAI, vLLM and Ollama all accept, and it validates the answer
against the same pydantic model in the same call (raising typed errors for a content filter or
a cut-off answer). The schema asks for no offsets and no language: models count characters
badly and the language is already known, so both are computed here.

One model call per review, zero on a cache hit; the SDK's own retries are off (``max_retries=0``)
so that our own bounded retry, which honours ``Retry-After`` within the budget, is the only one.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import jinja2
import openai
import pydantic
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from bot.review.facts import missing_facts, same_times
from bot.review.injection import aimed_at_the_reviewer
from bot.review.language import detect_language
from bot.review.model import GUIDELINE_IDS, Finding, Review, ReviewInputError, Usage
from bot.review.redact import redact, restore, unknown_placeholders
from bot.review.refusal import is_refusal
from bot.review.rubric import guidelines

if TYPE_CHECKING:
    from bot.review.engines import Reviewer
    from bot.settings import Settings

log = logging.getLogger(__name__)

# Bump on every change to the templates or the schema: it is part of the cache key.
PROMPT_VERSION = "2026-11-27.4"
LANGUAGE_NAMES = {"nl": "Dutch", "en": "English"}
MAX_ATTEMPTS = 3
BREAKER_THRESHOLD = 3
BREAKER_COOLDOWN = 60.0
CACHE_SIZE = 256
# An attempt that cannot get at least this long is not started: it could only time out.
MIN_ATTEMPT_SECONDS = 1.0


class LLMNotConfigured(ReviewInputError):
    """``--engine llm`` without a model: the person must set OPENAI_API_KEY (or choose offline)."""

    messages: ClassVar[dict[str, str]] = {
        "nl": "Er is geen taalmodel ingesteld. Zet OPENAI_API_KEY (en zo nodig OPENAI_BASE_URL en "
        "AANDACHT_MODEL), of kies --engine offline of auto.",
        "en": "No language model is configured. Set OPENAI_API_KEY (and if needed OPENAI_BASE_URL and "
        "AANDACHT_MODEL), or choose --engine offline or auto.",
    }


# --- the structured answer we ask for (strict JSON schema, built by the SDK from these models)

def _verdict(value: object) -> object:
    """Forgive the small slips of servers that do not enforce the schema: " Issue", "N/A", "nvt"."""
    if isinstance(value, str):
        value = value.strip().lower()
        return "n/a" if value in ("na", "n.a.", "nvt", "n.v.t.", "not applicable", "none") else value
    return value


def _plain_verdict(value: object) -> object:
    """Only no_with_care can be "n/a"; for the others it means nothing to criticise: "ok"."""
    value = _verdict(value)
    return "ok" if value == "n/a" else value


Plain = Annotated[Literal["ok", "issue"], BeforeValidator(_plain_verdict)]


def _without_description(schema: dict[str, Any]) -> None:
    schema.pop("description", None)


class _Answer(BaseModel):
    """Base of the answer models: their docstrings are for us, not tokens in every request."""

    model_config = ConfigDict(json_schema_extra=_without_description)


class ModelVerdicts(_Answer):
    """One field per guideline, so a strict schema makes all seven required.

    The schema sent is strict (no extra fields); reading the answer is lenient (extra fields are
    ignored, verdict spellings normalised), so that a server without schema enforcement does not
    lose a whole review over a detail. Anything that still does not fit is a malformed answer.
    """

    hear: Plain
    acknowledge: Plain
    no_with_care: Annotated[Literal["ok", "issue", "n/a"], BeforeValidator(_verdict)]
    person_not_policy: Plain
    respect: Plain
    next_step: Plain
    plain_language: Plain


class ModelFinding(_Answer):
    guideline: Literal[
        "hear", "acknowledge", "no_with_care", "person_not_policy", "respect", "next_step", "plain_language"
    ]
    quote: str | None = Field(description="words copied exactly from the draft, or null when something is missing")
    message: str = Field(description="one sentence: why this matters for the tenant")
    suggestion: str = Field(description="a warmer alternative, or what to add")


def _known_findings(value: object) -> object:
    """Leave out findings for a guideline id the rubric does not have, instead of failing all."""
    if isinstance(value, list):
        return [item for item in value if not isinstance(item, dict) or item.get("guideline") in GUIDELINE_IDS]
    return value


class ModelReview(_Answer):
    findings: Annotated[list[ModelFinding], BeforeValidator(_known_findings)]
    verdicts: ModelVerdicts
    score: int = Field(description="0 (cold) to 100 (warm)")
    rewrite: str = Field(description="the whole reply, warmer, same facts and decision")


# --- notes shown to the person, in the draft's language

FALLBACK_NOTES: dict[str, dict[str, str]] = {
    "timeout": {
        "nl": "Het taalmodel antwoordde niet op tijd; dit is de offline beoordeling.",
        "en": "The language model did not answer in time; this is the offline review.",
    },
    "rate_limited": {
        "nl": "Het taalmodel is nu te druk; dit is de offline beoordeling.",
        "en": "The language model is too busy right now; this is the offline review.",
    },
    "unavailable": {
        "nl": "Het taalmodel is nu niet bereikbaar; dit is de offline beoordeling.",
        "en": "The language model cannot be reached right now; this is the offline review.",
    },
    "malformed": {
        "nl": "Het taalmodel gaf een onbruikbaar antwoord; dit is de offline beoordeling.",
        "en": "The language model gave an unusable answer; this is the offline review.",
    },
    "refused": {
        "nl": "Het taalmodel wilde deze tekst niet beoordelen; dit is de offline beoordeling.",
        "en": "The language model declined to review this text; this is the offline review.",
    },
    "rejected": {
        "nl": "Het taalmodel weigerde het verzoek (kijk de instellingen na); dit is de offline beoordeling.",
        "en": "The language model rejected the request (check the settings); this is the offline review.",
    },
    "circuit_open": {
        "nl": "Het taalmodel wordt na herhaalde storingen even overgeslagen (nog {seconds} s); "
        "dit is de offline beoordeling.",
        "en": "After repeated failures the language model is skipped for a while ({seconds} s left); "
        "this is the offline review.",
    },
}
REWRITE_REPLACED_NOTE = {
    "nl": "De herschrijving van het taalmodel veranderde {what}; daarom staat hier de offline herschrijving.",
    "en": "The language model's rewrite changed {what}, so this is the offline rewrite instead.",
}
REWRITE_PROBLEMS = {
    "facts": {"nl": "een feit (bedrag, datum, naam of nummer)", "en": "a fact (amount, date, name or number)"},
    "decision": {"nl": "het besluit", "en": "the decision"},
    "new_numbers": {"nl": "of beloofde iets nieuws (een nieuw getal of nieuwe datum)",
                    "en": "or promised something new (a new number or date)"},
    "placeholders": {"nl": "persoonsgegevens", "en": "personal data"},
    "empty": {"nl": "de hele tekst", "en": "the whole text"},
    "language": {"nl": "de taal", "en": "the language"},
}


class _Failure(Exception):
    """Why a model call gave no usable review; ``counts`` feeds the circuit breaker."""

    def __init__(self, reason: str, *, counts: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.counts = counts


# --- the pieces: breaker, cache, prompt


class CircuitBreaker:
    """After ``threshold`` failures in a row, skip the model for ``cooldown`` seconds.

    Then one review may try again (half-open): a success closes the breaker, a failure opens it
    for another cool-down. Thread-safe: Slack handlers may review from several threads.
    """

    def __init__(self, threshold: int = BREAKER_THRESHOLD, cooldown: float = BREAKER_COOLDOWN,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self.clock = clock
        self.failures = 0
        self.open_until = 0.0
        self._lock = threading.Lock()

    def seconds_left(self) -> float:
        """0 when the model may be called, else the seconds of cool-down left."""
        with self._lock:
            if self.failures < self.threshold:
                return 0.0
            return max(0.0, self.open_until - self.clock())

    def record_success(self) -> None:
        with self._lock:
            self.failures = 0

    def record_failure(self) -> None:
        with self._lock:
            self.failures += 1
            if self.failures >= self.threshold:
                self.open_until = self.clock() + self.cooldown


class _LRUCache:
    """Reviews by key, in memory only (nothing of a draft is written to disk)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[str, Review] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Review | None:
        with self._lock:
            review = self._items.get(key)
            if review is not None:
                self._items.move_to_end(key)
            return review

    def put(self, key: str, review: Review) -> None:
        with self._lock:
            self._items[key] = review
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


@lru_cache(maxsize=1)
def _templates() -> tuple[jinja2.Template, jinja2.Template]:
    """The two templates, read from the package ``bot.prompts`` (works from a wheel too)."""
    env = jinja2.Environment(
        autoescape=False,  # plain text for a model, not HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    folder = files("bot.prompts")
    system = env.from_string(folder.joinpath("review_system.j2").read_text(encoding="utf-8"))
    user = env.from_string(folder.joinpath("review_user.j2").read_text(encoding="utf-8"))
    return system, user


_DELIMITER_LOOKALIKE = re.compile(r"<(?=\s*/?\s*(?:draft|tenant_message)\b)", re.IGNORECASE)
NEUTRAL_BRACKET = "‹"  # U+2039: looks like "<" to a reader, is not one to the prompt's markers


def neutralise(text: str) -> str:
    """Defuse anything in a text that looks like one of our block markers (``</draft>``)."""
    return _DELIMITER_LOOKALIKE.sub(NEUTRAL_BRACKET, text)


def build_messages(draft: str, tenant_message: str | None, lang: str, variant: int = 0) -> list[dict[str, str]]:
    """The chat messages for one review of already redacted texts."""
    system, user = _templates()
    language_name = LANGUAGE_NAMES[lang]
    return [
        {"role": "system", "content": system.render(
            lang=lang, language_name=language_name, guidelines=list(guidelines().values()))},
        {"role": "user", "content": user.render(
            lang=lang, language_name=language_name, draft=neutralise(draft),
            tenant_message=neutralise(tenant_message) if tenant_message else None, variant=variant)},
    ]


# --- the reviewer


@dataclass
class _Request:
    """What one model call needs, and what is needed to read its answer."""

    draft: str  # the part of the draft that was reviewed (the whole draft unless very long)
    tenant_message: str | None
    lang: str
    mapping: dict[str, str]
    messages: list[dict[str, str]]
    variant: int


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
        self.cache = _LRUCache(cache_size)
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

    def _parse_kwargs(self, request: _Request, remaining: float) -> dict[str, Any]:
        return {
            "model": self.model,
            "messages": request.messages,
            "response_format": ModelReview,
            "timeout": openai.Timeout(remaining, connect=min(remaining, 5.0)),
        }

    def _call_sync(self, request: _Request) -> tuple[Any, int]:
        client = self._sync_client()
        deadline = self.clock() + self.timeout
        for attempt in range(1, self.max_attempts + 1):
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise _Failure("timeout")
            try:
                return client.chat.completions.parse(**self._parse_kwargs(request, remaining)), attempt
            except Exception as error:  # noqa: BLE001 - every failure becomes a fallback
                wait = self._retry_wait(error, attempt, deadline)
            time.sleep(wait)
        raise _Failure("unavailable")  # pragma: no cover - _retry_wait raises on the last attempt

    async def _call_async(self, request: _Request) -> tuple[Any, int]:
        client = self._async_client_for_loop()
        deadline = self.clock() + self.timeout
        for attempt in range(1, self.max_attempts + 1):
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise _Failure("timeout")
            try:
                # asyncio.timeout is a hard bound, whatever the server trickles.
                async with asyncio.timeout(remaining):
                    completion = await client.chat.completions.parse(**self._parse_kwargs(request, remaining))
                return completion, attempt
            except Exception as error:  # noqa: BLE001 - every failure becomes a fallback
                wait = self._retry_wait(error, attempt, deadline)
            await asyncio.sleep(wait)
        raise _Failure("unavailable")  # pragma: no cover

    def _retry_wait(self, error: Exception, attempt: int, deadline: float) -> float:
        """Seconds to wait before the next attempt, or raise ``_Failure`` when it is not worth it."""
        failure = _classify(error)
        retryable = failure.reason in ("rate_limited", "unavailable")
        if not retryable or attempt >= self.max_attempts:
            raise failure from None
        wait = _retry_after(error)
        if wait is None:
            wait = min(0.5 * 2 ** (attempt - 1), 4.0)
        if self.clock() + wait + MIN_ATTEMPT_SECONDS > deadline:
            raise failure from None  # the next attempt would not fit in the time limit
        return wait

    def _answer(self, completion: Any) -> ModelReview:
        message = completion.choices[0].message if completion.choices else None
        if message is None:
            raise _Failure("malformed")
        if getattr(message, "refusal", None):
            raise _Failure("refused", counts=False)
        if message.parsed is None:
            raise _Failure("malformed")
        return message.parsed

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


# --- turning a model answer into a guarded Review


def to_review(answer: ModelReview, request: _Request, draft: str, tenant_message: str | None,
              offline: Review, usage: Usage) -> tuple[Review, dict[str, Any]]:
    """Validate and repair a model answer against the draft; returns the review and counts."""
    lang = offline.language
    mapping = request.mapping
    verdicts: dict[str, str] = answer.verdicts.model_dump()
    refusal_in_draft = is_refusal(request.draft, lang)
    if verdicts["no_with_care"] == "n/a" and refusal_in_draft:
        # "n/a" means nothing is refused; our detector sees a refusal, so trust the offline verdict.
        verdicts["no_with_care"] = offline.verdicts.get("no_with_care", "issue")
        if verdicts["no_with_care"] == "n/a":
            verdicts["no_with_care"] = "issue"

    if aimed_at_the_reviewer(request.draft):
        # The draft speaks to the reviewer: what the offline reviewer found stands, whatever the model says.
        for gid in GUIDELINE_IDS:
            if offline.verdicts.get(gid) == "issue":
                verdicts[gid] = "issue"

    findings: list[Finding] = []
    seen: set[tuple[str, int | None, int | None]] = set()
    dropped = 0
    for model_finding in answer.findings:
        if verdicts.get(model_finding.guideline) != "issue":
            continue  # a finding for a guideline the model itself judged fine
        start = end = None
        quote = None
        if model_finding.quote is not None and model_finding.quote.strip():
            located = locate_quote(_unneutralise(restore(model_finding.quote, mapping), draft), draft)
            if located is None:
                dropped += 1
                continue  # an invented quote
            start, end = located
            quote = draft[start:end]
        marker = (model_finding.guideline, start, end)
        if marker in seen:
            continue
        seen.add(marker)
        findings.append(Finding(
            guideline=model_finding.guideline, quote=quote, start=start, end=end,
            message=restore(model_finding.message, mapping).strip() or guidelines()[model_finding.guideline].why[lang],
            suggestion=restore(model_finding.suggestion, mapping).strip()
            or guidelines()[model_finding.guideline].direction[lang],
        ))
    # Messages in the wrong language are replaced by the rubric's own words (the quotes stay).
    spoken = " ".join(f"{f.message} {f.suggestion}" for f in findings)
    if len(spoken.split()) >= 8 and detect_language(spoken, lang) != lang:
        findings = [f.model_copy(update={"message": guidelines()[f.guideline].why[lang],
                                         "suggestion": guidelines()[f.guideline].direction[lang]})
                    for f in findings]
    # Every issue shows something: the offline reviewer's finding, or what the rubric says.
    for gid in GUIDELINE_IDS:
        if verdicts[gid] == "issue" and not any(f.guideline == gid for f in findings):
            borrowed = [f for f in offline.findings if f.guideline == gid]
            findings.extend(borrowed or [Finding(
                guideline=gid, message=guidelines()[gid].why[lang], suggestion=guidelines()[gid].direction[lang])])
    order = {gid: i for i, gid in enumerate(GUIDELINE_IDS)}
    findings.sort(key=lambda f: (order[f.guideline], f.start if f.start is not None else 10**9))

    rewrite = restore(answer.rewrite, mapping).strip()
    problem = rewrite_problem(request.draft, rewrite, tenant_message, lang, refusal_in_draft)
    notes = list(offline.notes)
    if problem:
        rewrite = offline.rewrite
        notes.append(REWRITE_REPLACED_NOTE[lang].format(what=REWRITE_PROBLEMS[problem][lang]))
    elif len(request.draft) < len(draft):
        rewrite += draft[len(request.draft):]  # a long draft: the part not reviewed stays as it was

    review = Review(
        language=lang,
        score=score_for(verdicts, answer.score, findings),
        verdicts=verdicts,
        findings=findings,
        rewrite=rewrite,
        engine="llm",
        notes=notes,
        usage=usage,
    )
    return review, {"dropped_quotes": dropped, "rewrite_problem": problem}


_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " "})


def locate_quote(quote: str, draft: str) -> tuple[int, int] | None:
    """Where ``quote`` sits in ``draft``: exactly, or after folding whitespace, quotes and case.

    Returns offsets into the draft as given, so that ``draft[start:end]`` is the repaired quote;
    ``None`` when the words are not in the draft at all (an invented quote).
    """
    quote = quote.strip().strip('"').strip()
    if not quote:
        return None
    at = draft.find(quote)
    if at >= 0:
        return at, at + len(quote)
    folded_draft, positions = _fold(draft)
    folded_quote, _ = _fold(quote)
    folded_quote = folded_quote.strip()
    for candidate in (folded_quote, folded_quote.rstrip(".!?,;:")):
        if len(candidate) < 3:
            continue
        at = folded_draft.find(candidate)
        if at >= 0:
            return positions[at], positions[at + len(candidate) - 1] + 1
    return None


def _fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, straight quotes, single spaces; with the original index of every kept char."""
    chars: list[str] = []
    positions: list[int] = []
    previous_space = False
    for index, char in enumerate(text.translate(_QUOTE_FOLD)):
        if char.isspace():
            if previous_space:
                continue
            char = " "
            previous_space = True
        else:
            previous_space = False
        chars.append(char.lower())
        positions.append(index)
    return "".join(chars), positions


def _unneutralise(text: str, draft: str) -> str:
    return text.replace(NEUTRAL_BRACKET, "<") if NEUTRAL_BRACKET not in draft else text


_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def rewrite_problem(draft: str, rewrite: str, tenant_message: str | None, lang: str,
                    refusal_in_draft: bool | None = None) -> str | None:
    """Why a rewrite cannot be shown (``facts``, ``decision``, ...), or ``None`` when it is fine."""
    if not rewrite.strip():
        return "empty"
    if detect_language(rewrite, lang) != lang:
        return "language"
    if unknown_placeholders(rewrite):
        return "placeholders"
    if missing_facts(draft, rewrite):
        return "facts"
    if refusal_in_draft is None:
        refusal_in_draft = is_refusal(draft, lang)
    if refusal_in_draft != is_refusal(rewrite, lang):
        return "decision"
    known = {same_times(n) for n in _NUMBER.findall(draft) + _NUMBER.findall(tenant_message or "")}
    if any(same_times(number) not in known for number in _NUMBER.findall(rewrite)):
        return "new_numbers"  # "8:00" for the draft's "8.00" is the same time, not a new number
    return None


def score_for(verdicts: dict[str, str], model_score: int | None, findings: list[Finding] | None = None) -> int:
    """A score that agrees with the verdicts, on the same scale as the offline reviewer's.

    The verdicts decide (the engine's formula: each issue costs 12-14 points, extra findings a
    little more); the model's own 0-100 score only moves the result within that, as the
    "strength" the offline checks measure. So a model saying "100" for a draft with four issues
    still gets a score below 50.
    """
    strength = 0.5 if model_score is None else max(0.0, min(1.0, model_score / 100))
    from bot.review.checks.base import CheckResult
    from bot.review.score import score as engine_score

    per_guideline = {gid: sum(1 for f in findings or [] if f.guideline == gid) for gid in GUIDELINE_IDS}
    results = [
        CheckResult(guideline=gid, verdict=verdicts[gid], missing=[("", "")] * per_guideline[gid], strength=strength)
        for gid in GUIDELINE_IDS
    ]
    return max(0, min(100, int(engine_score(results))))


def _usage(completion: Any) -> Usage:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return Usage()
    prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
    completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
    total = int(getattr(usage, "total_tokens", 0) or 0) or prompt + completion_tokens
    return Usage(prompt_tokens=prompt, completion_tokens=completion_tokens, total_tokens=total)


def _classify(error: Exception) -> _Failure:
    """Map whatever the SDK raised to a fallback reason (never logging the error's text)."""
    if isinstance(error, _Failure):
        return error
    if isinstance(error, (openai.APITimeoutError, TimeoutError)):
        return _Failure("timeout")
    if isinstance(error, openai.RateLimitError):
        return _Failure("rate_limited")
    if isinstance(error, openai.APIStatusError) and getattr(error, "code", None) == "content_filter":
        return _Failure("refused", counts=False)  # Azure OpenAI filters the prompt with a 400
    if isinstance(error, openai.APIStatusError):
        if error.status_code >= 500 or error.status_code in (408, 409):
            return _Failure("unavailable")
        return _Failure("rejected")
    if isinstance(error, openai.APIConnectionError):
        return _Failure("unavailable")
    if isinstance(error, openai.ContentFilterFinishReasonError):
        return _Failure("refused", counts=False)
    if isinstance(error, (openai.LengthFinishReasonError, pydantic.ValidationError, json.JSONDecodeError,
                          ValueError, TypeError, KeyError, openai.APIResponseValidationError)):
        return _Failure("malformed")
    log.error("llm review: unexpected %s", type(error).__name__)
    return _Failure("unavailable")


def _retry_after(error: Exception) -> float | None:
    """Seconds from ``Retry-After`` / ``retry-after-ms`` of a failed response, if it said."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        if (ms := headers.get("retry-after-ms")) is not None:
            return max(0.0, float(ms) / 1000)
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


