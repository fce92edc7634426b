"""Hear: does the reply show that the writer read *this* tenant's message?

Catches template replies: standard openers ("Naar aanleiding van uw bericht delen wij u mede",
"Thank you for contacting us"), generic salutations ("Geachte heer/mevrouw", "Dear resident")
and answers that could go to anyone. Counts in favour: reflective sentences in many forms
("U schrijft dat ...", "u geeft aan", "You mention ...") and, when the tenant's message is given,
the words of that message coming back in the reply (their topic, their details) and an answer
to their "when?" question. Why: a template makes the tenant feel nobody read their message.
"""

from __future__ import annotations

import re

from bot.review.checks.base import CheckResult, DraftContext, Hit, content_stems

GUIDELINE = "hear"

_WHEN_QUESTION = re.compile(
    r"\b(?:wanneer|hoe\s+lang|vandaag\s+nog|when|how\s+long|kan\s+er\s+\w+\s+(?:iemand\s+)?komen)\b[^?]*\?",
    re.IGNORECASE,
)
_MESSAGES = {
    "nl": (
        "Dit leest als een standaardantwoord: niets laat zien dat u dít bericht van de huurder hebt gelezen.",
        "Begin met wat de huurder schreef, in uw eigen woorden: 'U schrijft dat ...'.",
        "'{match}' is een standaardzin; de huurder voelt zich een nummer.",
        "De huurder vraagt wanneer; het antwoord noemt geen moment.",
    ),
    "en": (
        "This reads as a template: nothing shows you read this tenant's message.",
        "Start with what the tenant wrote, in your own words: 'You mention that ...'.",
        "'{match}' is a stock phrase; the tenant feels like a number.",
        "The tenant asks when; the reply names no moment.",
    ),
}


def check(context: DraftContext) -> CheckResult:
    """Verdict ``issue`` when template signals outweigh signs of having read the message."""
    missing_message, suggestion, template_message, _when = _MESSAGES[context.lang]
    template = context.lexicon.signal("template")
    reflect = context.lexicon.signal("reflect")
    hits: list[Hit] = []
    indexes = ([context.salutation] if context.salutation is not None else []) + context.body
    for index in indexes:
        sentence = context.sentences[index]
        match = template.search(sentence.text)
        if match and not reflect.search(sentence.text):
            quote = match.group().strip()
            start = sentence.start + match.start() + (len(match.group()) - len(match.group().lstrip()))
            hits.append(
                Hit(GUIDELINE, start, start + len(quote), template_message.replace("{match}", quote), suggestion,
                    kind="template", sentence=index)
            )
    reflections = min(2, context.count("reflect"))
    score = 1.5 * reflections - 1.5 * len(hits)
    overlap = 0
    if context.tenant_message:
        tenant = context.tenant_stems()
        overlap = len(tenant & content_stems(context.body_text()))
        score += min(overlap, 8) * 0.5 - 1.0
        if _WHEN_QUESTION.search(context.tenant_message) and not context.count("when"):
            score -= 1.0
    else:
        score += 0.5
    strength = max(0.0, min(1.0, score / 3))
    if score >= 0:
        return CheckResult(GUIDELINE, "ok", strength=strength)
    missing = [] if hits else [(missing_message, suggestion)]
    return CheckResult(GUIDELINE, "issue", hits=hits, missing=missing, strength=0.0)
