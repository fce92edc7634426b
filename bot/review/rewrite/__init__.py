"""The offline warmer rewrite: sentence by sentence from the findings, tone not substance.

What it does, driven by the issues the checks found:
- swaps officialese for everyday words (the lexicon's swap lists), softens "U dient ... te ..."
  to "Wilt u ...?", removes "zoals eerder aangegeven" and minimising words, lowers CAPITALS and
  "!!";
- replaces policy and portal sentences with a marked placeholder, and leaves out a sentence only
  when it tells the tenant nothing of its own (a stock formula, bare blame, minimising). A sentence
  that holds a fact, a refusal or other substance (who pays, what the tenant must do, a consequence,
  a right: the lexicon's ``substance`` signal) keeps its content in a warmer tone: "Wij wijzen u erop
  dat X" -> "Het is goed om te weten dat X", "Hiervoor dient u X te doen" -> "Wilt u hiervoor X
  doen?", "Let op: X" -> "X"; a vague promise stays, with "[wanneer?]" after it;
- adds, in the draft's language and in square brackets, what only the writer can fill in: an
  acknowledgement opener, a reflection of the tenant's message, the reason for a no and what is
  possible instead, who does what when and how to reach them, the writer's name under a
  department sign-off.

What it never does: drop or change an amount, date, time, reference, phone number, address,
e-mail or name (every edit that would touch one is skipped), add a number of its own, or turn a
no into a yes. ``rewrite_draft`` verifies each of these on the result (bot.review.facts,
bot.review.refusal) and falls back to a lighter rewrite that only swaps words, and in the end to
the draft itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.review.checks.base import CheckResult, DraftContext
from bot.review.facts import Fact, extract_facts, missing_facts, normalise_whitespace
from bot.review.lexicon import Lexicon, load_lexicon
from bot.review.refusal import refuses
from bot.review.rewrite.composer import _compose
from bot.review.rewrite.sentences import split_long_sentences
from bot.review.rewrite.tables import _NUMBER

__all__ = ["rewrite_draft", "rewrite_is_safe", "split_long_sentences"]

def rewrite_draft(draft: str, context: DraftContext, results: Sequence[CheckResult]) -> str:
    """A warmer version of ``draft`` that keeps every fact and the decision; placeholders in [brackets]."""
    issues = {result.guideline: result for result in results if result.verdict == "issue"}
    if not issues:
        return draft
    facts = extract_facts(draft)
    refusals = [context.sentences[index].text for index in context.refusals]
    # a draft the review found no refusal in is asked once more without the tenant's message: the
    # guard would rather keep a decision too many than lose one
    refusal = bool(refusals) or refuses(draft, context.lexicon)
    for level in ("full", "light", "words"):
        candidate = _compose(draft, context, issues, level, facts)
        if _keeps_substance(draft, candidate, context.lexicon, facts, refusal, refusals):
            return candidate
    return draft


def rewrite_is_safe(original: str, rewritten: str, lang: str) -> bool:
    """Every fact kept (bot.review.facts.missing_facts), no new number, and a refusal still a refusal."""
    if missing_facts(original, rewritten):
        return False
    lexicon = load_lexicon(lang if lang in ("nl", "en") else "nl")
    return _keeps_substance(original, rewritten, lexicon, extract_facts(original), refuses(original, lexicon))


def _keeps_substance(original: str, rewritten: str, lexicon: Lexicon, facts: Sequence[Fact], refusal: bool,
                     refusal_sentences: Sequence[str] = ()) -> bool:
    """The same test as ``rewrite_is_safe`` with the original's facts and refusal known already.

    The fact test is ``missing_facts``'s own: each fact's text, whitespace normalised, must occur in
    the normalised rewrite. A refusal whose sentences all stand in the rewrite word for word is kept
    without asking the detector again (it is most of a review's time); otherwise the detector decides.
    """
    kept = normalise_whitespace(rewritten)
    if any(normalise_whitespace(fact.text) not in kept for fact in facts):
        return False
    original_numbers = set(_NUMBER.findall(original))
    if any(number not in original_numbers for number in _NUMBER.findall(rewritten)):
        return False
    if not refusal:
        return True
    if refusal_sentences and all(normalise_whitespace(sentence) in kept for sentence in refusal_sentences):
        return True
    return refuses(rewritten, lexicon)
