"""The overall score, 0 (cold) .. 100 (warm), from the verdicts and how heavy the findings are.

The rubric fixes two properties: a draft without an issue scores at least 80, one with four or
more issues below 50; and of two versions of a reply the warmer scores higher. So each issue
costs 13–15 points (four issues cost at least 52 from a ceiling of 90), findings beyond the first
of an issue cost a little more (graded severity), and guidelines that are clearly done well
("strength": an acknowledgement, a dated step and a phone number) lift a draft within its band, and
so do courteous words against curt ones (``courtesy_balance``, from the politeness strategies in
bot/review/courtesy.py: thanks, sorry, "could you" against "why ...?", "actually", "??"; after
Danescu-Niculescu-Mizil et al., ACL 2013).

With learned weights the score is graded by how sure the model is (``CheckResult.margin``): how
clearly a guideline is done well is half the rules' strength and half the model's distance from
its issue bar; an issue-free draft loses up to 8 points as its closest guideline nears the bar
(a draft the model nearly faults is not as warm as one it clears with ease), and each issue costs
up to 4 points more the surer the model is. On the corpus's validation writers (train-only
weights) this put warm > mixed > cold in 96.0% of 125 triads, against 92.8% from the verdicts
alone, and the rank correlation of score and labelled issues from 0.892 to 0.904.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.review.checks.base import CheckResult, DraftContext
from bot.review.courtesy import courtesy as courtesy_of

__all__ = ["courtesy_balance", "score"]

ISSUE_COST = {
    "hear": 15,
    "acknowledge": 15,
    "no_with_care": 15,
    "person_not_policy": 14,
    "respect": 15,
    "next_step": 15,
    "plain_language": 13,
}
CEILING_WITH_ISSUES = 86
FLOOR_WITHOUT_ISSUES = 80
COLD_BELOW = 50
"""The rubric's bands: from 80 warm (no issue scores lower), under 50 cold (four or more issues)."""
EXTRA_FINDING_COST = 1.5
MAX_EXTRA_COST = 12
NEAR_BAR_COST = 8
"""An issue-free draft's cost as its closest guideline reaches the learned issue bar."""
SURE_ISSUE_COST = 4
"""What an issue the model is sure of costs beyond one on its bar."""


def courtesy_balance(context: DraftContext) -> float:
    """-1..1: the politeness strategies in the salutation and body (bot.review.courtesy), not the sign-off.

    The markers are the draft's lexicon's, so an organisation's own ``[[courtesy]]`` tables count.
    A light signal: it moves a score within its band, never a verdict.
    """
    if context.body:
        indexes = ([context.salutation] if context.salutation is not None else []) + list(context.body)
    else:
        indexes = list(range(len(context.sentences)))
    return courtesy_of("\n".join(context.sentences[index].text for index in indexes), context.lexicon)


def score(results: Sequence[CheckResult], courtesy: float = 0.0) -> int:
    """0..100; ``results`` holds one ``CheckResult`` per guideline, ``courtesy`` is ``courtesy_balance``."""
    issues = [result for result in results if result.verdict == "issue"]
    applicable = [result for result in results if result.verdict == "ok"]
    strength = sum(_done_well(result) for result in applicable) / len(applicable) if applicable else 0.0
    if not issues:
        margins = [result.margin for result in applicable if result.margin is not None]
        near = 1.0 + max(margins) if margins else 0.0
        value = FLOOR_WITHOUT_ISSUES + 4 + 14 * strength + 2 * courtesy - NEAR_BAR_COST * near
        return max(FLOOR_WITHOUT_ISSUES, min(100, round(value)))
    cost = sum(ISSUE_COST.get(result.guideline, 13) for result in issues)
    cost += SURE_ISSUE_COST * sum(max(0.0, result.margin) for result in issues if result.margin is not None)
    extra = sum(max(0, len(result.hits) + len(result.missing) - 1) for result in issues)
    value = CEILING_WITH_ISSUES + 5 * strength + 8 * courtesy - cost - min(MAX_EXTRA_COST, EXTRA_FINDING_COST * extra)
    if len(issues) >= 4:
        value = min(value, 49)
    return max(0, min(FLOOR_WITHOUT_ISSUES - 1, round(value)))


def _done_well(result: CheckResult) -> float:
    """0..1: the rules' strength, averaged with the learned layer's distance below its bar where it has one."""
    if result.margin is None:
        return result.strength
    return 0.5 * result.strength + 0.5 * max(0.0, min(1.0, -result.margin))


def band(value: int) -> str:
    """The rubric's band of a score: ``warm`` (80 and up), ``mid`` or ``cold`` (under 50)."""
    return "warm" if value >= FLOOR_WITHOUT_ISSUES else "mid" if value >= COLD_BELOW else "cold"
