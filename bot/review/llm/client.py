"""The model client's parts: failure kinds, the circuit breaker, the answer cache, retry timing, usage."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import openai
import pydantic
from cachetools import LRUCache

from bot.review.model import Review, Usage

log = logging.getLogger("bot.review.llm")  # one logger for the model path

MAX_ATTEMPTS = 3
BREAKER_THRESHOLD = 3
BREAKER_COOLDOWN = 60.0
CACHE_SIZE = 256
# An attempt that cannot get at least this long is not started: it could only time out.
MIN_ATTEMPT_SECONDS = 1.0

class _Failure(Exception):
    """Why a model call gave no usable review; ``counts`` feeds the circuit breaker."""

    def __init__(self, reason: str, *, counts: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.counts = counts


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


class ReviewCache:
    """Model reviews by key, the last ``size`` of them, in memory only (nothing of a draft is written to disk).

    A ``cachetools.LRUCache`` behind a lock: Slack handlers may review from several threads.
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._items: LRUCache[str, Review] = LRUCache(maxsize=max(1, size))
        self._lock = threading.Lock()

    def get(self, key: str) -> Review | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: str, review: Review) -> None:
        with self._lock:
            self._items[key] = review

    def __len__(self) -> int:
        return len(self._items)


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
