"""``python -m bot eval FILE``: measure a reviewer against labelled drafts.

Two kinds of input, told apart by the file's suffix:

- ``.jsonl``: labelled drafts in the format of ``shared/eval/dev.jsonl`` (id, scenario, lang,
  variant, tenant_message, draft, refusal, facts, labels). Reported: precision, recall and F1 of
  the ``issue`` verdict per guideline and their macro average; whether warm versions of a
  scenario score above cold ones (and mixed in between); the share of warm drafts at 80 or more
  and cold ones below 50; language accuracy; for the rewrites, the share that keep every fact and
  the refusal and that score higher with fewer issues when reviewed again; time per review.
- ``.csv``: the Stanford Politeness Corpus (``text`` and ``binary_quartile``: 1 top, -1 bottom
  quartile): how well the score separates polite from impolite requests (ROC AUC, and accuracy at
  the median score), without any training on it.

Everything is computed in plain Python, so the command needs nothing beyond the engine.
Nothing here is tuned to a particular file: other labelled sets in the same format work as well.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.review.facts import missing_facts, normalise_whitespace
from bot.review.model import GUIDELINE_IDS, Review, ReviewInputError
from bot.review.refusal import is_refusal

RefusalCheck = Callable[[str, str], bool]


# --- small statistics, in plain Python -----------------------------------------------------------


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


# --- the labelled JSON-lines set -------------------------------------------------------------------


@dataclass
class ItemResult:
    """What happened to one labelled draft (kept only in memory)."""

    id: str
    scenario: str | None
    variant: str | None
    lang: str | None
    review: Review | None
    error: str | None
    seconds: float


@dataclass
class WrongVerdict:
    id: str
    guideline: str
    expected: str
    got: str
    quote: str | None = None


@dataclass
class JsonlReport:
    """All figures of one run over a labelled set; ``as_dict`` is what ``--json`` prints."""

    n_items: int = 0
    n_reviewed: int = 0
    review_errors: list[dict[str, str]] = field(default_factory=list)
    per_guideline: dict[str, Counts] = field(default_factory=dict)
    per_language: dict[str, dict[str, Counts]] = field(default_factory=dict)
    verdict_matches: int = 0
    verdict_total: int = 0
    wrong: list[WrongVerdict] = field(default_factory=list)
    language_correct: int = 0
    language_total: int = 0
    scenario_figures: dict[str, Any] = field(default_factory=dict)
    rewrite_figures: dict[str, Any] = field(default_factory=dict)
    score_property: dict[str, Any] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    outcomes: dict[str, list[tuple[str, bool, bool]]] = field(default_factory=dict)
    refusal: Counts = field(default_factory=Counts)

    def intervals(self) -> dict[str, tuple[float, float]]:
        """95% bootstrap intervals of each guideline's F1 and of macro-F1 (bot.eval_stats)."""
        from bot.eval_stats import bootstrap_f1

        return bootstrap_f1(self.outcomes)

    def tally(self, item_id: str, lang: str, gid: str, expected: str, got: str, review: Review | None = None) -> None:
        """Count one labelled verdict (``got`` is "error" when the review failed) overall and per language."""
        for counts in (self.per_guideline, self.per_language.setdefault(lang, {})):
            counts.setdefault(gid, Counts()).add(expected == "issue", got == "issue")
        self.outcomes.setdefault(gid, []).append((item_id, expected == "issue", got == "issue"))
        self.verdict_total += 1
        if expected == got:
            self.verdict_matches += 1
            return
        findings = review.findings if review is not None else []
        quote = next((f.quote for f in findings if f.guideline == gid and f.quote), None)
        self.wrong.append(WrongVerdict(item_id, gid, expected, got, quote))

    @property
    def macro_f1(self) -> float:
        counts = [self.per_guideline[g] for g in GUIDELINE_IDS if g in self.per_guideline]
        return sum(c.f1 for c in counts) / len(counts) if counts else 0.0

    def macro_f1_for(self, lang: str) -> float:
        counts = [c for g, c in self.per_language.get(lang, {}).items() if g in GUIDELINE_IDS]
        return sum(c.f1 for c in counts) / len(counts) if counts else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.n_items,
            "reviewed": self.n_reviewed,
            "review_errors": self.review_errors,
            "guidelines": {g: c.as_dict() for g, c in self.per_guideline.items()},
            "macro_f1": round(self.macro_f1, 4),
            "f1_95_interval": {k: [round(low, 4), round(high, 4)] for k, (low, high) in self.intervals().items()},
            "refusal_detection": self.refusal.as_dict(),
            "macro_f1_by_language": {lang: round(self.macro_f1_for(lang), 4) for lang in sorted(self.per_language)},
            "verdict_accuracy": _round(share(self.verdict_matches, self.verdict_total)),
            "language_accuracy": _round(share(self.language_correct, self.language_total)),
            "scenarios": self.scenario_figures,
            "rewrites": self.rewrite_figures,
            "score_property": self.score_property,
            "ms_per_review": {
                "median": round(statistics.median(self.seconds) * 1000, 3) if self.seconds else None,
                "p99": round(percentile(self.seconds, 0.99) * 1000, 3) if self.seconds else None,
                "max": round(max(self.seconds) * 1000, 3) if self.seconds else None,
            },
            "wrong_verdicts": [w.__dict__ for w in self.wrong],
        }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _review(reviewer: Any, draft: str, tenant_message: str | None, language: str | None = None) -> tuple[
    Review | None, str | None, float
]:
    """One timed review; an input the engine refuses, or an engine failure, becomes an error text."""
    started = time.perf_counter()
    try:
        review = reviewer.review(draft, tenant_message, language=language)
    except ReviewInputError as error:
        return None, f"{type(error).__name__}: {error}", time.perf_counter() - started
    except Exception as error:  # noqa: BLE001 - a crash of the engine is a measured failure, not the end
        return None, f"crash {type(error).__name__}: {error}", time.perf_counter() - started
    return review, None, time.perf_counter() - started


