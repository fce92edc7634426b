"""The learned layer at review time: plain Python over weights shipped in ``bot/data/learned/``.

``cues(context)`` gives, per sentence of a draft, the probability of each cue head (refusal,
reason, blame-or-lecture, vague promise, ...); ``judge(context, results)`` gives the seven
verdicts from those cues, the rule checks' results and the draft's shape. Both are learned from
``corpus/`` by ``python -m bot train`` (scikit-learn, a training extra); here only the weights
are read: the sentence heads as one table ``bucket -> ((head, weight), ...)`` holding only the
buckets with a weight (L1-regularised models are sparse), the draft models as short vectors.

The weights are loaded on first use (a few milliseconds) and cached. Without a weights file (a
checkout that removed it) the reviewer works on its rules alone: ``load_model()`` returns None.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from bot.review.learned.features import (
    DRAFT_FEATURE_NAMES,
    HEADS,
    SentenceView,
    draft_features,
    sentence_features,
    tenant_overlap,
)
from bot.review.model import GUIDELINE_IDS

if TYPE_CHECKING:
    from bot.review.checks.base import CheckResult, DraftContext

__all__ = ["Judgement", "LearnedModel", "cues", "judge", "load_model", "shape_of", "views_of"]

MAGIC = b"AANDL1"
HEAD_NAMES: tuple[str, ...] = tuple(HEADS)
REFUSAL_HEAD = HEAD_NAMES.index("refusal")


@dataclass(frozen=True)
class LearnedModel:
    table: dict[int, tuple[tuple[int, float], ...]]
    head_bias: tuple[float, ...]
    text_table: dict[int, tuple[tuple[int, float], ...]]  # bucket -> ((guideline index, weight), ...)
    text_bias: tuple[float, ...]
    draft_weights: dict[str, tuple[float, ...]]  # target -> weights over DRAFT_FEATURE_NAMES
    draft_bias: dict[str, float]
    thresholds: dict[str, float]  # target -> P(issue) above which the verdict is "issue"
    refusal_threshold: float  # P(refusal) of a sentence above which it says no

    def sentence_probabilities(self, buckets: Sequence[int]) -> list[float]:
        scores = list(self.head_bias)
        table = self.table
        for bucket in buckets:
            entries = table.get(bucket)
            if entries:
                for head, weight in entries:
                    scores[head] += weight
        return [_sigmoid(score) for score in scores]

    def text_probabilities(self, buckets: set[int]) -> list[float]:
        """Per guideline, the whole-text model's probability of an issue from the body's buckets."""
        scores = list(self.text_bias)
        table = self.text_table
        for bucket in buckets:
            entries = table.get(bucket)
            if entries:
                for target, weight in entries:
                    scores[target] += weight
        return [_sigmoid(score) for score in scores]

    def probability(self, target: str, vector: Sequence[float]) -> float:
        weights = self.draft_weights[target]
        return _sigmoid(self.draft_bias[target] + sum(w * x for w, x in zip(weights, vector)))


@dataclass(frozen=True)
class Judgement:
    """The learned verdicts of one draft: ``issue`` probabilities and the verdicts they give."""

    probabilities: dict[str, float]
    verdicts: dict[str, str]


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    z = math.exp(value)
    return z / (1.0 + z)


# ---- the data file: a header line of JSON, then the sentence table as arrays


def _table_bytes(table: dict[int, tuple[tuple[int, float], ...]]) -> tuple[int, bytes]:
    buckets, heads, weights = array("I"), array("B"), array("f")
    for bucket in sorted(table):
        for head, weight in table[bucket]:
            buckets.append(bucket)
            heads.append(head)
            weights.append(weight)
    return len(buckets), buckets.tobytes() + heads.tobytes() + weights.tobytes()


def _table_from(body: bytes, offset: int, count: int) -> tuple[dict[int, tuple[tuple[int, float], ...]], int]:
    buckets, heads, weights = array("I"), array("B"), array("f")
    buckets.frombytes(body[offset: offset + 4 * count])
    offset += 4 * count
    heads.frombytes(body[offset: offset + count])
    offset += count
    weights.frombytes(body[offset: offset + 4 * count])
    offset += 4 * count
    grouped: dict[int, list[tuple[int, float]]] = {}
    for bucket, head, weight in zip(buckets, heads, weights, strict=True):
        grouped.setdefault(bucket, []).append((head, weight))
    return {bucket: tuple(entries) for bucket, entries in grouped.items()}, offset


def dump_model(model: LearnedModel) -> bytes:
    """The shipped form: magic, JSON meta, then two tables of buckets (uint32), heads (uint8), weights (float32)."""
    sentence_count, sentence_table = _table_bytes(model.table)
    text_count, text_table = _table_bytes(model.text_table)
    meta = json.dumps({
        "heads": list(HEAD_NAMES), "draft_features": list(DRAFT_FEATURE_NAMES),
        "head_bias": list(model.head_bias), "text_bias": list(model.text_bias),
        "draft_weights": {k: list(v) for k, v in model.draft_weights.items()},
        "draft_bias": model.draft_bias, "thresholds": model.thresholds,
        "refusal_threshold": model.refusal_threshold, "entries": sentence_count, "text_entries": text_count,
    }, sort_keys=True).encode()
    body = meta + sentence_table + text_table
    return MAGIC + struct.pack("<I", len(meta)) + zlib.compress(body, 9)


def parse_model(data: bytes) -> LearnedModel:
    if not data.startswith(MAGIC):
        raise ValueError("not an Aandacht learned-weights file")
    (meta_length,) = struct.unpack("<I", data[len(MAGIC): len(MAGIC) + 4])
    body = zlib.decompress(data[len(MAGIC) + 4:])
    meta = json.loads(body[:meta_length])
    if tuple(meta["heads"]) != HEAD_NAMES or tuple(meta["draft_features"]) != DRAFT_FEATURE_NAMES:
        raise ValueError("learned weights were trained for other features; run python -m bot train")
    table, offset = _table_from(body, meta_length, meta["entries"])
    text_table, _ = _table_from(body, offset, meta["text_entries"])
    return LearnedModel(
        table=table, head_bias=tuple(meta["head_bias"]), text_table=text_table, text_bias=tuple(meta["text_bias"]),
        draft_weights={k: tuple(v) for k, v in meta["draft_weights"].items()},
        draft_bias=meta["draft_bias"], thresholds=meta["thresholds"],
        refusal_threshold=meta["refusal_threshold"],
    )


WEIGHTS_FILE = "weights.bin"
_override: list[LearnedModel | None] = []


def load_model() -> LearnedModel | None:
    """The shipped weights (cached), or what :func:`using_model` put in their place."""
    if _override:
        return _override[-1]
    return _shipped()


@lru_cache(maxsize=1)
def _shipped() -> LearnedModel | None:
    resource = files("bot.data").joinpath("learned", WEIGHTS_FILE)
    if not resource.is_file():
        return None
    return parse_model(resource.read_bytes())


@contextmanager
def using_model(model: LearnedModel | None) -> Iterator[None]:
    """Review with ``model`` instead of the shipped weights (``None``: rules only), e.g. while training
    (the features of a new model must not come from the old one) or to measure a fresh one."""
    _override.append(model)
    try:
        yield
    finally:
        _override.pop()


# ---- what a draft looks like to the model


def views_of(context: DraftContext) -> list[SentenceView]:
    """Every sentence with where it stands and whether the lexicon's refusal signal matched it."""
    from bot.review.refusal import sentence_refuses

    body = context.body
    first, last = (body[0], body[-1]) if body else (-1, -1)
    body_set = set(body)
    views = []
    for index, sentence in enumerate(context.sentences):
        if index == context.salutation:
            position = "salutation"
        elif index not in body_set:
            position = "signature"
        elif index == first:
            position = "first"
        elif index == last:
            position = "last"
        else:
            position = "body"
        kinds = ("refusal-signal",) if position != "signature" and sentence_refuses(sentence.text, context.lexicon) else ()
        views.append(SentenceView(sentence.text, position, kinds))
    return views


