"""The evaluation reports as text."""

from __future__ import annotations

import json
import statistics

from bot.evaluate.labelled import JsonlReport
from bot.evaluate.politeness import PolitenessReport
from bot.evaluate.stats import percentile, share


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
         else f"{_pct(rw['keep_refusal'])} of {rw['refusals']}; {_pct(rw['keep_found_refusal'])} of the"
              f" {rw['refusals_found']} the detector finds in the draft"),
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
