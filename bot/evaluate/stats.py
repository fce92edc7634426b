"""Small statistics in plain Python: percentiles, ROC AUC, accuracy at the median, F1 counts."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0..1) percentile of ``values`` with linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float | None:
    """Area under the ROC curve from ranks (Mann-Whitney U); ties count half. ``None`` without both classes."""
    n_pos = sum(1 for p in positive if p)
    n_neg = len(positive) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        average_rank = (i + j) / 2 + 1  # ranks start at 1; tied scores share their average rank
        for k in range(i, j + 1):
            ranks[order[k]] = average_rank
        i = j + 1
    rank_sum = sum(rank for rank, p in zip(ranks, positive, strict=True) if p)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def accuracy_at_median(scores: Sequence[float], positive: Sequence[bool]) -> tuple[float | None, float]:
    """Accuracy of "score above the median means positive", and that median.

    Scores are whole numbers, so many sit exactly on the median; those count half right, the
    expected accuracy when ties are broken at random (neither "above" nor "at or above" is
    favoured).
    """
    if not scores:
        return None, 0.0
    median = statistics.median(scores)
    correct = 0.0
    for score, is_positive in zip(scores, positive, strict=True):
        if score == median:
            correct += 0.5
        elif (score > median) == is_positive:
            correct += 1
    return correct / len(scores), median


@dataclass
class Counts:
    """True positives, false positives and false negatives of the ``issue`` verdict of one guideline."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        # No issue reported at all means no false alarm: precision 1 (F1 is still 0 if issues were missed).
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, expected_issue: bool, got_issue: bool) -> None:
        if expected_issue and got_issue:
            self.tp += 1
        elif got_issue:
            self.fp += 1
        elif expected_issue:
            self.fn += 1
        else:
            self.tn += 1

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


def share(hits: int, total: int) -> float | None:
    return hits / total if total else None
