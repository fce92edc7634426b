"""Uncertainty of an evaluation: percentile-bootstrap intervals of F1 over drafts, in plain Python.

A figure from a few hundred drafts moves by several points when other drafts are drawn; the
interval says how much. Drafts are resampled with replacement (seeded, so the same run prints the
same interval) and F1 is computed again for each resample.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

__all__ = ["bootstrap_f1", "f1_of"]

ROUNDS = 1000
SEED = 7


def f1_of(outcomes: Sequence[tuple[bool, bool]]) -> float:
    """F1 of the ``issue`` verdict from (expected, got) pairs; 1.0 when there is nothing to find and nothing found."""
    tp = sum(1 for expected, got in outcomes if expected and got)
    fp = sum(1 for expected, got in outcomes if got and not expected)
    fn = sum(1 for expected, got in outcomes if expected and not got)
    if tp == 0:
        return 1.0 if fp == 0 and fn == 0 else 0.0
    return 2 * tp / (2 * tp + fp + fn)


def bootstrap_f1(
    outcomes: Mapping[str, Sequence[tuple[str, bool, bool]]], rounds: int = ROUNDS, seed: int = SEED
) -> dict[str, tuple[float, float]]:
    """95% intervals of each guideline's F1 and of their mean (key ``macro``).

    ``outcomes`` maps a guideline to (draft id, expected issue, got issue) triples; the same drafts
    are drawn for every guideline in a round, so the macro interval is the interval of the mean.
    """
    ids = sorted({item for triples in outcomes.values() for item, _, _ in triples})
    if not ids:
        return {}
    by_id = {g: {} for g in outcomes}
    for guideline, triples in outcomes.items():
        for item, expected, got in triples:
            by_id[guideline][item] = (expected, got)
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {g: [] for g in (*outcomes, "macro")}
    for _ in range(rounds):
        drawn = [ids[rng.randrange(len(ids))] for _ in ids]
        values = []
        for guideline, table in by_id.items():
            value = f1_of([table[item] for item in drawn if item in table])
            samples[guideline].append(value)
            values.append(value)
        samples["macro"].append(sum(values) / len(values))
    return {name: _interval(values) for name, values in samples.items()}


def _interval(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    low = ordered[int(0.025 * (len(ordered) - 1))]
    high = ordered[round(0.975 * (len(ordered) - 1))]
    return low, high
