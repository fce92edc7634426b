"""The Stanford politeness corpus (zero-shot): does the score rank polite requests above impolite ones?"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.evaluate.labelled import _review, _round
from bot.evaluate.stats import accuracy_at_median, percentile, roc_auc, share
from bot.review.model import GUIDELINE_IDS


@dataclass
class PolitenessReport:
    rows: int = 0
    used: int = 0
    polite: int = 0
    impolite: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    auc: float | None = None
    accuracy: float | None = None
    median_score: float = 0.0
    mean_polite: float | None = None
    mean_impolite: float | None = None
    issue_rates: dict[str, dict[str, float | None]] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "top_and_bottom_quartile": self.used,
            "polite": self.polite,
            "impolite": self.impolite,
            "review_errors": len(self.errors),
            "review_error_examples": self.errors[:10],
            "roc_auc": _round(self.auc),
            "accuracy_at_median": _round(self.accuracy),
            "median_score": self.median_score,
            "mean_score_polite": _round(self.mean_polite, 2),
            "mean_score_impolite": _round(self.mean_impolite, 2),
            "issue_rate_by_guideline": self.issue_rates,
            "ms_per_review": {
                "median": round(statistics.median(self.seconds) * 1000, 3) if self.seconds else None,
                "p99": round(percentile(self.seconds, 0.99) * 1000, 3) if self.seconds else None,
            },
        }


def evaluate_politeness(rows: Iterable[dict[str, str]], reviewer: Any) -> PolitenessReport:
    """Score each top- and bottom-quartile request; how well does the score tell them apart?

    The corpus is English; a ``lang`` column, when present, is passed as the language hint. Rows
    the engine cannot review are counted and left out of the AUC.
    """
    report = PolitenessReport()
    scores: list[float] = []
    positive: list[bool] = []
    issue_counts: dict[str, list[int]] = {g: [0, 0] for g in GUIDELINE_IDS}  # [polite, impolite]
    for row in rows:
        report.rows += 1
        quartile = (row.get("binary_quartile") or "").strip()
        if quartile not in ("1", "-1"):
            continue
        review, error, seconds = _review(reviewer, row.get("text") or "", None,
                                         language=row.get("lang") or row.get("language") or "en")
        if review is None:
            report.errors.append({"id": row.get("id", str(report.rows)), "error": error or ""})
            continue
        report.seconds.append(seconds)
        scores.append(review.score)
        positive.append(quartile == "1")
        for gid in review.issues():
            issue_counts[gid][0 if quartile == "1" else 1] += 1
    report.used = len(scores)
    report.polite = sum(positive)
    report.impolite = report.used - report.polite
    report.auc = roc_auc(scores, positive)
    report.accuracy, report.median_score = accuracy_at_median(scores, positive)
    polite_scores = [s for s, p in zip(scores, positive, strict=True) if p]
    impolite_scores = [s for s, p in zip(scores, positive, strict=True) if not p]
    report.mean_polite = statistics.mean(polite_scores) if polite_scores else None
    report.mean_impolite = statistics.mean(impolite_scores) if impolite_scores else None
    # Which guidelines tell polite from impolite requests: the share of each class with an issue.
    report.issue_rates = {
        gid: {"polite": _round(share(polite, report.polite)), "impolite": _round(share(impolite, report.impolite))}
        for gid, (polite, impolite) in issue_counts.items()
    }
    return report
