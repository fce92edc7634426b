"""Explain a no with care: a refusal needs a reason in human terms and what is possible instead.

Applies only when the draft refuses something (bot.review.refusal): "n/a" otherwise. Then it
looks for a reason ("omdat", "want", "doordat", "because", "since", "the same for everyone ...")
that is not just a rule ("conform ons beleid", "per our policy": those do not count as a
reason), and for an alternative ("wat wel kan", "wel", "in de tussentijd", "instead", "what I
can do", "in the meantime"). Contact details alone are no alternative. Why: a no without a reason
or an alternative feels like a closed door.
"""

from __future__ import annotations

from bot.review.checks.base import CheckResult, DraftContext, Hit, rule_hits

GUIDELINE = "no_with_care"

def has_reason(context: DraftContext) -> bool:
    """A reason in plain words: a reason word, an explanation after a colon, or the sentence after the no.

    A sentence that states a rule, blames the tenant or lectures them is no reason.
    """
    policy = context.lexicon.signal("reason_policy")
    judging = {hit.sentence for hit in rule_hits(context, "respect") + rule_hits(context, "person_not_policy")}

    def plain(index: int) -> bool:
        return index not in judging and not policy.search(context.sentences[index].text)

    if any(plain(index) for index in context.sentences_with("reason")):
        return True
    for index in context.refusals:
        text = context.sentences[index].text
        _head, colon, tail = text.partition(":")
        if colon and len(tail.split()) >= 4 and plain(index):
            return True
        following = index + 1
        while following in context.body and "[" in context.sentences[following].text:
            following += 1  # a placeholder the rewrite put there ("Wat wel kan: [...]") explains nothing
        if (
            following in context.body
            and following not in context.refusals
            and plain(following)
            and _explains(context, context.sentences[following].text)
        ):
            return True
    return False


def _explains(context: DraftContext, text: str) -> bool:
    """A statement of fact (not an offer, a step, a question or contact details) of some length."""
    lexicon = context.lexicon
    if text.rstrip().endswith("?") or len(text.split()) < 5:
        return False
    for kind in ("alternative", "contact", "acknowledge", "reflect"):
        if lexicon.signal(kind).search(text):
            return False
    return not lexicon.signal("when").search(text)


def has_alternative(context: DraftContext) -> bool:
    return context.count("alternative") > 0


def check(context: DraftContext) -> CheckResult:
    if not context.refusals:
        return CheckResult(GUIDELINE, "n/a")
    reason, alternative = has_reason(context), has_alternative(context)
    if reason and alternative:
        return CheckResult(GUIDELINE, "ok", strength=1.0)
    texts = context.lexicon.messages[GUIDELINE]
    key = "both" if not (reason or alternative) else ("reason" if not reason else "alternative")
    first = context.refusals[0]
    sentence = context.sentences[first]
    hit = Hit(GUIDELINE, sentence.start, sentence.end, texts[key], texts["suggestion"], kind=f"missing_{key}",
              sentence=first)
    return CheckResult(GUIDELINE, "issue", hits=[hit])
