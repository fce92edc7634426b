"""``python -m bot train``: learn the offline reviewer's cue heads and verdicts from ``corpus/``.

Reads the labelled drafts (``corpus/drafts.jsonl``: each with its writer's split, per-guideline
verdicts, the refusal flag and sentence tags), and writes ``bot/data/learned/weights.bin``:

1. **Cue heads**, one per group of sentence tags (``bot.review.learned.features.HEADS``): an
   L1-regularised logistic regression over hashed sentence features, so that only a few thousand
   buckets carry a weight.
2. **Draft verdicts**, one logistic regression per guideline over the draft vector (cue summaries,
   the rule checks' results, the draft's shape). The cue summaries of the training drafts come
   from heads that did not see those drafts' writers (out-of-fold by writer), so the verdict
   models learn how far to trust the heads on new writers, not on text they memorised.
3. **Thresholds** on the validation split: per guideline the one with the best F1, and the
   refusal head's threshold with the best draft-level refusal F1.

The test split is never read here. Everything is seeded; the same corpus gives the same bytes.
scikit-learn, numpy and scipy come from the ``train`` extra (``pip install -e '.[train]'``); the
reviewer itself needs none of them.
"""

from __future__ import annotations

import json
import random
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.review.learned.features import DRAFT_FEATURE_NAMES, HEADS, sentence_features
from bot.review.model import GUIDELINE_IDS

__all__ = ["DraftExample", "build_examples", "load_corpus", "run_train", "train_model"]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / "corpus" / "drafts.jsonl"
DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "learned" / "weights.bin"
HEAD_NAMES = tuple(HEADS)
SEED = 20261204
HIDE_TENANT_SHARE = 0.3
"""Share of training drafts reviewed without their tenant message: in Slack a draft often comes alone."""


@dataclass
class DraftExample:
    record: dict
    context: object
    results: list
    sentence_buckets: list[list[int]]
    sentence_heads: list[list[int]]  # per sentence, 0/1 per head
    labels: dict[str, str] = field(default_factory=dict)
    text_probabilities: list[float] | None = None


