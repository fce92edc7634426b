"""The offline reviewer: rules and lexicons, no network, a few milliseconds per draft.

``OfflineReviewer.review(draft, tenant_message=None, language=None) -> Review``: prepares the
chat text (bot.review.text), detects Dutch or English (bot.review.language), runs the seven
checks (bot.review.checks) against the lexicon of that language, scores (bot.review.score) and
writes a warmer rewrite (bot.review.rewrite). Only the standard library and pydantic are
imported; the lexicon (built-in plus ``lexicon_paths``) is loaded on first use and cached, its
patterns compiled as reviews first need them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from cachetools import LRUCache

from bot.review.checks import CHECKS
from bot.review.checks.base import CheckResult
from bot.review.injection import INJECTION_NOTE, aimed_at_the_reviewer
from bot.review.language import detect_language
from bot.review.learned import reconcile
from bot.review.learned.model import load_model
from bot.review.lexicon import load_lexicon
from bot.review.model import EmptyDraft, Finding, NoWords, OnlyGreeting, Review, UnsupportedLanguage
from bot.review.refusal import context_for
from bot.review.rewrite import rewrite_draft
from bot.review.score import courtesy_balance, score
from bot.review.text import PreparedText, prepare

__all__ = ["OfflineReviewer"]

RECENT_REVIEWS = 32
_RECENT: LRUCache[tuple, Review] = LRUCache(maxsize=RECENT_REVIEWS)
_RECENT_LOCK = threading.Lock()

_LINK = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
MAX_FINDINGS_PER_GUIDELINE = 6
_SENTENCE_KINDS = frozenset({"long", "passive"})
_TRUNCATED_NOTE = {
    "nl": "Dit concept is lang: alleen de eerste {n} tekens zijn beoordeeld.",
    "en": "This draft is long: only the first {n} characters were reviewed.",
}


class OfflineReviewer:
    """Rules and lexicons for Dutch and English; the default reviewer."""

    name = "offline"

    def __init__(self, max_chars: int = 6000, lexicon_paths: Sequence[str | Path] = ()) -> None:
        self.max_chars = max_chars
        self.lexicon_paths = tuple(str(path) for path in lexicon_paths)
        for lang in ("nl", "en") if self.lexicon_paths else ():
            load_lexicon(lang, self.lexicon_paths)  # an organisation's file with a mistake fails now, not mid-review

    def review(self, draft: str, tenant_message: str | None = None, *, language: str | None = None,
               variant: int = 0) -> Review:
        """Review ``draft``; raises EmptyDraft (OnlyGreeting when only a salutation/sign-off) or UnsupportedLanguage.

        ``variant`` is accepted for the ``Reviewer`` protocol: rules write one rewrite, the same every time.
        The same draft reviewed again within moments (the quick card, then the language model's
        reviewer, which starts from the offline review) is answered from a small memory of the last
        reviews in this process: never written anywhere, gone with the process.
        """
        key = (self.max_chars, self.lexicon_paths, id(load_model()), draft, tenant_message, language)
        with _RECENT_LOCK:
            known = _RECENT.get(key)
        if known is not None:
            return known
        review = self._review(draft, tenant_message, language)
        with _RECENT_LOCK:
            _RECENT[key] = review
        return review

    def _review(self, draft: str, tenant_message: str | None, language: str | None) -> Review:
        if not draft or not draft.strip():
            raise EmptyDraft()
        reviewed = draft
        truncated = len(draft) > self.max_chars
        if truncated:
            cut = draft.rfind(" ", 0, self.max_chars)
            reviewed = draft[: cut if cut > self.max_chars // 2 else self.max_chars]
        prepared = prepare(reviewed)
        if not _LETTER.search(_LINK.sub(" ", prepared.text)):
            raise NoWords()  # only markup, emoji, numbers or a bare link: nothing to review
        lang = detect_language(prepared.text, hint=language)
        if lang is None:
            raise UnsupportedLanguage()
        lexicon = load_lexicon(lang, self.lexicon_paths)
        if tenant_message and len(tenant_message) > self.max_chars:  # cut like the draft: 5 MB stays a few ms
            tenant_message = tenant_message[: self.max_chars]
        tenant = _plain(tenant_message) if tenant_message and tenant_message.strip() else None
        context = context_for(prepared, lang, lexicon, tenant)
        if not context.body and (not context.signature_lines or lexicon.signal("closing").search(prepared.text)):
            # "Met vriendelijke groet, Jan": nothing said to the tenant yet. (Short last lines after a
            # greeting without a closing formula, "Hoi Sam,\n\nKomt goed", are a reply and get reviewed.)
            raise OnlyGreeting()
        results, _ = reconcile(context, [check.check(context) for check in CHECKS])
        findings = _findings(prepared, results)
        notes = [_TRUNCATED_NOTE[lang].replace("{n}", str(len(reviewed)))] if truncated else []
        injected = aimed_at_the_reviewer(prepared.text)
        if injected:
            notes.append(INJECTION_NOTE[lang].format(quote=injected[:80]))
        rewritten = rewrite_draft(reviewed, context, results)
        if truncated:
            rewritten += draft[len(reviewed) :]
        return Review(
            language=lang,
            score=score(results, courtesy_balance(context)),
            verdicts={result.guideline: result.verdict for result in results},
            findings=findings,
            rewrite=rewritten,
            engine="offline",
            notes=notes,
        )

    async def areview(
        self, draft: str, tenant_message: str | None = None, *, language: str | None = None, variant: int = 0
    ) -> Review:
        """The same, in a worker thread: a review takes several milliseconds (the learned layer), and a
        server's event loop (Teams, the model path) must not stop for that while it acks other requests."""
        import asyncio  # only async surfaces pay for the import

        return await asyncio.to_thread(self.review, draft, tenant_message, language=language)


@lru_cache(maxsize=64)
def _plain(message: str) -> str:
    """The tenant's message as plain text; the same message comes back for every new draft of a reply."""
    return prepare(message).text


def _findings(prepared: PreparedText, results: list[CheckResult]) -> list[Finding]:
    findings: list[Finding] = []
    for result in results:
        if result.verdict != "issue":
            continue
        seen: set[tuple[int, int]] = set()
        words: list[tuple[int, int]] = []
        # the words themselves first ("inzake"), whole sentences (too long, passive) after them
        for hit in sorted(result.hits, key=lambda h: (h.kind in _SENTENCE_KINDS, h.start, -h.end)):
            start, end = prepared.span_in_draft(hit.start, hit.end)
            if (start, end) in seen:
                continue
            if hit.kind not in _SENTENCE_KINDS and any(a <= start and end <= b for a, b in words):
                continue  # "You need to" inside "You need to understand": one finding is enough
            seen.add((start, end))
            if hit.kind not in _SENTENCE_KINDS:
                words.append((start, end))
            findings.append(
                Finding(guideline=result.guideline, quote=prepared.draft[start:end], start=start, end=end,
                        message=hit.message, suggestion=hit.suggestion)
            )
            if len(seen) >= MAX_FINDINGS_PER_GUIDELINE:
                break
        for message, suggestion in result.missing:
            findings.append(Finding(guideline=result.guideline, message=message, suggestion=suggestion))
    return findings
