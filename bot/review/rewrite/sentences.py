"""What the rewrite does inside one sentence: soften an order, split a long sentence, keep case, apply edits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.review.checks.base import _SALUTATION, DraftContext, Hit
from bot.review.facts import Fact
from bot.review.rewrite.tables import (
    _DIENT_AFTER_CLAUSE,
    _DIENT_AFTER_WORD,
    _GREETING_COMMA,
    _MAIN_CLAUSE,
    _MUST_AFTER_CLAUSE,
    _PARTICLE_TE,
    _REPEATED,
    _SOFTEN_DIENT,
    _SOFTENERS,
    _TE_VERB,
    _VERZOEKEN,
)


@dataclass
class _Edit:
    start: int  # draft coordinates
    end: int
    text: str


_SPLITS = {
    "nl": (
        (re.compile(r";\s+"), ""),
        (re.compile(r",\s+(?=(?:en|maar|want|dus)\s)"), ""),
    ),
    "en": (
        (re.compile(r";\s+"), ""),
        (re.compile(r",\s+which\s+"), "This "),
        (re.compile(r",\s+at\s+which\s+time\s+"), "Then "),
        (re.compile(r",\s+(?=(?:and|but|so)\s)"), ""),
    ),
}
LONG_SENTENCE_WORDS = 25
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def split_long_sentences(text: str, lang: str) -> str:
    """Cut sentences of more than 25 words at a clause boundary near the middle (";", ", en", ", which")."""
    def split(match: re.Match[str]) -> str:
        sentence = match.group()
        if len(sentence.split()) <= LONG_SENTENCE_WORDS or "[" in sentence:
            return sentence
        middle = len(sentence) / 2
        best = None
        for pattern, opener in _SPLITS[lang]:
            for boundary in pattern.finditer(sentence):
                before, rest = sentence[: boundary.start()], sentence[boundary.end() :]
                if len(before.split()) < 6 or len(rest.split()) < 6:
                    continue
                distance = abs(boundary.start() - middle)
                if best is None or distance < best[0]:
                    best = (distance, boundary, opener)
        if best is None:
            return sentence
        _distance, boundary, opener = best
        rest = sentence[boundary.end() :]
        second = opener + rest if opener else _capitalise(rest)
        return split(_SENTENCE.match(sentence[: boundary.start()] + ".")) + " " + split(_SENTENCE.match(second))

    return _SENTENCE.sub(split, text)


def _sentence_action(hit: Hit) -> str | None:
    if hit.kind == "template":
        return "drop"
    if hit.kind == "learned" and hit.guideline == "respect":
        return "soften"  # a reproach the learned layer found: softened, or left out when it holds no fact
    if hit.rule is None:
        return None
    return hit.rule.rewrite


def _still_judges(sentence: str, context: DraftContext) -> bool:
    """Does a softened sentence still blame, lecture or minimise (a full-weight respect rule)?"""
    return any(
        rule.weight >= 1 and rule.search(sentence)
        for rule in context.lexicon.rules_for("respect")
    )


def _keeps_sentence_facts(original: str, softened: str, facts: Sequence[Fact], offset: int) -> bool:
    """Every fact inside the original sentence is still in the softened one."""
    end = offset + len(original)
    return all(fact.text in softened for fact in facts if offset <= fact.start and fact.end <= end)


def _leading_phrase_end(sentence: str, hit_end: int) -> int | None:
    """End (after comma and space) of a short leading phrase that holds the hit."""
    comma = sentence.find(",")
    if comma < 0 or comma < hit_end - 1:
        return None
    if len(sentence[:comma].split()) > 10 or len(sentence[comma:].split()) < 4:
        return None
    if _MAIN_CLAUSE.match(sentence):
        return None  # "It is only a small leak, ...": a statement of its own, not an opening phrase
    end = comma + 1
    while end < len(sentence) and sentence[end] == " ":
        end += 1
    return end


def _clause_span(sentence: str, hit_offset: int) -> tuple[int, int] | None:
    """The span of a later clause (after "; ") holding the hit, from the separator to the end."""
    separator = sentence.rfind("; ", 0, hit_offset + 1)
    if separator < 0:
        return None
    end = len(sentence.rstrip(".!? "))
    return separator, end


_MINIMISING_PARTICLE = re.compile(r"\b(Wilt u|wilt u|Wil je|wil je)\s+maar\s+")


def _soften(sentence: str, lang: str, again: bool = True) -> str | None:
    """:func:`_soften_order`, without the "maar" of "U moet maar even wachten" ("Wilt u even wachten?")."""
    softened = _soften_order(sentence, lang, again)
    return _MINIMISING_PARTICLE.sub(r"\1 ", softened) if softened else softened


def _soften_order(sentence: str, lang: str, again: bool = True) -> str | None:
    """An order as a question, a warning without its "Let op:"; None when no pattern applies.

    "U dient X te doen." -> "Wilt u X doen?"; "U moet X, anders ..." -> "Wilt u X?"; "Zorg dat X." ->
    "Wilt u ervoor zorgen dat X?"; "You must X." -> "Could you X?"; "Please note that X." -> "X."
    """
    text = sentence.strip()
    if lang == "nl":
        match = _SOFTEN_DIENT.match(text)
        if match:
            return f"{match.group('lead')}Wilt u {_bare_infinitive(match.group('rest'))}?"
        # "Wij verzoeken u dringend X op te ruimen." -> "Wilt u X opruimen?"
        match = _VERZOEKEN.match(text)
        if match:
            return f"Wilt u {_bare_infinitive(match.group('rest'))}?"
        # "Indien X, dient u Y te doen." -> "Indien X, wilt u dan Y doen?"
        match = _DIENT_AFTER_CLAUSE.match(text)
        if match:
            return f"{match.group('front')} wilt u dan {_bare_infinitive(match.group('rest'))}?"
        # "Hiervoor dient u zelf X af te sluiten." -> "Wilt u hiervoor zelf X afsluiten?"
        match = _DIENT_AFTER_WORD.match(text)
        if match and match.group("front").lower() not in ("wat", "waarom", "hoe", "wanneer", "waar", "wie"):
            return f"Wilt u {match.group('front').lower()} {_bare_infinitive(match.group('rest'))}?"
    if lang == "en":
        # "For safety reasons, you are required to X." -> "For safety reasons, could you X?"
        match = _MUST_AFTER_CLAUSE.match(text)
        if match:
            return f"{match.group('front')} could you {match.group('rest')}?"
    for pattern, template in _SOFTENERS[lang]:
        match = pattern.match(text)
        if match:
            rest = _REPEATED.sub("", match.group("rest")).rstrip(" ,")
            softened = template.format(rest=rest, Rest=_capitalise(rest))
            # "Let op: u dient X te doen." -> "U dient X te doen." is still an order: soften it once more
            return (_soften(softened, lang, again=False) if again else None) or softened
    return None


_TIP = re.compile(r"\btip\b", re.IGNORECASE)
_TONE_SWAPS = {
    "nl": (
        (re.compile(r"\b(?P<verb>laat|doe)\s+(?:dus\s+)?nooit\s+iets\b", re.IGNORECASE), r"\g<verb> niets"),
    ),
    "en": (
        (re.compile(r"\b(?:will\s+be\s+treated\s+as|is)\s+a\s+breach\s+of\b", re.IGNORECASE), "goes against"),
        (re.compile(r"\bsorry\s+(?:that\s+)?you\s+feel\s+(?:that\s+)?(?=you\b)", re.IGNORECASE), "sorry "),
    ),
}


def _tone_swaps(text: str, lang: str) -> str:
    """Legal threat words in a sentence that stays, in plain terms ("is a breach of" -> "goes against")."""
    for pattern, replacement in _TONE_SWAPS[lang]:
        text = pattern.sub(replacement, text)
    return text


def _bare_infinitive(rest: str) -> str:
    """"zelf een verzekering af te sluiten" -> "zelf een verzekering afsluiten" (after "Wilt u")."""
    return _REPEATED.sub("", _TE_VERB.sub("", _PARTICLE_TE.sub(r"\g<particle>", rest))).rstrip(" ,")


_JE = re.compile(r"\b(?:je|jij|jou|jouw)\b", re.IGNORECASE)
_U = re.compile(r"\b(?:u|uw)\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\[[^\]]*\]")
# what the rewrite says to the tenant with "u", in the "je" form (text in [ ] speaks to the writer and stays)
_JE_FORMS = (
    (re.compile(r"\bU schrijft\b"), "Je schrijft"), (re.compile(r"\bU kunt mij\b"), "Je kunt mij"),
    (re.compile(r"\bWilt u\b"), "Wil je"), (re.compile(r"\bwilt u\b"), "wil je"),
)


def _informal(context: DraftContext) -> bool:
    """Does the writer say "je" to the tenant, and never "u"? Then the rewrite's own words do too."""
    body = _BRACKETS.sub(" ", context.body_text())
    return bool(_JE.search(body)) and not _U.search(body)