def evaluate_labelled(
    items: Iterable[dict[str, Any]],
    reviewer: Any,
    refusal_check: RefusalCheck | None = None,
    check_rewrites: bool = True,
) -> JsonlReport:
    """Review every labelled draft and compute the figures (see the module docstring)."""
    report = JsonlReport()
    report.per_guideline = {g: Counts() for g in GUIDELINE_IDS}
    results: list[ItemResult] = []
    rewrite_stats: dict[str, int] = defaultdict(int)
    failed_rewrites: list[dict[str, Any]] = []
    issue_free_scores: list[int] = []
    many_issue_scores: list[int] = []

    for number, item in enumerate(items, start=1):
        report.n_items += 1
        item_id = str(item.get("id", f"line {number}"))
        draft = item.get("draft") or ""
        tenant_message = item.get("tenant_message") or None
        expected_lang = item.get("lang")
        review, error, seconds = _review(reviewer, draft, tenant_message)
        results.append(ItemResult(item_id, item.get("scenario"), item.get("variant"), expected_lang, review, error,
                                  seconds))
        labels: dict[str, str] = item.get("labels") or {}
        if expected_lang:
            report.language_total += 1
        if review is None:
            report.review_errors.append({"id": item_id, "error": error or ""})
            for gid, expected in labels.items():
                if gid in report.per_guideline:
                    report.tally(item_id, expected_lang or "?", gid, expected, "error")
            continue
        report.n_reviewed += 1
        report.seconds.append(seconds)
        if expected_lang and review.language == expected_lang:
            report.language_correct += 1

        for gid in GUIDELINE_IDS:
            if gid in labels:
                report.tally(item_id, expected_lang or review.language, gid, labels[gid],
                             review.verdicts.get(gid, "ok"), review)
        if "refusal" in item:
            report.refusal.add(bool(item["refusal"]), review.verdicts.get("no_with_care") not in (None, "n/a"))

        issues = review.issues()
        if not issues:
            issue_free_scores.append(review.score)
        elif len(issues) >= 4:
            many_issue_scores.append(review.score)

        if check_rewrites:
            _check_rewrite(item, item_id, draft, tenant_message, review, reviewer, refusal_check, rewrite_stats,
                           failed_rewrites)

    report.scenario_figures = _scenario_figures(results)
    report.rewrite_figures = _rewrite_figures(rewrite_stats, failed_rewrites, refusal_check is not None)
    report.score_property = {
        "issue_free_reviews": len(issue_free_scores),
        "issue_free_below_80": sum(1 for s in issue_free_scores if s < 80),
        "four_plus_issue_reviews": len(many_issue_scores),
        "four_plus_issues_at_50_or_more": sum(1 for s in many_issue_scores if s >= 50),
    }
    return report


