"""Is something refused? Which sentences say no? One detector for the review, the rewrite and the guard.

A refusal is a body sentence that refuses, rejects or denies what the tenant asked for, hands the
matter to someone else, or postpones it so far that it is a no. Two sources decide together:

- the lexicon's ``refusal`` signals (first-person modals with "niet/geen", "afgewezen", "not
  possible", ...) unless a ``refusal_unless`` signal matches (conditions, questions, sentences about
  the tenant's own trouble): exact, and what an organisation's own files extend;
- the learned ``refusal`` cue head (``bot.review.learned``), trained on the corpus's sentence tags,
  which also reads that signal as one of its features and finds what no phrase list holds: a no
  without a modal, with the verb at the end, a hand-off to the VvE, "this is not something we
  provide".

The ``no_with_care`` check (n/a when nothing is refused), the rewrite (a refusal stays a refusal)
and the language model's guard all call this module, so a model rewrite that softens a refusal
("Helaas moet ik u teleurstellen: ...") is judged by the same detector as the draft.
"""

from __future__ import annotations

from bot.review.context import DraftContext
from bot.review.learned.model import REFUSAL_HEAD, cues, load_model
from bot.review.lexicon import Lexicon, load_lexicon
from bot.review.text import PreparedText, prepare

__all__ = ["context_for", "find_refusals", "is_refusal", "refusal_sentences", "refuses", "rule_refusals"]


def refusal_sentences(context: DraftContext) -> list[int]:
    """Indexes of the body sentences that say no: the learned head where weights ship, else the rules."""
    model = load_model()
    by_rules = rule_refusals(context)
    if model is None:
        return by_rules
    probabilities = cues(context, model)
    learned = {index for index in context.body if probabilities[index][REFUSAL_HEAD] >= model.refusal_threshold}
    if model.thresholds.get("refusal_rules_too", 0.0) >= 0.5:
        learned.update(by_rules)
    return sorted(learned)


def rule_refusals(context: DraftContext) -> list[int]:
    """The body sentences the lexicon's signals say no in (``DraftContext.lexicon_refusals``)."""
    return context.lexicon_refusals()


def context_for(prepared: PreparedText, lang: str, lexicon: Lexicon, tenant_message: str | None) -> DraftContext:
    """The context every check reads, with its refusal sentences found (by this detector)."""
    context = DraftContext.build(prepared, lang, lexicon, tenant_message)
    context.refusals = refusal_sentences(context)
    return context


def _context(text: str, lexicon: Lexicon) -> DraftContext:
    return context_for(prepare(text), lexicon.language, lexicon, None)


def refuses(text: str, lexicon: Lexicon) -> bool:
    """True when ``text`` refuses something, by ``lexicon`` (an organisation's too)."""
    return bool(_context(text, lexicon).refusals)


def find_refusals(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the plain text of ``text`` of the sentences that refuse something."""
    context = _context(text, _builtin(lang))
    return [(context.sentences[index].start, context.sentences[index].end) for index in context.refusals]


def is_refusal(text: str, lang: str) -> bool:
    """True when ``text`` refuses something (built-in lexicon)."""
    return refuses(text, _builtin(lang))


def _builtin(lang: str) -> Lexicon:
    return load_lexicon(lang if lang in ("nl", "en") else "nl")