def sentence_buckets(context: DraftContext) -> list[list[int]]:
    """Per sentence, its hashed feature buckets; computed once per draft and kept on the context."""
    if context.buckets is None:
        lang = context.lang
        context.buckets = [sentence_features(view, lang) for view in views_of(context)]
    return context.buckets


def cues(context: DraftContext, model: LearnedModel) -> list[list[float]]:
    """Per sentence of the draft, the probability of each head (``HEADS`` order); cached on the context."""
    if context.cues is None:
        context.cues = [model.sentence_probabilities(buckets) for buckets in sentence_buckets(context)]
    return context.cues


def shape_of(context: DraftContext) -> dict[str, float]:
    from bot.review.checks.base import content_stems
    from bot.review.text import WORD_RE

    body = [context.sentences[index].text for index in context.body]
    lengths = [len(WORD_RE.findall(text)) for text in body] or [0]
    tenant = content_stems(context.tenant_message) if context.tenant_message else set()
    draft = content_stems("\n".join(body))
    joined = "\n".join(body)
    return {
        "sentences": math.log1p(len(body)),
        "words": math.log1p(sum(lengths)),
        "longest": min(lengths and max(lengths), 80) / 40,
        "salutation": 1.0 if context.salutation is not None else 0.0,
        "signature": 1.0 if context.signature_lines else 0.0,
        "department_rule": 1.0 if context.department_signoff() else 0.0,
        "tenant_given": 1.0 if tenant else 0.0,
        "overlap": tenant_overlap(draft, tenant),
        "overlap_count": math.log1p(len(draft & tenant)),
        "questions": min(3, joined.count("?")) / 3,
        "exclaims": min(3, joined.count("!")) / 3,
        "caps": 1.0 if any(word.isupper() and len(word) > 2 for word in joined.split()) else 0.0,
        "english": 1.0 if context.lang == "en" else 0.0,
        "bias_one": 1.0,
    }