def _check_rewrite(
    item: dict[str, Any],
    item_id: str,
    draft: str,
    tenant_message: str | None,
    review: Review,
    reviewer: Any,
    refusal_check: RefusalCheck | None,
    stats: dict[str, int],
    failures: list[dict[str, Any]],
) -> None:
    """Does the rewrite keep every fact and the refusal, add no fact, and review better than the draft?"""
    rewrite = review.rewrite or ""
    kept_text = normalise_whitespace(rewrite)
    listed_lost = [fact for fact in item.get("facts") or [] if normalise_whitespace(fact) not in kept_text]
    found_lost = missing_facts(draft, rewrite)
    stats["rewrites"] += 1
    stats["listed_facts_kept"] += not listed_lost
    stats["found_facts_kept"] += not found_lost
    stats["all_facts_kept"] += not listed_lost and not found_lost
    failure: dict[str, Any] = {}
    if listed_lost or found_lost:
        failure["lost_facts"] = sorted(set(listed_lost) | set(found_lost))
    # A rewrite promises nothing new: a date, time, amount or number that the draft did not have
    # is a new promise (placeholders in [brackets] hold no facts).
    invented = missing_facts(rewrite, draft)
    stats["no_new_facts"] += not invented
    if invented:
        failure["new_facts"] = invented
    dropped = dropped_sentences(draft, rewrite)
    stats["no_sentence_dropped"] += not dropped
    if dropped:
        failure["dropped_sentences"] = [sentence[:90] for sentence in dropped]
    if item.get("refusal") and refusal_check is not None:
        stats["refusals"] += 1
        try:
            kept = bool(refusal_check(rewrite, review.language))
        except Exception as error:  # noqa: BLE001 - a failing check is a failed guard, not a crash
            kept, failure["refusal_check_error"] = False, f"{type(error).__name__}: {error}"
        stats["refusal_kept"] += kept
        if not kept:
            failure["refusal_lost"] = True
    if review.issues():
        stats["with_issues"] += 1
        again, error, _seconds = _review(reviewer, rewrite, tenant_message, language=review.language)
        if again is not None:
            better = again.score > review.score and len(again.issues()) < len(review.issues())
            stats["improved"] += better
            if not better:
                failure["not_better"] = {
                    "draft": [review.score, len(review.issues())], "rewrite": [again.score, len(again.issues())],
                    "issues_left": again.issues(),
                }
        else:
            failure["not_better"] = {"error": error}
    if failure:
        failures.append({"id": item_id, **failure})


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def dropped_sentences(draft: str, rewrite: str, keep_share: float = 0.34) -> list[str]:
    """Sentences of the draft whose words mostly vanished from the rewrite.

    A warmer rewrite may reword a sentence, but a sentence that disappears can take substance
    with it (a condition, a cost, a right of appeal) which no fact check sees. A sentence with at
    least three words of four or more letters counts as dropped when fewer than ``keep_share`` of
    those words occur anywhere in the rewrite. Salutation lines (ending in a comma) are skipped.
    A heuristic: read the listed sentences; a dropped template phrase can be fine.
    """
    kept_words = {word.lower() for word in _CONTENT_WORD.findall(rewrite)}
    dropped = []
    for sentence in _SENTENCE_BREAK.split(draft):
        sentence = sentence.strip()
        words = [word.lower() for word in _CONTENT_WORD.findall(sentence)]
        if len(words) < 3 or sentence.endswith(","):
            continue
        if sum(word in kept_words for word in words) / len(words) < keep_share:
            dropped.append(sentence)
    return dropped


def _rewrite_figures(stats: dict[str, int], failures: list[dict[str, Any]], refusal_available: bool) -> dict[str, Any]:
    rewrites = stats["rewrites"]
    return {
        "rewrites": rewrites,
        "keep_listed_facts": _round(share(stats["listed_facts_kept"], rewrites)),
        "keep_found_facts": _round(share(stats["found_facts_kept"], rewrites)),
        "keep_all_facts": _round(share(stats["all_facts_kept"], rewrites)),
        "keep_every_sentence": _round(share(stats["no_sentence_dropped"], rewrites)),
        "add_no_new_fact": _round(share(stats["no_new_facts"], rewrites)),
        "refusals": stats["refusals"] if refusal_available else None,
        "keep_refusal": _round(share(stats["refusal_kept"], stats["refusals"])) if refusal_available else None,
        "reviewed_again": stats["with_issues"],
        "higher_score_fewer_issues": _round(share(stats["improved"], stats["with_issues"])),
        "failures": failures,
    }


