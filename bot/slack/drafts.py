"""From what a person typed in Slack to what the engine reviews: plain text, the draft and its context.

Slack sends text with its own markup (``&lt;`` escapes, ``<@U123>`` mentions, ``<https://x|label>``
links). The engine wants the words a tenant would read, and the tenant's message when it came along
(quoted with ``>`` above the draft). Also decides when a DM is a greeting or a question to the bot
rather than a draft, and when there is nothing to review at all.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.review.quoting import split_tenant_quote

_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<[@#!][^>]*>")
_NAMED = re.compile(r"<([@#!])[^|>]*\|([^>]+)>")  # <@U1|sanne>, <#C1|team>, <!subteam^S1|@leads>
_EMOJI_CODE = re.compile(r":[a-z0-9_+\-']+:", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

_GREETINGS = {
    "hoi", "hallo", "hey", "hi", "hello", "hee", "hai", "dag", "goedemorgen", "goedemiddag", "goedenavond",
    "morning", "yo", "help", "hulp", "helpen", "test",
}
_THANKS = {"bedankt", "dank", "dankjewel", "dankuwel", "thanks", "thank", "thx", "top", "super",
           "ok", "oké", "oke", "prima", "fijn", "great", "cool", "nice"}
_ABOUT_BOT = re.compile(
    r"\b(hoe werkt|wat kun je|wat kan je|wat doe je|kun je|kan je|help|hulp|how do(es)? (you|this|it) work|"
    r"what can you|what do you|can you help|wie ben je|who are you|gebruik(en)? (ik|je)|use you)\b",
    re.IGNORECASE,
)
_TENANT_ADDRESS = re.compile(r"\b(u|uw|geachte|beste|dear|mevrouw|meneer|heer)\b", re.IGNORECASE)


def _named(match: re.Match[str]) -> str:
    """A mention or channel link that carries its name (commands with ``should_escape``) keeps it."""
    sigil, name = match.group(1), match.group(2)
    return name if name.startswith(("@", "#")) else ("@" if sigil == "!" else sigil) + name


def slack_to_plain(text: str) -> str:
    """Slack's markup to the plain text a tenant would read.

    Bare mentions and channel links (``<@U123>``) are dropped; those that carry a name, as escaped
    slash commands send them (``<#C123|team>``), keep it (``#team``). Links keep their label (or the
    address), and Slack's three HTML escapes are undone so that quotes in the review match what the person typed.
    """
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _NAMED.sub(_named, text)
    text = _SPECIAL.sub("", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


@dataclass(frozen=True)
class DraftInput:
    """What the engine reviews: the draft and, when given, the tenant's message it answers."""

    draft: str
    tenant_message: str | None = None


def split_quoted_tenant_message(text: str) -> DraftInput:
    """A draft pasted under the tenant's message quoted with ``>`` lines (see bot.review.quoting)."""
    return DraftInput(*split_tenant_quote(text))


def _word_pairs(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return set(itertools.pairwise(words))


def is_revision_of(draft: str, earlier: str) -> bool:
    """True when ``draft`` is a new version of ``earlier``: 40 % or more of its word pairs come back.

    Word pairs, not words: a good reply repeats the tenant's words (that is the ``hear`` guideline),
    but seldom their phrases. Measured on the 108 tenant messages and drafts of the dev set, a draft
    keeps at most 31 % of its tenant message's word pairs; the offline rewrite of a draft (a heavy
    revision) keeps 40 % or more of the draft's in 76 of 80.
    """
    before = _word_pairs(earlier)
    return bool(before) and len(before & _word_pairs(draft)) / len(before) >= 0.4


def with_thread_context(draft: DraftInput, parent_text: str) -> DraftInput:
    """The thread's first message as the tenant's message, when the draft brought none itself.

    A parent that quoted the tenant above a draft gives that quote; a parent that is an earlier
    version of this draft gives nothing (the person is revising); any other parent is taken to be
    the tenant's message the draft answers.
    """
    if draft.tenant_message is not None or not parent_text.strip():
        return draft
    earlier = split_quoted_tenant_message(parent_text)
    if earlier.tenant_message is not None:
        return DraftInput(draft.draft, earlier.tenant_message)
    if is_revision_of(draft.draft, parent_text):
        return draft
    return DraftInput(draft.draft, parent_text.strip())


def has_words(text: str) -> bool:
    """False for input with nothing to review: only emoji, links, punctuation or markup."""
    stripped = _URL.sub(" ", _EMOJI_CODE.sub(" ", text))
    return len(_LETTER.findall(stripped)) >= 2


def is_thanks(text: str) -> bool:
    """A short "bedankt" / "top" after a card: answered with a word back, not with the whole help."""
    words = re.findall(r"[^\W\d_]+", _EMOJI_CODE.sub(" ", text.lower()))
    return 0 < len(words) <= 4 and words[0] in _THANKS


def is_greeting_or_question(text: str) -> bool:
    """A DM that talks to the bot (``hoi``, ``hoe werkt dit?``) rather than a draft for a tenant.

    Kept strict on purpose: a short draft that addresses the tenant (``u``, ``Beste``) is a draft,
    and anything longer than a couple of sentences is a draft too.
    """
    words = re.findall(r"[^\W\d_]+", _EMOJI_CODE.sub(" ", text.lower()))
    if not words:
        return False
    if len(words) <= 4 and words[0] in _GREETINGS and not _TENANT_ADDRESS.search(text):
        return True
    if len(words) <= 15 and text.rstrip().endswith("?") and not _TENANT_ADDRESS.search(text):
        return bool(_ABOUT_BOT.search(text))
    return False
