"""The learned layer of the offline reviewer: cue heads per sentence, verdicts per draft.

``reconcile(context, results)`` is what the offline reviewer calls after its rule checks: where
weights ship (``bot/data/learned/weights.bin``, made by ``python -m bot train`` from ``corpus/``),
the learned verdict of each guideline decides, with the rules' own findings as evidence among its
features. Where it finds an issue no rule quotes, the finding quotes the sentence its cue heads
point at, with the guideline's message from the rubric; where no sentence stands out (nothing
acknowledges the trouble, no next step), it says what is missing. Where it clears what a rule
flagged, the rule's findings go, except for an organisation's own phrases
(``AANDACHT_LEXICON_PATHS``): a house rule that fires stays an issue whatever the model says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.review.learned.features import HEADS
from bot.review.learned.model import Judgement, cues, judge, load_model

if TYPE_CHECKING:
    from bot.review.context import CheckResult, DraftContext

__all__ = ["reconcile"]

_HEAD_INDEX = {name: index for index, name in enumerate(HEADS)}
NEGATIVE_HEADS: dict[str, tuple[str, ...]] = {
    "hear": ("generic",),
    "acknowledge": (),
    "no_with_care": ("refusal",),
    "person_not_policy": ("process", "department"),
    "respect": ("disrespect",),
    "next_step": ("vague",),
    "plain_language": ("officialese", "long"),
}
"""The heads whose sentences show what is wrong, per guideline (an empty tuple: what is wrong is an absence)."""
QUOTE_AT = 0.5
"""A learned issue quotes its likeliest sentence from this cue probability up. Measured on the
validation split with train-only weights: 0.5 quotes 111 of 228 respect issues, 92% of them on a
sentence the annotators tagged; 0.3 quotes 141 (89%), but its rewrites then leave out more
sentences (82.4% -> 80.1% of drafts keep every sentence) for no better scores, so 0.5 stays."""


def reconcile(context: DraftContext, results: Sequence[CheckResult]) -> tuple[list[CheckResult], Judgement | None]:
    """The check results with the learned verdicts applied (the results unchanged without weights)."""
    model = load_model()
    if model is None:
        return list(results), None
    judgement = judge(context, results, model, refusal=bool(context.refusals))
    sentence_cues = cues(context, model)
    own_rules = _organisation_rule_ids(context)
    reconciled = []
    for result in results:
        verdict = judgement.verdicts[result.guideline]
        probability = judgement.probabilities.get(result.guideline)
        if probability is not None:
            result.margin = _margin(probability, model.thresholds[result.guideline])
        if own_rules and any(hit.rule is not None and hit.rule.id in own_rules for hit in result.hits):
            reconciled.append(result)  # an organisation's own phrase is its decision, not the model's
        elif verdict == result.verdict:
            reconciled.append(result)
        elif verdict == "issue":
            reconciled.append(_learned_issue(context, result, sentence_cues))
        else:
            result.verdict, result.hits, result.missing = verdict, [], []
            reconciled.append(result)
    return reconciled, judgement


def _margin(probability: float, threshold: float) -> float:
    """-1 .. 1: the probability's distance from the issue bar, as a share of the room on its side."""
    if probability < threshold:
        return probability / threshold - 1.0
    return (probability - threshold) / (1.0 - threshold) if threshold < 1.0 else 0.0


def _organisation_rule_ids(context: DraftContext) -> frozenset[str]:
    """Ids of the rules an organisation added (``AANDACHT_LEXICON_PATHS``) to the built-in lexicon."""
    from bot.review.lexicon import load_lexicon

    builtin = load_lexicon(context.lang)
    if context.lexicon is builtin:
        return frozenset()
    return frozenset(rule.id for rule in context.lexicon.rules) - {rule.id for rule in builtin.rules}


def _learned_issue(context: DraftContext, result: CheckResult, sentence_cues: list[list[float]]) -> CheckResult:
    from bot.review.context import Hit
    from bot.review.rubric import guideline

    rubric = guideline(result.guideline)
    lang = context.lang
    message, suggestion = rubric.why.get(lang, rubric.why["nl"]), rubric.direction.get(lang, rubric.direction["nl"])
    result.verdict = "issue"
    if result.hits or result.missing:
        return result  # the rules saw something below their own bar: their quotes say it best
    heads = [_HEAD_INDEX[name] for name in NEGATIVE_HEADS[result.guideline]]
    candidates = context.body if result.guideline != "person_not_policy" else range(len(context.sentences))
    best, best_probability = None, QUOTE_AT
    for index in candidates:
        if index == context.salutation:
            continue
        probability = max((sentence_cues[index][head] for head in heads), default=0.0)
        if probability > best_probability:
            best, best_probability = index, probability
    if best is None:
        result.missing = [(message, suggestion)]
        return result
    sentence = context.sentences[best]
    result.hits = [Hit(guideline=result.guideline, start=sentence.start, end=sentence.end, message=message,
                       suggestion=suggestion, kind="learned", sentence=best)]
    return result