def _scenario_figures(results: list[ItemResult]) -> dict[str, Any]:
    """Ordering of cold, mixed and warm versions of each scenario, and the score bands."""
    by_scenario: dict[str, dict[str, int]] = defaultdict(dict)
    for result in results:
        if result.scenario and result.variant and result.review is not None:
            by_scenario[result.scenario][result.variant] = result.review.score
    warm_scores = [r.review.score for r in results if r.variant == "warm" and r.review is not None]
    cold_scores = [r.review.score for r in results if r.variant == "cold" and r.review is not None]
    warm_cold = [s for s, v in by_scenario.items() if "warm" in v and "cold" in v]
    warm_above = [s for s in warm_cold if by_scenario[s]["warm"] > by_scenario[s]["cold"]]
    triples = [s for s in warm_cold if "mixed" in by_scenario[s]]
    mixed_between = [
        s for s in triples if by_scenario[s]["cold"] < by_scenario[s]["mixed"] < by_scenario[s]["warm"]
    ]
    return {
        "scenarios_with_warm_and_cold": len(warm_cold),
        "warm_above_cold": _round(share(len(warm_above), len(warm_cold))),
        "warm_not_above_cold": sorted(set(warm_cold) - set(warm_above)),
        "scenarios_with_all_three": len(triples),
        "mixed_between": _round(share(len(mixed_between), len(triples))),
        "mixed_not_between": sorted(set(triples) - set(mixed_between)),
        "warm_drafts": len(warm_scores),
        "warm_at_80_or_more": _round(share(sum(1 for s in warm_scores if s >= 80), len(warm_scores))),
        "cold_drafts": len(cold_scores),
        "cold_below_50": _round(share(sum(1 for s in cold_scores if s < 50), len(cold_scores))),
        "mean_score": {
            variant: round(statistics.mean(scores), 1)
            for variant in ("cold", "mixed", "warm")
            if (scores := [r.review.score for r in results if r.variant == variant and r.review is not None])
        },
        "scores": {s: dict(sorted(v.items())) for s, v in sorted(by_scenario.items())},
    }


# --- the politeness corpus -------------------------------------------------------------------------


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


# --- printing ---------------------------------------------------------------------------------------


