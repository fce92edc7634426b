"""The score: the rubric's bands always hold, and within them it follows how sure the learned layer is."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.review.context import CheckResult
from bot.review.model import GUIDELINE_IDS
from bot.review.score import band, score


def results(issues: set[str], margins: dict[str, float | None] | None = None, strength: float = 0.5) -> list[CheckResult]:
    margins = margins or {}
    return [CheckResult(g, "issue" if g in issues else "ok", strength=0.0 if g in issues else strength,
                        margin=margins.get(g)) for g in GUIDELINE_IDS]


@given(issues=st.sets(st.sampled_from(GUIDELINE_IDS)),
       margins=st.lists(st.one_of(st.none(), st.floats(-1, 1)), min_size=7, max_size=7),
       strength=st.floats(0, 1), courtesy=st.floats(-1, 1))
def test_the_bands_hold_whatever_the_model_says(issues, margins, strength, courtesy) -> None:
    value = score(results(issues, dict(zip(GUIDELINE_IDS, margins, strict=True)), strength), courtesy)
    if not issues:
        assert band(value) == "warm"
    elif len(issues) >= 4:
        assert band(value) == "cold"
    else:
        assert value < 80


def test_a_draft_the_model_nearly_faults_scores_below_one_it_clears_with_ease() -> None:
    clear = score(results(set(), {g: -0.9 for g in GUIDELINE_IDS}))
    nearly = score(results(set(), {g: -0.9 for g in GUIDELINE_IDS} | {"respect": -0.05}))
    assert nearly < clear and band(nearly) == "warm"


def test_a_sure_issue_costs_more_than_a_borderline_one() -> None:
    borderline = score(results({"respect"}, {"respect": 0.05}))
    sure = score(results({"respect"}, {"respect": 0.95}))
    assert sure < borderline < 80


def test_without_learned_weights_the_rules_alone_decide() -> None:
    # no margins (rules only, or a model's verdicts checked by the guard): the score of the verdicts and strengths
    assert score(results(set(), strength=1.0)) == 98
    assert score(results({"hear", "respect"}, strength=1.0)) == 86 + 5 - 30
