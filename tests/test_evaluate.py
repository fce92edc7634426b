"""``python -m bot eval``: the figures are computed right, on any labelled file in the dev format."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.evaluate import Counts, accuracy_at_median, evaluate_labelled, percentile, roc_auc
from bot.review.model import GUIDELINE_IDS, EmptyDraft, Review

REPO = Path(__file__).resolve().parents[1]


def test_roc_auc_counts_pairs_and_half_ties() -> None:
    assert roc_auc([1, 2, 3, 4], [False, False, True, True]) == 1.0
    assert roc_auc([4, 3, 2, 1], [False, False, True, True]) == 0.0
    assert roc_auc([5, 5, 5, 5], [True, False, True, False]) == 0.5
    # positives 3 and 2 against negatives 2 and 1: pairs won 1+1+1, tie 0.5, lost 0 -> 3.5 / 4
    assert roc_auc([3, 2, 2, 1], [True, True, False, False]) == pytest.approx(0.875)
    assert roc_auc([1, 2], [True, True]) is None


def test_accuracy_at_median_counts_scores_on_the_median_half() -> None:
    accuracy, median = accuracy_at_median([10, 50, 50, 90], [False, False, True, True])
    assert median == 50
    assert accuracy == pytest.approx((1 + 0.5 + 0.5 + 1) / 4)


def test_counts_and_percentile() -> None:
    counts = Counts()
    for expected, got in [(True, True), (True, False), (False, True), (False, False), (True, True)]:
        counts.add(expected, got)
    assert (counts.tp, counts.fp, counts.fn, counts.tn) == (2, 1, 1, 1)
    assert counts.precision == pytest.approx(2 / 3) and counts.recall == pytest.approx(2 / 3)
    assert counts.f1 == pytest.approx(2 / 3)
    assert percentile([1, 2, 3, 4, 5], 0.5) == 3
    assert percentile([1, 2, 3, 4, 5], 1.0) == 5


class ScriptedReviewer:
    """A reviewer whose verdicts and score are read from the draft: ``issues=a,b score=NN``."""

    name = "scripted"

    def review(self, draft: str, tenant_message: str | None = None, *, language: str | None = None) -> Review:
        if not draft.strip():
            raise EmptyDraft()
        fields = dict(part.split("=", 1) for part in draft.split() if "=" in part)
        issues = [g for g in fields.get("issues", "").split(",") if g]
        verdicts = {g: ("issue" if g in issues else "ok") for g in GUIDELINE_IDS}
        # The rewrite drops the verdict words, so it reviews as issue-free (90) and keeps the facts;
        # a draft with "invent" gets a promise it did not make.
        rewrite = " ".join(["warm", *(p for p in draft.split() if not p.startswith(("issues=", "score=")))])
        if "invent" in draft:
            rewrite += " We come on 3 March."
        return Review(language=fields.get("lang", "nl"), score=int(fields.get("score", 90)), verdicts=verdicts,
                      rewrite=rewrite)


def labelled(item_id: str, scenario: str, variant: str, draft: str, labels: dict[str, str], **extra) -> dict:
    return {"id": item_id, "scenario": scenario, "variant": variant, "lang": "nl", "draft": draft,
            "labels": {g: labels.get(g, "ok") for g in GUIDELINE_IDS}, **extra}


def test_evaluate_labelled_figures() -> None:
    items = [
        labelled("s1-cold", "s1", "cold", "issues=hear,respect score=30 LK-1", {"hear": "issue", "respect": "issue"},
                 facts=["LK-1"]),
        labelled("s1-mixed", "s1", "mixed", "issues=hear score=70", {"hear": "issue"}),
        labelled("s1-warm", "s1", "warm", "score=90", {}),
        labelled("s2-cold", "s2", "cold", "issues=hear score=60", {"hear": "issue", "next_step": "issue"},
                 facts=["not in the draft"]),
        labelled("s2-warm", "s2", "warm", "issues=respect score=50 invent", {}),
        labelled("s3-cold", "s3", "cold", "   ", {"hear": "issue"}),
    ]
    report = evaluate_labelled(items, ScriptedReviewer())
    figures = report.as_dict()
    assert figures["items"] == 6 and figures["reviewed"] == 5
    assert figures["review_errors"][0]["id"] == "s3-cold"
    hear = figures["guidelines"]["hear"]
    assert (hear["tp"], hear["fp"], hear["fn"]) == (3, 0, 1)  # the empty draft counts as a missed issue
    respect = figures["guidelines"]["respect"]
    assert (respect["tp"], respect["fp"], respect["fn"]) == (1, 1, 0)
    assert figures["guidelines"]["next_step"]["fn"] == 1
    assert figures["scenarios"]["warm_above_cold"] == 0.5
    assert figures["scenarios"]["warm_not_above_cold"] == ["s2"]
    assert figures["scenarios"]["mixed_between"] == 1.0
    assert figures["scenarios"]["warm_at_80_or_more"] == 0.5
    assert figures["scenarios"]["cold_below_50"] == 0.5
    assert figures["language_accuracy"] == pytest.approx(5 / 6, abs=1e-4)
    rewrites = figures["rewrites"]
    assert rewrites["rewrites"] == 5
    assert rewrites["keep_listed_facts"] == pytest.approx(4 / 5, abs=1e-4)
    assert rewrites["higher_score_fewer_issues"] == 1.0
    assert rewrites["add_no_new_fact"] == pytest.approx(4 / 5, abs=1e-4)
    assert [f["new_facts"] for f in rewrites["failures"] if "new_facts" in f] == [["3 March"]]
    wrong_next_step = [(w["id"], w["got"]) for w in figures["wrong_verdicts"] if w["guideline"] == "next_step"]
    assert wrong_next_step == [("s2-cold", "ok"), ("s3-cold", "error")]


def run_eval(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "eval", *args], check=False, capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=120)


def test_eval_command_on_a_small_labelled_file_and_a_politeness_csv(tmp_path: Path) -> None:
    drafts = tmp_path / "set.jsonl"
    cold = ("Geachte heer,\n\nUw verzoek is afgewezen. Dat is ons beleid. U dient zich te houden aan de regels. "
            "Uw melding wordt in behandeling genomen.\n\nTeam Klantcontact")
    warm = ("Beste meneer Kok,\n\nU schrijft dat de lift al drie dagen stil staat en dat u daardoor niet naar buiten "
            "kunt. Wat vervelend, zeker met uw knie. De monteur komt morgen om 9.00 uur. Ik bel u daarna.\n\n"
            "Groet,\nAnouk Smit")
    labels_cold = {g: "issue" for g in GUIDELINE_IDS}
    rows = [
        {"id": "x-cold", "scenario": "x", "variant": "cold", "lang": "nl", "draft": cold, "refusal": True,
         "facts": [], "labels": labels_cold},
        {"id": "x-warm", "scenario": "x", "variant": "warm", "lang": "nl", "draft": warm, "refusal": False,
         "facts": ["9.00 uur"], "labels": {g: "ok" for g in GUIDELINE_IDS} | {"no_with_care": "n/a"}},
    ]
    drafts.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    text = run_eval(str(drafts), "--errors", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    for words in ("macro-F1", "warm scores above cold", "language accuracy", "rewrites keeping every fact",
                  "Wrong verdicts"):
        assert words in text.stdout
    figures = json.loads(run_eval(str(drafts), "--json", cwd=tmp_path).stdout)
    assert set(figures["guidelines"]) == set(GUIDELINE_IDS)
    assert figures["items"] == 2 and figures["language_accuracy"] == 1.0
    assert figures["scenarios"]["warm_above_cold"] == 1.0
    # the cold draft's refusal: counted as labelled, and as the detector finds it in the draft
    assert figures["rewrites"]["refusals"] == 1 and figures["rewrites"]["refusals_found"] == 1
    assert figures["rewrites"]["keep_found_refusal"] == 1.0
    assert "1 the detector finds in the draft" in text.stdout

    polite = tmp_path / "politeness.csv"
    with polite.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "binary_quartile"])
        writer.writeheader()
        writer.writerow({"id": "1", "text": "Could you please explain how this works? Thanks a lot!",
                         "binary_quartile": "1"})
        writer.writerow({"id": "2", "text": "WHY DOESN'T THIS WORK??? You should have read the manual.",
                         "binary_quartile": "-1"})
        writer.writerow({"id": "3", "text": "What is the default value here?", "binary_quartile": "0"})
    result = json.loads(run_eval(str(polite), "--json", cwd=tmp_path).stdout)
    assert result["rows"] == 3 and result["top_and_bottom_quartile"] == 2
    assert result["roc_auc"] is not None


def test_eval_command_reports_unreadable_and_malformed_files(tmp_path: Path) -> None:
    missing = run_eval(str(tmp_path / "nope.jsonl"), cwd=tmp_path)
    assert missing.returncode == 2 and "nope.jsonl" in missing.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"draft": "Hallo"}\n{oops\n', encoding="utf-8")
    result = run_eval(str(broken), cwd=tmp_path)
    assert result.returncode == 2 and "broken.jsonl:2" in result.stderr
    assert "Traceback" not in missing.stderr + result.stderr


def test_dropped_sentences_finds_a_condition_that_vanished_but_not_a_reworded_one() -> None:
    from bot.evaluate import dropped_sentences

    draft = ("Geachte heer Jansen,\n\nHierbij delen wij u mede dat de monteur dinsdag komt. "
             "Komt de storing door verkeerd gebruik, dan betaalt u zelf de voorrijkosten.")
    reworded = ("Beste heer Jansen,\n\nDe monteur komt dinsdag. "
                "Komt de storing door verkeerd gebruik, dan betaalt u de voorrijkosten zelf.")
    shortened = "Beste heer Jansen,\n\nDe monteur komt dinsdag."
    assert dropped_sentences(draft, reworded) == []
    assert dropped_sentences(draft, shortened) == [
        "Komt de storing door verkeerd gebruik, dan betaalt u zelf de voorrijkosten."
    ]


def test_eval_with_the_llm_engine_but_no_key_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AANDACHT_"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "eval", str(REPO / "bench" / "heldout_offline.jsonl"), "--engine", "llm"],
        check=False, capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=60,
    )
    assert result.returncode == 2
    assert "OPENAI_API_KEY" in result.stderr and "Traceback" not in result.stderr