def _some(label: str, ids: list[str], limit: int = 6) -> str:
    """"; not: a, b, c and 4 more" for a short line."""
    if not ids:
        return ""
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return f"; {label}: {', '.join(ids[:limit])}{more}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def format_labelled(report: JsonlReport, path: str, engine: str, show_errors: bool) -> str:
    """The readable table for a labelled set."""
    lines = [f"Evaluation of {path} ({report.n_items} drafts, engine {engine})", ""]
    header = (f"{'guideline':<26}{'issues':>7}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}{'F1':>7}"
              f"{'95% interval':>16}")
    lines += [header, "-" * len(header)]
    intervals = report.intervals()
    for gid, counts in report.per_guideline.items():
        low, high = intervals.get(gid, (counts.f1, counts.f1))
        lines.append(
            f"{gid:<26}{counts.tp + counts.fn:>7}{counts.tp:>5}{counts.fp:>5}{counts.fn:>5}"
            f"{counts.precision:>11.2f}{counts.recall:>8.2f}{counts.f1:>7.2f}{f'{low:.2f}-{high:.2f}':>16}"
        )
    lines.append("-" * len(header))
    by_lang = ", ".join(f"{lang} {report.macro_f1_for(lang):.3f}" for lang in sorted(report.per_language))
    low, high = intervals.get("macro", (report.macro_f1, report.macro_f1))
    lines.append(f"{'macro-F1':<26}{report.macro_f1:>48.3f}{f'{low:.3f}-{high:.3f}':>16}   ({by_lang})")
    refusal = report.refusal
    if refusal.tp + refusal.fp + refusal.fn + refusal.tn:
        lines.append(f"{'refusal detection':<26}{refusal.tp + refusal.fn:>7}{refusal.tp:>5}{refusal.fp:>5}"
                     f"{refusal.fn:>5}{refusal.precision:>11.2f}{refusal.recall:>8.2f}{refusal.f1:>7.2f}")
    lines.append("")
    sc = report.scenario_figures
    rw = report.rewrite_figures
    summary = [
        ("verdict accuracy (ok/issue/n/a)", _pct(share(report.verdict_matches, report.verdict_total))),
        ("language accuracy", (f"{_pct(share(report.language_correct, report.language_total))}"
                               f" ({report.language_correct}/{report.language_total})")),
        ("warm scores above cold", f"{_pct(sc['warm_above_cold'])} of {sc['scenarios_with_warm_and_cold']} scenarios"
         + _some("not", sc["warm_not_above_cold"])),
        ("mixed between cold and warm", f"{_pct(sc['mixed_between'])} of {sc['scenarios_with_all_three']} scenarios"
         + _some("not", sc["mixed_not_between"])),
        ("warm drafts scoring >= 80", f"{_pct(sc['warm_at_80_or_more'])} of {sc['warm_drafts']}"),
        ("cold drafts scoring < 50", f"{_pct(sc['cold_below_50'])} of {sc['cold_drafts']}"),
        ("mean score cold/mixed/warm", " / ".join(str(v) for v in sc["mean_score"].values()) or "n/a"),
        ("rewrites keeping every fact", (f"{_pct(rw['keep_all_facts'])} of {rw['rewrites']}"
                                         f" (listed {_pct(rw['keep_listed_facts'])},"
                                         f" found {_pct(rw['keep_found_facts'])})")),
        ("rewrites adding no new fact", f"{_pct(rw['add_no_new_fact'])} of {rw['rewrites']}"),
        ("rewrites dropping no sentence", (f"{_pct(rw['keep_every_sentence'])} of {rw['rewrites']}"
                                           " (by word overlap; see --errors)")),
        ("rewrites keeping the refusal",
         "n/a (bot.review.refusal not available)" if rw["keep_refusal"] is None and rw["refusals"] is None
         else f"{_pct(rw['keep_refusal'])} of {rw['refusals']}"),
        ("rewrites: higher score, fewer issues", f"{_pct(rw['higher_score_fewer_issues'])} of {rw['reviewed_again']}"),
        ("score rule: no issue >= 80", (f"{report.score_property['issue_free_below_80']} violations in "
                                        f"{report.score_property['issue_free_reviews']} reviews")),
        ("score rule: 4+ issues < 50", (f"{report.score_property['four_plus_issues_at_50_or_more']} violations in "
                                        f"{report.score_property['four_plus_issue_reviews']} reviews")),
    ]
    if report.seconds:
        summary.append(("ms per review (median / p99)",
                        f"{statistics.median(report.seconds) * 1000:.2f} / {percentile(report.seconds, 0.99) * 1000:.2f}"))
    if report.review_errors:
        summary.append(("drafts the reviewer could not review", str(len(report.review_errors))))
    width = max(len(label) for label, _ in summary) + 2
    lines += [f"{label:<{width}}{value}" for label, value in summary]
    if report.review_errors:
        lines += ["", "Review errors:"] + [f"  {e['id']}: {e['error']}" for e in report.review_errors]
    if show_errors:
        lines += ["", f"Wrong verdicts ({len(report.wrong)}):"]
        lines += [f"  {'id':<22}{'guideline':<20}{'expected':<10}{'got':<8}quote"]
        for wrong in report.wrong:
            quote = f'"{wrong.quote[:60]}"' if wrong.quote else ""
            lines.append(f"  {wrong.id:<22}{wrong.guideline:<20}{wrong.expected:<10}{wrong.got:<8}{quote}")
        if rw["failures"]:
            lines += ["", f"Rewrite failures ({len(rw['failures'])}):"]
            lines += [f"  {json.dumps(failure, ensure_ascii=False)}" for failure in rw["failures"]]
    return "\n".join(lines)


