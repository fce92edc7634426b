"""The learned layer at review time: plain Python over weights shipped in ``bot/data/learned/``.

``cues(context)`` gives, per sentence of a draft, the probability of each cue head (refusal,
reason, blame-or-lecture, vague promise, ...); ``judge(context, results)`` gives the seven
verdicts from those cues, the rule checks' results and the draft's shape. Both are learned from
``corpus/`` by ``python -m bot train`` (scikit-learn, a training extra); here only the weights
are read: the sentence heads and the whole-text model as tables of the buckets that carry a
weight (small weights are pruned in training), the draft models as short vectors.

The weights are loaded on first use (a few milliseconds) and cached. Without a weights file (a
checkout that removed it) the reviewer works on its rules alone: ``load_model()`` returns None.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

import numpy as np

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
    from bot.review.context import CheckResult, DraftContext

__all__ = ["Judgement", "LearnedModel", "cues", "judge", "load_model", "shape_of", "views_of"]

MAGIC = b"AANDL1"
HEAD_NAMES: tuple[str, ...] = tuple(HEADS)
REFUSAL_HEAD = HEAD_NAMES.index("refusal")


class WeightTable:
    """Hashed buckets -> one weight per output (a cue head, a guideline).

    Only buckets that carry a weight have a row: ``buckets`` sorted, ``matrix`` one row of weights per
    bucket. A text's buckets are looked up all at once (``numpy.searchsorted``) and the rows they hit
    summed, per sentence for a whole draft in one go: about 0.1 ms a draft, where a loop in Python
    over the same weights took 8 ms.
    """

    __slots__ = ("bias", "buckets", "matrix")

    def __init__(self, buckets, matrix, bias: Sequence[float]) -> None:
        self.buckets = np.asarray(buckets, dtype=np.uint32)
        self.matrix = np.asarray(matrix, dtype=np.float32).reshape(len(self.buckets), len(bias))
        self.bias = np.asarray(bias, dtype=np.float64)

    @classmethod
    def from_entries(cls, entries: dict[int, Sequence[tuple[int, float]]], bias: Sequence[float]) -> WeightTable:
        buckets = sorted(entries)
        matrix = np.zeros((len(buckets), len(bias)), dtype=np.float32)
        for row, bucket in enumerate(buckets):
            for output, weight in entries[bucket]:
                matrix[row, output] = weight
        return cls(buckets, matrix, bias)

    def _rows(self, buckets):
        wanted = np.asarray(buckets, dtype=np.uint32)
        if not len(self.buckets) or not wanted.size:
            return wanted[:0].astype(np.intp), np.zeros(wanted.size, dtype=bool)
        rows = np.searchsorted(self.buckets, wanted)
        rows[rows >= len(self.buckets)] = 0
        return rows, self.buckets[rows] == wanted

    def scores(self, buckets: Iterable[int]) -> list[float]:
        rows, hit = self._rows(list(buckets))
        return (self.bias + self.matrix[rows[hit]].sum(axis=0, dtype=np.float64)).tolist()

    def score_array(self, groups: Sequence[Sequence[int]]) -> np.ndarray:
        """``scores`` of every group of buckets (the sentences of a draft), in one pass: one row per group."""
        sizes = [len(group) for group in groups]
        flat = [bucket for group in groups for bucket in group]
        result = np.tile(self.bias, (len(groups), 1))
        if flat:
            rows, hit = self._rows(flat)
            owner = np.repeat(np.arange(len(groups)), sizes)[hit]
            # the rows hit are in group order: each group's sum is a difference of running sums
            running = np.zeros((int(hit.sum()) + 1, self.matrix.shape[1]), dtype=np.float64)
            np.cumsum(self.matrix[rows[hit]], axis=0, dtype=np.float64, out=running[1:])
            ends = np.cumsum(np.bincount(owner, minlength=len(groups)))
            starts = np.concatenate(([0], ends[:-1]))
            result += running[ends] - running[starts]
        return result

    def weights(self) -> int:
        """How many (bucket, output) weights are not zero."""
        return int((self.matrix != 0).sum())

    def to_bytes(self) -> bytes:
        header = struct.pack("<II", len(self.buckets), self.matrix.shape[1])
        return header + self.buckets.astype("<u4").tobytes() + self.matrix.astype("<f4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, offset: int, bias: Sequence[float]) -> tuple[WeightTable, int]:
        count, outputs = struct.unpack_from("<II", data, offset)
        offset += 8
        buckets = np.frombuffer(data, dtype="<u4", count=count, offset=offset)
        offset += 4 * count
        matrix = np.frombuffer(data, dtype="<f4", count=count * outputs, offset=offset)
        offset += 4 * count * outputs
        return cls(buckets, matrix, bias), offset

    def __len__(self) -> int:
        return len(self.buckets)


@dataclass(frozen=True)
class LearnedModel:
    sentences: WeightTable  # bucket -> a weight per cue head
    text: WeightTable  # bucket -> a weight per guideline (the whole-text model)
    draft_weights: dict[str, tuple[float, ...]]  # target -> weights over DRAFT_FEATURE_NAMES
    draft_bias: dict[str, float]
    thresholds: dict[str, float]  # target -> P(issue) above which the verdict is "issue"
    refusal_threshold: float  # P(refusal) of a sentence above which it says no

    def probabilities_of_each(self, sentences: Sequence[Sequence[int]]) -> list[list[float]]:
        """Per sentence of a draft (its buckets), the probability of each cue head, in one pass over the table."""
        scores = self.sentences.score_array(sentences)
        return (0.5 * (1.0 + np.tanh(0.5 * scores))).tolist()  # the logistic function, without overflow

    def text_probabilities(self, buckets: Iterable[int]) -> list[float]:
        """Per guideline, the whole-text model's probability of an issue from the body's buckets."""
        return [_sigmoid(score) for score in self.text.scores(buckets)]

    def probability(self, target: str, vector: Sequence[float]) -> float:
        weights = self.draft_weights[target]
        return _sigmoid(self.draft_bias[target] + sum(w * x for w, x in zip(weights, vector, strict=True)))


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


def dump_model(model: LearnedModel) -> bytes:
    """The shipped form: magic, the length of a JSON header, then (compressed) the header and both tables."""
    meta = json.dumps({
        "heads": list(HEAD_NAMES), "draft_features": list(DRAFT_FEATURE_NAMES),
        "head_bias": list(model.sentences.bias), "text_bias": list(model.text.bias),
        "draft_weights": {k: list(v) for k, v in model.draft_weights.items()},
        "draft_bias": model.draft_bias, "thresholds": model.thresholds,
        "refusal_threshold": model.refusal_threshold,
    }, sort_keys=True).encode()
    body = meta + model.sentences.to_bytes() + model.text.to_bytes()
    return MAGIC + struct.pack("<I", len(meta)) + zlib.compress(body, 9)


def parse_model(data: bytes) -> LearnedModel:
    if not data.startswith(MAGIC):
        raise ValueError("not an Aandacht learned-weights file")
    (meta_length,) = struct.unpack("<I", data[len(MAGIC): len(MAGIC) + 4])
    body = zlib.decompress(data[len(MAGIC) + 4:])
    meta = json.loads(body[:meta_length])
    if tuple(meta["heads"]) != HEAD_NAMES or tuple(meta["draft_features"]) != DRAFT_FEATURE_NAMES:
        raise ValueError("learned weights were trained for other features; run python -m bot train")
    sentences, offset = WeightTable.from_bytes(body, meta_length, meta["head_bias"])
    text, _ = WeightTable.from_bytes(body, offset, meta["text_bias"])
    return LearnedModel(
        sentences=sentences, text=text,
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
    signalled = set(context.lexicon_refusals())
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
        kinds = ("refusal-signal",) if index in signalled else ()
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
        context.cues = model.probabilities_of_each(sentence_buckets(context))
    return context.cues


def shape_of(context: DraftContext) -> dict[str, float]:
    from bot.review.context import content_stems
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