def text_buckets(context: DraftContext) -> set[int]:
    """The union of the buckets of every sentence but the salutation: what the whole-text model reads."""
    return {bucket for index, buckets in enumerate(sentence_buckets(context)) if index != context.salutation
            for bucket in buckets}


def draft_vector(context: DraftContext, results: Sequence[CheckResult], model: LearnedModel,
                 text_probabilities: Sequence[float] | None = None) -> list[float]:
    sentence_cues = cues(context, model)
    body = [sentence_cues[index] for index in range(len(sentence_cues)) if index != context.salutation]
    rule_results = [(r.guideline, r.verdict, len(r.hits) + len(r.missing), r.strength) for r in results]
    if text_probabilities is None:
        text_probabilities = model.text_probabilities(text_buckets(context))
    return draft_features(head_probabilities=body, text_probabilities=text_probabilities, rule_results=rule_results,
                          shape=shape_of(context))


def judge(context: DraftContext, results: Sequence[CheckResult], model: LearnedModel, *, refusal: bool) -> Judgement:
    """The seven verdicts; ``no_with_care`` is ``n/a`` unless ``refusal``."""
    vector = draft_vector(context, results, model)
    probabilities: dict[str, float] = {}
    verdicts: dict[str, str] = {}
    for guideline in GUIDELINE_IDS:
        if guideline == "no_with_care" and not refusal:
            verdicts[guideline] = "n/a"
            continue
        probability = model.probability(guideline, vector)
        probabilities[guideline] = probability
        verdicts[guideline] = "issue" if probability >= model.thresholds[guideline] else "ok"
    return Judgement(probabilities=probabilities, verdicts=verdicts)