def format_politeness(report: PolitenessReport, path: str, engine: str) -> str:
    d = report.as_dict()
    lines = [
        f"Politeness evaluation of {path} (engine {engine})",
        "",
        f"rows read                       {report.rows}",
        f"top / bottom quartile reviewed  {report.polite} / {report.impolite}",
        f"ROC AUC (top vs bottom)         {d['roc_auc'] if d['roc_auc'] is not None else 'n/a'}",
        f"accuracy at median score        {_pct(report.accuracy)} (median {report.median_score}; ties count half)",
        f"mean score top / bottom         {d['mean_score_polite']} / {d['mean_score_impolite']}",
        f"reviews that raised an error    {len(report.errors)}",
    ]
    if report.seconds:
        lines.append(f"ms per review (median / p99)    {d['ms_per_review']['median']} / {d['ms_per_review']['p99']}")
    lines += ["", "share with an issue, top / bottom quartile:"]
    for gid, rates in report.issue_rates.items():
        lines.append(f"  {gid:<20} {_pct(rates['polite']):>7} / {_pct(rates['impolite']):>7}")
    return "\n".join(lines)


# --- the command -------------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The labelled items of a JSON-lines file; blank lines are skipped, a bad line is an error."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(item, dict) or "draft" not in item:
            raise ValueError(f"{path}:{number}: expected an object with a \"draft\" field")
        items.append(item)
    return items


def run_eval(args: Any) -> int:
    """Entry point of ``python -m bot eval``; returns the exit status."""
    weights = getattr(args, "weights", None)
    if weights:
        from bot.review.learned.model import parse_model, using_model

        try:
            model = parse_model(Path(weights).read_bytes())
        except (OSError, ValueError) as error:
            print(f"Cannot use the weights {weights}: {error}", file=sys.stderr)
            return 2
        with using_model(model):
            return _run_eval(args)
    return _run_eval(args)


def _run_eval(args: Any) -> int:
    path = Path(args.file)
    engine = getattr(args, "engine", "offline") or "offline"
    try:
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                rows: list[dict[str, str]] = list(csv.DictReader(handle))
            if rows and "text" not in rows[0]:
                raise ValueError(f"{path}: expected a \"text\" column (and binary_quartile)")
        else:
            items = read_jsonl(path)
    except (OSError, UnicodeDecodeError) as error:
        print(f"Cannot read {path}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2

    from bot.cli import UserError, build_reviewer

    try:
        reviewer = build_reviewer(engine)
    except UserError as error:
        print(str(error), file=sys.stderr)
        return error.status
    engine_name = getattr(reviewer, "name", engine)
    if engine_name == "offline":
        # One untimed review first: loading and compiling the lexicons is start-up, not time per review.
        _review(reviewer, "Beste meneer, ik bel u morgen over de lekkage in uw badkamer.", None)
        _review(reviewer, "Dear Sir, I will call you tomorrow about the leak in your bathroom.", None)
    if path.suffix.lower() == ".csv":
        politeness = evaluate_politeness(rows, reviewer)
        if args.json:
            print(json.dumps({"file": str(path), "engine": engine_name, **politeness.as_dict()}, ensure_ascii=False,
                             indent=2))
        else:
            print(format_politeness(politeness, str(path), engine_name))
        return 0

    split = getattr(args, "split", None)
    train_f1 = None
    if split:
        chosen = [item for item in items if item.get("split") == split]
        if not chosen:
            print(f"{path}: no drafts of split {split!r}", file=sys.stderr)
            return 2
        if split != "train" and any(item.get("split") == "train" for item in items):
            train_items = [item for item in items if item.get("split") == "train"]
            train_f1 = evaluate_labelled(train_items, reviewer, None, check_rewrites=False).macro_f1
        items = chosen
    report = evaluate_labelled(items, reviewer, is_refusal)
    gap_line = (f"train split macro-F1 {train_f1:.3f}; {split} {report.macro_f1:.3f}; gap "
                f"{train_f1 - report.macro_f1:+.3f}") if train_f1 is not None else None
    if args.json:
        figures = report.as_dict()
        if train_f1 is not None:
            figures["train_macro_f1"] = round(train_f1, 4)
            figures["train_test_gap"] = round(train_f1 - report.macro_f1, 4)
        if not getattr(args, "errors", False):
            figures.pop("wrong_verdicts")
        print(json.dumps({"file": str(path), "engine": engine_name, **figures}, ensure_ascii=False, indent=2))
    else:
        print(format_labelled(report, str(path), engine_name, getattr(args, "errors", False)))
        if gap_line:
            print(gap_line)
    return 0
