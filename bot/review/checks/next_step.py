"""Next step: who does what, when, and how the tenant reaches a person.

Looks for a concrete step (a day, date, clock time, "morgen", "binnen 2 werkdagen" in a sentence
where someone comes, calls, repairs ...) and a way to reach a person (a phone number, an e-mail
address, "bel mij", "u kunt mij bereiken", "call me on"). Vague promises count against ("wij nemen
uw melding in behandeling", "we nemen contact met u op", "we will look into it", "get back to you
as soon as possible") when no concrete moment stands beside them. Why: without a concrete next
step the tenant is left waiting in uncertainty.
"""

from __future__ import annotations

import re

from bot.review.checks.base import CheckResult, DraftContext, rule_hits

GUIDELINE = "next_step"

_PHONE = re.compile(r"(?<![\w.,])(?:\+31|0031|0)\s?\(?\d(?:[\s\-]?\(?\d\)?){7,10}(?![\w])|(?<!\w)\+\d{2}[\d\s\-]{7,14}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")

def reachable(context: DraftContext) -> bool:
    """A phone number, an e-mail address or an invitation to call or write."""
    text = context.text
    return bool(_PHONE.search(text) or ("@" in text and _EMAIL.search(text)) or context.count("contact"))


def concrete_steps(context: DraftContext) -> int:
    """Body sentences with a moment and an action: "de monteur komt dinsdag tussen 8 en 12"."""
    return len(set(context.sentences_with("when")) & set(context.sentences_with("action")))


def check(context: DraftContext) -> CheckResult:
    when = context.lexicon.signal("when")
    # "I'll get back to you within two weeks" is vague words around a concrete moment: not vague.
    vague = [hit for hit in rule_hits(context, GUIDELINE) if not when.search(context.sentences[hit.sentence].text)]
    contact = reachable(context)
    steps = concrete_steps(context)
    if contact and (steps or not vague):
        strength = 1.0 if steps else 0.6
        return CheckResult(GUIDELINE, "ok", strength=strength)
    said = context.lexicon.messages[GUIDELINE]
    missing = [] if vague else [(said["missing"], said["suggestion"])]
    if vague and not contact:
        suggestion = said["suggestion"]
        for hit in vague:
            hit.suggestion = suggestion
    return CheckResult(GUIDELINE, "issue", hits=vague, missing=missing)