def _to_je(text: str) -> str:
    if not text:
        return text
    for pattern, replacement in _JE_FORMS:
        text = pattern.sub(replacement, text)
    return text


def _inline_greeting(draft: str, start: int) -> tuple[int, int] | None:
    """For a first sentence that opens with a greeting and a comma ("Hoi Sam, ..."): where the text after
    the greeting starts, and its first letter (to capitalise); None otherwise."""
    line_end = draft.find("\n", start)
    line = draft[start : line_end if line_end >= 0 else len(draft)]
    if not _SALUTATION.match(line):
        return None
    comma = _GREETING_COMMA.match(line)
    if comma is None:
        return None
    letter = next((i for i in range(comma.end(), len(line)) if line[i].isalpha()), None)
    if letter is None:
        return None
    return start + comma.end(), start + letter


def _insert_before_closing(
    draft: str, context: DraftContext, spans: dict[int, tuple[int, int]], edits: list[_Edit], text: str
) -> None:
    if context.body:
        end = spans[context.body[-1]][1]
        # "Prima" + " Ik ..." would run two sentences together: end the last one first
        stop = "." if draft[end - 1 : end].isalnum() else ""
        edits.append(_Edit(end, end, stop + " " + text))
    else:
        edits.append(_Edit(len(draft), len(draft), "\n\n" + text))


