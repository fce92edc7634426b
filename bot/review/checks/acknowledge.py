"""Acknowledge: does the reply name the tenant's trouble, worry or effort?

Catches replies to a complaint, a problem or a hard request that go straight to procedure without
a word for what this means for the tenant. Counts: acknowledging sentences in many forms ("Wat
vervelend dat ...", "Ik begrijp ...", "Ik kan me voorstellen ...", "Het spijt me", "I'm sorry to
hear", "That sounds ...", "No wonder ..."). Formulas that name nothing ("Wij betreuren het",
"I'm sorry you feel ...") do not count. A neutral request (a question about a pet, a move-out
date) needs no acknowledgement; when the tenant's message is given, its wording decides whether
there is something hard to acknowledge. Why: someone reporting a problem first wants to feel the
trouble is seen.
"""

from __future__ import annotations

from bot.review.checks.base import CheckResult, DraftContext

GUIDELINE = "acknowledge"

_MESSAGES = {
    "nl": (
        "De reactie benoemt niet wat dit voor de huurder betekent: geen woord over het ongemak of de zorg.",
        "Begin met erkenning, bijvoorbeeld: 'Wat vervelend dat [wat de huurder meemaakt].'",
    ),
    "en": (
        "The reply does not name what this means for the tenant: no word about the trouble or the worry.",
        "Start by acknowledging it, for example: 'I'm sorry to hear about [what the tenant is going through].'",
    ),
}


def needs_acknowledgement(context: DraftContext) -> bool:
    """Is there something hard for the tenant here (a problem, a complaint, a no)?"""
    hardship = context.lexicon.signal("hardship")
    if context.tenant_message:
        return bool(hardship.search(context.tenant_message)) or bool(context.refusals)
    return bool(context.refusals) or bool(context.count("hardship") or context.count("problem"))


def check(context: DraftContext) -> CheckResult:
    acknowledgements = context.count("acknowledge")
    strength = min(1.0, acknowledgements / 2)
    if acknowledgements or not needs_acknowledgement(context):
        return CheckResult(GUIDELINE, "ok", strength=strength if acknowledgements else 0.5)
    return CheckResult(GUIDELINE, "issue", missing=[_MESSAGES[context.lang]])
