"""Is something refused? Which sentences say no?

Used by the ``no_with_care`` check (n/a when nothing is refused), by the rewrite guard (a refusal
must stay a refusal) and by the language-model reviewer's guard too. A refusal is a sentence
that matches one of the lexicon's ``refusal`` signals (a first-person modal with "niet/geen",
"afgewezen", "not possible", "we can't allow", "the increase stays" ...) and none of its
``refusal_unless`` signals: conditions ("Bent u niet thuis, bel dan ..."), questions, and
sentences about the tenant's own trouble ("Ik kan me voorstellen dat u niet kunt slapen").
"""

from __future__ import annotations

from bot.review.lexicon import Lexicon, load_lexicon
from bot.review.text import split_sentences

__all__ = ["find_refusals", "is_refusal", "refuses", "sentence_refuses"]


def sentence_refuses(sentence: str, lexicon: Lexicon) -> bool:
    """True when this one sentence refuses or rejects something."""
    if not lexicon.signal("refusal").search(sentence):
        return False
    return not lexicon.signal("refusal_unless").search(sentence)


def refuses(text: str, lexicon: Lexicon) -> bool:
    """True when any sentence of ``text`` refuses something, by ``lexicon`` (an organisation's too)."""
    return any(sentence_refuses(sentence.text, lexicon) for sentence in split_sentences(text))


def find_refusals(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of ``text`` of the sentences that refuse something (built-in lexicon)."""
    lexicon = _builtin(lang)
    return [
        (sentence.start, sentence.end)
        for sentence in split_sentences(text)
        if sentence_refuses(sentence.text, lexicon)
    ]


def is_refusal(text: str, lang: str) -> bool:
    """True when any sentence of ``text`` refuses something (built-in lexicon)."""
    return refuses(text, _builtin(lang))


def _builtin(lang: str) -> Lexicon:
    return load_lexicon(lang if lang in ("nl", "en") else "nl")
