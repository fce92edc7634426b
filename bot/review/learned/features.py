"""What the learned layer reads: hashed sentence features and a short vector per draft.

Training (``bot.train``) and inference (``bot.review.learned.model``) call the same functions, so a
feature can never mean one thing at training time and another in a review.

- **Sentence features** are binary and hashed into ``2**20`` buckets with CRC-32 (stable across
  processes and machines, unlike Python's ``hash()``): lower-cased words, word pairs, character
  4-grams over the words, where the sentence stands (salutation, first/last body sentence,
  signature), its length, a question mark, several exclamation marks, words in capitals, and the
  kinds of the lexicon rules that matched in it.
- **Draft features** summarise a draft for the seven verdicts: per cue head the highest and the
  mean probability over the sentences and how many sentences show it, per guideline the
  probability of a whole-text model over the union of the body's sentence buckets (it learns from
  the draft's verdicts directly, where the heads learn from sentence tags), the rule checks' verdicts,
  hit counts and strengths, and the draft's shape (length, longest sentence, a named signature, a
  department sign-off, how many of the tenant's own words it takes up, whether a tenant message
  was given at all).
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from bot.review.model import GUIDELINE_IDS
from bot.review.text import WORD_RE

__all__ = [
    "BUCKETS", "DRAFT_FEATURE_NAMES", "HEADS", "SentenceView", "draft_features", "sentence_features",
    "tenant_overlap",
]

BUCKETS = 1 << 20
_MASK = BUCKETS - 1

HEADS: dict[str, tuple[str, ...]] = {
    "refusal": ("refusal",),
    "reason": ("reason",),
    "alternative": ("alternative",),
    "generic": ("generic-opener",),
    "echo": ("echoes-tenant",),
    "ack": ("acknowledgement",),
    "process": ("policy-shield", "portal-referral"),
    "department": ("department-signoff",),
    "personal": ("personal-signoff",),
    "disrespect": ("blame", "lecture", "minimise", "order", "sarcasm", "shouting"),
    "step": ("concrete-next-step",),
    "contact": ("contact",),
    "vague": ("vague-promise",),
    "officialese": ("officialese", "passive-pile"),
    "long": ("long",),
}
"""Cue heads: each a per-sentence classifier for a group of the corpus's sentence tags."""

_CAPS = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{3,}\b")
_EXCLAIM = re.compile(r"!\s*!|!.*!")


class SentenceView:
    """One sentence as the learned layer sees it (plain text, where it stands, which rules hit it)."""

    __slots__ = ("position", "rule_kinds", "text")

    def __init__(self, text: str, position: str, rule_kinds: Iterable[str] = ()) -> None:
        self.text = text
        self.position = position
        self.rule_kinds = tuple(rule_kinds)


def sentence_features(sentence: SentenceView, lang: str) -> list[int]:
    """The sorted, distinct hashed feature buckets of one sentence."""
    return list(_sentence_features(sentence.text, sentence.position, sentence.rule_kinds, lang))


@lru_cache(maxsize=8192)
def _sentence_features(text: str, position: str, rule_kinds: tuple[str, ...], lang: str) -> tuple[int, ...]:
    """Cached: a rewrite's refusal check sees the draft's own sentences again, and so do reviews of a
    draft's next version."""
    words = WORD_RE.findall(text.lower())
    features = [f"w:{word}" for word in words]
    features += [f"b:{first} {second}" for first, second in pairwise(words)]
    joined = f" {' '.join(words)} "
    features += [f"c:{joined[i:i + 4]}" for i in range(len(joined) - 3)]
    features += [f"p:{position}", f"n:{min(len(words) // 6, 7)}", f"l:{lang}",
                 f"pn:{position}:{min(len(words) // 6, 7)}"]
    if text.rstrip().endswith("?"):
        features.append("s:question")
    if _EXCLAIM.search(text):
        features.append("s:exclaim")
    if _CAPS.search(text):
        features.append("s:caps")
    features += [f"r:{kind}" for kind in rule_kinds]
    crc32 = zlib.crc32  # a stable hash (never Python's hash()), looked up once for the sentence's features
    return tuple(sorted({crc32(feature.encode("utf-8")) & _MASK for feature in features}))


def tenant_overlap(draft_stems: set[str], tenant_stems: set[str]) -> float:
    """The share of the tenant's content words the draft takes up (0 without a tenant message)."""
    if not tenant_stems:
        return 0.0
    return len(draft_stems & tenant_stems) / len(tenant_stems)


def _shape_names() -> list[str]:
    return ["sentences", "words", "longest", "salutation", "signature", "department_rule", "tenant_given",
            "overlap", "overlap_count", "questions", "exclaims", "caps", "english", "bias_one"]


def _head_names() -> list[str]:
    return [f"{head}:{kind}" for head in HEADS for kind in ("max", "mean", "count")]


def _text_names() -> list[str]:
    return [f"text:{guideline}" for guideline in GUIDELINE_IDS]


def _rule_names() -> list[str]:
    return [f"rule:{guideline}:{kind}" for guideline in GUIDELINE_IDS for kind in ("issue", "hits", "strength")]


DRAFT_FEATURE_NAMES: tuple[str, ...] = tuple(_head_names() + _text_names() + _rule_names() + _shape_names())


def draft_features(
    *,
    head_probabilities: Sequence[Sequence[float]],
    text_probabilities: Sequence[float],
    rule_results: Sequence[tuple[str, str, int, float]],
    shape: dict[str, float],
) -> list[float]:
    """The dense vector, in the order of ``DRAFT_FEATURE_NAMES``.

    ``head_probabilities`` holds, per sentence, one probability per head (in ``HEADS`` order);
    ``text_probabilities`` per guideline the whole-text model's probability of an issue;
    ``rule_results`` (guideline, verdict, hits, strength) per guideline; ``shape`` the names of
    ``_shape_names()``.
    """
    vector: list[float] = []
    count = len(head_probabilities)
    for head in range(len(HEADS)):
        column = [row[head] for row in head_probabilities]
        if column:
            vector += [max(column), sum(column) / count, min(3, sum(1 for p in column if p > 0.5)) / 3]
        else:
            vector += [0.0, 0.0, 0.0]
    vector += list(text_probabilities)
    by_guideline = {guideline: (verdict, hits, strength) for guideline, verdict, hits, strength in rule_results}
    for guideline in GUIDELINE_IDS:
        verdict, hits, strength = by_guideline.get(guideline, ("ok", 0, 0.0))
        vector += [1.0 if verdict == "issue" else 0.0, math.log1p(hits), strength]
    vector += [float(shape.get(name, 0.0)) for name in _shape_names()]
    return vector