def load_corpus(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _head_targets(record: dict, sentences: Sequence[str]) -> list[list[int]]:
    """0/1 per head for each sentence of the draft as the engine splits it, from the corpus's tags."""
    tags_by_text: dict[str, set[str]] = {}
    for labelled in record.get("sentences", []):
        tags_by_text.setdefault(labelled["text"].strip(), set()).update(labelled.get("tags", []))
    targets = []
    for text in sentences:
        tags = tags_by_text.get(text.strip(), set())
        targets.append([1 if tags & set(HEADS[head]) else 0 for head in HEAD_NAMES])
    return targets


def build_examples(records: Sequence[dict], *, hide_tenant: bool = False) -> list[DraftExample]:
    """Each draft prepared and checked by the rules alone, with its sentences' features and targets."""
    from bot.review.checks import CHECKS
    from bot.review.learned.model import using_model, views_of
    from bot.review.lexicon import load_lexicon
    from bot.review.refusal import context_for
    from bot.review.text import prepare

    rng = random.Random(SEED)
    examples = []
    with using_model(None):
        for record in records:
            lang = record["lang"]
            lexicon = load_lexicon(lang)
            tenant = record.get("tenant_message") or None
            if hide_tenant and rng.random() < HIDE_TENANT_SHARE:
                tenant = None
            prepared = prepare(record["draft"])
            tenant_plain = prepare(tenant).text if tenant else None
            context = context_for(prepared, lang, lexicon, tenant_plain)
            results = [check.check(context) for check in CHECKS]
            context.buckets = [sentence_features(view, lang) for view in views_of(context)]
            examples.append(DraftExample(
                record=record, context=context, results=results,
                sentence_buckets=context.buckets,
                sentence_heads=_head_targets(record, [s.text for s in context.sentences]),
                labels=record["labels"],
            ))
    return examples


# ---- fitting (scikit-learn from here on)


def _matrix(rows: Sequence[Sequence[int]]):
    """The sentences as a sparse 0/1 matrix over only the buckets that occur, and those buckets.

    liblinear's coordinate descent visits every column: over all 2**20 buckets it is a hundred times
    slower than over the few ten thousand that occur.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(row) for row in rows])
    buckets = np.fromiter((b for row in rows for b in row), dtype=np.int64, count=int(indptr[-1]))
    columns, indices = np.unique(buckets, return_inverse=True)
    matrix = csr_matrix((np.ones(len(indices), dtype=np.float64), indices, indptr), shape=(len(rows), len(columns)))
    return matrix, columns


HEAD_C = 0.5
HEAD_PENALTY = "l2"
HEAD_PRUNE = 0.05
"""L2 heads read more cues than L1 ones (validation macro-F1 0.823 against 0.809); weights below this
change a sentence's score by less than what one word adds, and would only make the file larger."""


def fit_heads(examples: Sequence[DraftExample]):
    """One L1 logistic regression per head over every sentence of ``examples``; (weights, biases)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = [buckets for example in examples for buckets in example.sentence_buckets]
    targets = np.array([heads for example in examples for heads in example.sentence_heads], dtype=np.int8)
    matrix, columns = _matrix(rows)
    coefficients, biases = [], []
    for head in range(len(HEAD_NAMES)):
        y = targets[:, head]
        if y.min() == y.max():  # no positive example (a small slice): the head says "no" with confidence
            coefficients.append(None)
            biases.append(-6.0 if y.max() == 0 else 6.0)
            continue
        model = LogisticRegression(penalty=HEAD_PENALTY, solver="liblinear", C=HEAD_C, random_state=SEED, max_iter=500)
        with warnings.catch_warnings():  # newer scikit-learn spells L1 as l1_ratio=1 and warns about penalty=
            warnings.simplefilter("ignore", (FutureWarning, UserWarning, DeprecationWarning))
            model.fit(matrix, y)
        coefficient = model.coef_[0].copy()
        coefficient[np.abs(coefficient) < HEAD_PRUNE] = 0.0
        coefficients.append((columns, coefficient))
        biases.append(float(model.intercept_[0]))
    return coefficients, biases


def head_table(coefficients, biases):
    """The fitted weights as a :class:`WeightTable` (only buckets with a weight get a row)."""
    import numpy as np

    from bot.review.learned.model import WeightTable

    grouped: dict[int, list[tuple[int, float]]] = {}
    for head, fitted in enumerate(coefficients):
        if fitted is None:
            continue
        columns, coefficient = fitted
        for column in np.flatnonzero(np.abs(coefficient) > 1e-6):
            grouped.setdefault(int(columns[column]), []).append((head, float(np.float32(coefficient[column]))))
    return WeightTable.from_entries(grouped, biases)


def _heads_model(coefficients, biases, text=None):
    from bot.review.learned.model import LearnedModel

    text_table = head_table(*text) if text else head_table([None] * len(GUIDELINE_IDS), [0.0] * len(GUIDELINE_IDS))
    return LearnedModel(sentences=head_table(coefficients, biases), text=text_table,
                        draft_weights={}, draft_bias={}, thresholds={}, refusal_threshold=0.5)


def _text_rows(examples: Sequence[DraftExample]) -> list[list[int]]:
    from bot.review.learned.model import text_buckets

    return [sorted(text_buckets(e.context)) for e in examples]


TEXT_C = 0.5


def fit_text(examples: Sequence[DraftExample]):
    """Per guideline, an L2 logistic regression over the draft's buckets; (weights, biases) like ``fit_heads``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    matrix, columns = _matrix(_text_rows(examples))
    coefficients, biases = [], []
    for guideline in GUIDELINE_IDS:
        pairs = _target(guideline, examples)
        y = np.array([t for _, t in pairs])
        if len(set(y.tolist())) < 2:
            coefficients.append(None)
            biases.append(4.0 if y.size and y[0] == 1 else -4.0)
            continue
        model = LogisticRegression(C=TEXT_C, solver="liblinear", random_state=SEED, max_iter=500)
        model.fit(matrix[[i for i, _ in pairs]], y)
        coefficient = model.coef_[0].copy()
        coefficient[np.abs(coefficient) < TEXT_PRUNE] = 0.0  # the smallest weights change nothing but the file size
        coefficients.append((columns, coefficient))
        biases.append(float(model.intercept_[0]))
    return coefficients, biases


TEXT_PRUNE = 0.02


def _set_cues(examples: Sequence[DraftExample], heads_model) -> None:
    """Cue and whole-text probabilities of ``examples`` from ``heads_model``, kept on each example."""
    from bot.review.learned.model import text_buckets

    for example in examples:
        example.context.cues = heads_model.probabilities_of_each(example.sentence_buckets)
        example.text_probabilities = heads_model.text_probabilities(text_buckets(example.context))


def out_of_fold_cues(examples: Sequence[DraftExample], folds: int = 4) -> None:
    """Cue and whole-text probabilities for every training draft from models trained without its writer."""
    fold_of = _writer_folds(examples, folds)
    for fold in range(folds):
        inside = [e for e in examples if fold_of[e.record["writer"]] != fold]
        held = [e for e in examples if fold_of[e.record["writer"]] == fold]
        if inside and held:
            _set_cues(held, _heads_model(*fit_heads(inside), text=fit_text(inside)))


def _vectors(examples: Sequence[DraftExample], heads_model) -> list[list[float]]:
    from bot.review.learned.model import draft_vector

    return [draft_vector(e.context, e.results, heads_model, e.text_probabilities) for e in examples]


def _target(guideline: str, examples: Sequence[DraftExample]) -> list[tuple[int, int]]:
    """(example index, 1 for issue) for the drafts where the guideline applies."""
    return [(i, 1 if e.labels[guideline] == "issue" else 0) for i, e in enumerate(examples)
            if e.labels[guideline] != "n/a"]


DRAFT_C = 0.1


def fit_drafts(vectors: Sequence[Sequence[float]], examples: Sequence[DraftExample]):
    """Per guideline: weights over the raw draft vector and a bias (standardisation folded in)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    matrix = np.array(vectors, dtype=np.float64)
    mean, std = matrix.mean(axis=0), matrix.std(axis=0)
    std[std < 1e-9] = 1.0
    weights, biases = {}, {}
    for guideline in GUIDELINE_IDS:
        pairs = _target(guideline, examples)
        x = (matrix[[i for i, _ in pairs]] - mean) / std
        y = np.array([t for _, t in pairs])
        if len(set(y.tolist())) < 2:
            weights[guideline] = (0.0,) * len(DRAFT_FEATURE_NAMES)
            biases[guideline] = 4.0 if y.size and y[0] == 1 else -4.0
            continue
        model = LogisticRegression(C=DRAFT_C, max_iter=2000, random_state=SEED)
        model.fit(x, y)
        w = model.coef_[0] / std
        weights[guideline] = tuple(float(v) for v in w)
        biases[guideline] = float(model.intercept_[0] - np.dot(w, mean))
    return weights, biases


def _f1_at(scored: Sequence[tuple[float, int]], threshold: float) -> float:
    """F1 of "probability at or above ``threshold`` means yes" over ``(probability, truth)`` pairs."""
    tp = sum(1 for p, t in scored if p >= threshold and t)
    wrong = sum(1 for p, t in scored if (p >= threshold) != bool(t))
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def _best_threshold(scored: Sequence[tuple[float, int]], default: float = 0.5) -> float:
    """The threshold with the best F1 of ``(probability, truth)`` pairs (ties: nearest 0.5)."""
    best, best_f1 = default, -1.0
    for step in range(10, 91):
        threshold = step / 100
        f1 = _f1_at(scored, threshold)
        if f1 > best_f1 + 1e-9 or (abs(f1 - best_f1) <= 1e-9 and abs(threshold - 0.5) < abs(best - 0.5)):
            best, best_f1 = threshold, f1
    return best


def train_model(train: Sequence[dict], validation: Sequence[dict], *, log=print):
    """The learned model from ``train``, its thresholds set on ``validation``."""
    from bot.review.learned.model import LearnedModel

    log(f"train: {len(train)} drafts, validation: {len(validation)} drafts")
    train_examples = build_examples(train, hide_tenant=True)
    validation_examples = build_examples(validation)
    coefficients, biases = fit_heads(train_examples)
    heads_model = _heads_model(coefficients, biases, text=fit_text(train_examples))
    out_of_fold_cues(train_examples)
    draft_weights, draft_bias = fit_drafts(_vectors(train_examples, heads_model), train_examples)
    _set_cues(validation_examples, heads_model)

    refusal_threshold, rules_too = _refusal_choice(validation_examples)
    partial = LearnedModel(sentences=heads_model.sentences, text=heads_model.text,
                           draft_weights=draft_weights, draft_bias=draft_bias, thresholds={},
                           refusal_threshold=refusal_threshold)
    vectors = _vectors(validation_examples, partial)
    thresholds = {"refusal_rules_too": rules_too}
    for guideline in GUIDELINE_IDS:
        scored = [(partial.probability(guideline, vectors[i]), t) for i, t in _target(guideline, validation_examples)]
        thresholds[guideline] = _best_threshold(scored) if scored else 0.5
    return _finished(heads_model, draft_weights, draft_bias, thresholds, refusal_threshold, log)


def train_final(records: Sequence[dict], *, log=print, folds: int = 4):
    """The shipped model: fitted on ``records`` (train and validation: more writers), its thresholds set on
    out-of-fold predictions by writer, so that no threshold is chosen on drafts its model has seen."""
    import numpy as np

    log(f"final: {len(records)} drafts of {len({r['writer'] for r in records})} writers; thresholds out of fold")
    examples = build_examples(records, hide_tenant=True)
    coefficients, biases = fit_heads(examples)
    heads_model = _heads_model(coefficients, biases, text=fit_text(examples))
    out_of_fold_cues(examples, folds)
    vectors = _vectors(examples, heads_model)
    draft_weights, draft_bias = fit_drafts(vectors, examples)
    fold_of = _writer_folds(examples, folds)
    held_out: dict[str, list[tuple[float, int]]] = {g: [] for g in GUIDELINE_IDS}
    for fold in range(folds):
        inside = [i for i, e in enumerate(examples) if fold_of[e.record["writer"]] != fold]
        held = [i for i, e in enumerate(examples) if fold_of[e.record["writer"]] == fold]
        if not inside or not held:
            continue
        weights, bias = fit_drafts([vectors[i] for i in inside], [examples[i] for i in inside])
        for guideline in GUIDELINE_IDS:
            w, b = np.array(weights[guideline]), bias[guideline]
            for index in held:
                truth = examples[index].labels[guideline]
                if truth != "n/a":
                    score = b + float(np.dot(w, vectors[index]))
                    held_out[guideline].append((1 / (1 + np.exp(-score)), int(truth == "issue")))
    refusal_threshold, rules_too = _refusal_choice(examples)
    thresholds = {"refusal_rules_too": rules_too}
    thresholds.update({g: _best_threshold(scored) if scored else 0.5 for g, scored in held_out.items()})
    return _finished(heads_model, draft_weights, draft_bias, thresholds, refusal_threshold, log)


def _writer_folds(examples: Sequence[DraftExample], folds: int) -> dict[str, int]:
    writers = sorted({example.record["writer"] for example in examples})
    random.Random(SEED).shuffle(writers)
    return {writer: index % folds for index, writer in enumerate(writers)}


def _refusal_choice(examples: Sequence[DraftExample]) -> tuple[float, float]:
    """The refusal head's threshold, and whether the lexicon's refusal signal counts beside it (1.0) or not
    (0.0), whichever gives the best draft-level refusal F1 on ``examples`` (their cues already set)."""
    from bot.review.learned.model import REFUSAL_HEAD
    from bot.review.refusal import rule_refusals

    best = (0.5, 0.0, -1.0)
    for rules_too in (0.0, 1.0):
        scored = []
        for e in examples:
            context = e.context
            learned = max((context.cues[i][REFUSAL_HEAD] for i in context.body), default=0.0)
            by_rules = rules_too and bool(rule_refusals(context))
            scored.append((1.0 if by_rules else learned, int(bool(e.record["refusal"]))))
        threshold = _best_threshold(scored)
        f1 = _f1_at(scored, threshold)
        if f1 > best[2] + 1e-9:
            best = (threshold, rules_too, f1)
    return best[0], best[1]


def _finished(heads_model, draft_weights, draft_bias, thresholds, refusal_threshold, log):
    from bot.review.learned.model import LearnedModel

    model = LearnedModel(sentences=heads_model.sentences, text=heads_model.text,
                         draft_weights=draft_weights, draft_bias=draft_bias, thresholds=thresholds,
                         refusal_threshold=refusal_threshold)
    log(f"sentence table: {len(model.sentences)} buckets, {model.sentences.weights()} weights; "
        f"text table: {len(model.text)} buckets, {model.text.weights()} weights; "
        f"refusal threshold {refusal_threshold:.2f} (lexicon signal too: {bool(thresholds['refusal_rules_too'])}); "
        "verdict thresholds " + ", ".join(f"{g} {thresholds[g]:.2f}" for g in GUIDELINE_IDS))
    return model


def run_train(args) -> int:
    from bot.review.learned.model import dump_model

    corpus = Path(args.corpus)
    if not corpus.is_file():
        print(f"No corpus at {corpus}.", file=sys.stderr)
        return 2
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("Training needs scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 2
    records = load_corpus(corpus)
    train = [r for r in records if r["split"] == "train"]
    validation = [r for r in records if r["split"] == "validation"]
    if args.limit:
        rng = random.Random(SEED)
        train = rng.sample(train, min(args.limit, len(train)))
        validation = rng.sample(validation, min(max(args.limit // 4, 1), len(validation)))
    model = train_final(train + validation) if args.final else train_model(train, validation)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(dump_model(model))
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KB)")
    return 0
