"""Acknowledge: does the reply name the tenant's trouble, worry or effort?

Catches replies to a complaint, a problem or a hard request that go straight to procedure without
a word for what this means for the tenant. Counts: acknowledging sentences in many forms ("Wat
vervelend dat ...", "Ik begrijp ...", "Ik kan me voorstellen ...", "Het spijt me", "I'm sorry to
hear", "That sounds ...", "No wonder ..."). Formulas that name nothing ("Wij betreuren het",
"I'm sorry you feel ...") do not count. A neutral request (a question about a pet, a move-out
date) needs no acknowledgement; when the tenant's message is given, its wording decides whether
there is something hard to acknowledge, and a bare "Wat vervelend." must stand next to the
tenant's own words to count. Why: someone reporting a problem first wants to feel the trouble is
seen.
"""

from __future__ import annotations

from bot.review.checks.base import CheckResult, DraftContext
from bot.review.checks.hear import overlap_ratio

GUIDELINE = "acknowledge"
SPECIFIC_WORDS = 7

def needs_acknowledgement(context: DraftContext) -> bool:
    """Is there something hard for the tenant here (a problem, a complaint, a no)?"""
    hardship = context.lexicon.signal("hardship")
    if context.tenant_message:
        return bool(hardship.search(context.tenant_message)) or bool(context.refusals)
    return bool(context.refusals) or bool(context.count("hardship") or context.count("problem"))


def names_their_trouble(context: DraftContext, indexes: list[int]) -> bool:
    """With the tenant's message: does an acknowledging sentence (or one next to it) take up its words?

    "Wat vervelend." alone could follow any message; "Wat vervelend dat de kraan al sinds vrijdag
    lekt" names this tenant's trouble.
    """
    if not context.tenant_message:
        return True
    if any(
        len(context.sentences[index].text.split()) >= SPECIFIC_WORDS or "[" in context.sentences[index].text
        for index in indexes
    ):
        return True  # a sentence of its own about the trouble (or a placeholder for it), not a bare formula
    text = " ".join(
        context.sentences[i].text for index in indexes for i in (index - 1, index, index + 1) if i in context.body
    )
    return overlap_ratio(context.tenant_message, text) > 0


def check(context: DraftContext) -> CheckResult:
    indexes = context.sentences_with("acknowledge")
    if indexes and names_their_trouble(context, indexes):
        return CheckResult(GUIDELINE, "ok", strength=min(1.0, len(indexes) / 2))
    if not needs_acknowledgement(context):
        return CheckResult(GUIDELINE, "ok", strength=0.5)
    return CheckResult(GUIDELINE, "issue", missing=[(context.lexicon.message(GUIDELINE, "missing"), context.lexicon.message(GUIDELINE, "suggestion"))])