def _skip_space(draft: str, end: int, commas: bool = False) -> int:
    while end < len(draft) and (draft[end] in " \t" or (commas and draft[end] in ",:")):
        end += 1
    return end


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement:
        return replacement[0].upper() + replacement[1:]
    return replacement


def _apply(draft: str, edits: list[_Edit]) -> str:
    """Apply non-overlapping edits (first come wins on overlap), then tidy spaces and capitals."""
    chosen: list[_Edit] = []
    for edit in edits:
        overlap = any(
            edit.start < other.end and other.start < edit.end
            or (edit.start == edit.end and other.start < edit.start < other.end)
            or (other.start == other.end and edit.start < other.start < edit.end)
            for other in chosen
        )
        if not overlap:
            chosen.append(edit)
    chosen.sort(key=lambda edit: (edit.start, edit.end))
    parts: list[str] = []
    cursor = 0
    capitalise_next = False
    for edit in chosen:
        segment = draft[cursor : edit.start]
        text = edit.text
        if capitalise_next and any(char.isalpha() for char in segment):
            segment = _capitalise(segment)
            capitalise_next = False
        elif capitalise_next and any(char.isalpha() for char in text):
            text = _capitalise(text)
            capitalise_next = False
        parts.append(segment)
        parts.append(text)
        at_sentence_start = edit.start == 0 or draft[:edit.start].rstrip(" \t").endswith((".", "!", "?", "\n", ":"))
        if edit.text == "" and at_sentence_start:
            capitalise_next = True
        cursor = edit.end
    tail = draft[cursor:]
    parts.append(_capitalise(tail) if capitalise_next else tail)
    text = "".join(parts)
    text = re.sub(r"[ \t]{2,}", " ", text)
    # no space before punctuation, but a Slack shortcode keeps its own (":smile:" is not a colon)
    text = re.sub(r"[ \t]+([.,;!?]|:(?![a-z0-9_+\-]+:))", r"\1", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = text.strip("\n") + ("\n" if draft.endswith("\n") else "")
    if "\r\n" in draft:  # a Windows draft: what the rewrite adds ends its lines the same way
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


def _capitalise(segment: str) -> str:
    for position, char in enumerate(segment):
        if char.isalpha():
            return segment[:position] + char.upper() + segment[position + 1 :]
        if not char.isspace() and char not in "\"'“‘(":
            return segment
    return segment
