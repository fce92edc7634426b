"""A labelled JSON-lines set (the shared dev set, the held-out set, the corpus): verdicts, refusals, scores and rewrites measured."""

from __future__ import annotations

import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.evaluate.stats import Counts, percentile, share
from bot.review.facts import missing_facts, normalise_whitespace
from bot.review.model import GUIDELINE_IDS, Review, ReviewInputError

RefusalCheck = Callable[[str, str], bool]


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
        # the rewrite's own share: of the refusals the detector finds in the draft, how many it finds again
        try:
            found = bool(refusal_check(draft, review.language))
        except Exception as error:  # noqa: BLE001 - as above: the error is reported, the draft counts as not found
            found = False
            failure.setdefault("refusal_check_error", f"{type(error).__name__}: {error}")
        stats["refusals_found"] += found
        stats["refusal_kept_of_found"] += found and kept
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
        "refusals_found": stats["refusals_found"] if refusal_available else None,
        "keep_found_refusal": (_round(share(stats["refusal_kept_of_found"], stats["refusals_found"]))
                               if refusal_available else None),
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
