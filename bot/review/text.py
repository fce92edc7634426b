"""Chat input -> reviewable plain text, sentences and words, with a map back to the draft.

Drafts arrive from Slack and Teams with markup (``<@U123>``, ``<https://x|label>``, ``*bold*``,
``:smile:``), quoted lines of the tenant's own message (``> ...``) and code blocks. The checks
should read only what the writer wrote, as plain text, but every finding must quote the draft
exactly as it was given (``draft[start:end]``). So :func:`prepare` builds the plain text together
with ``offsets``: for each plain character, the index of the draft character it came from.

The sentence splitter is our own (see shared/notes/offline-nlp.md: general splitters break Dutch
letters after "mevr.", "dhr.", "jan." and "tel."): lines first, then ``.``/``!``/``?`` followed by
a capital or a digit, skipping a list of Dutch and English abbreviations and initials. Times
(14.30), amounts (1.250,50), e-mail addresses and URLs never contain "punctuation + space", so
they stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["ABBREVIATIONS", "WORD_RE", "PreparedText", "Sentence", "prepare", "split_sentences"]

# Markup that is not part of the writer's prose, in one alternation (first match wins per position).
_MARKUP = re.compile(
    r"(?P<mention><[@#!][^>\s]*>)"  # <@U123>, <#C123|general>, <!here>
    r"|(?P<link><(?P<url>(?:https?|mailto|tel):[^>|\s]*)(?:\|(?P<label>[^>]*))?>)"  # <https://x|label>
    r"|(?P<emoji>(?<![\w:]):[a-z0-9_+\-]{2,40}:(?![\w]))"  # :smile:, :+1:
    r"|(?P<entity>&(?:amp|lt|gt|quot|#39|nbsp);)"
    r"|(?P<fmt>(?<![\w*_~])[*_~](?=[^\s*_~])|(?<=[^\s*_~])[*_~](?![\w*_~]))"  # *bold* _it_ ~s~ markers
)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}
_FENCE = "```"

# Abbreviations after which a full stop does not end a sentence (lower case, without the final dot).
_ABBREVIATION_TEXT = """
    mevr mw dhr hr mr mrs ms dr drs ir ing prof st jr sr fam
    jan feb mrt apr jun jul aug sep sept okt nov dec mar oct
    tel nr nrs no bijv bv o.a i.p.v ipv m.b.t mbt t.a.v tav t.z.t tzt z.s.m zsm d.w.z dwz
    e.d enz etc i.v.m ivm incl excl ca resp evt m.u.v n.a.v nav o.b.v p.a p.p pag blz vs
    e.g i.e approx dept est min max ref vol
    a.s jl vlgs ong zgn
"""
ABBREVIATIONS: frozenset[str] = frozenset(_ABBREVIATION_TEXT.split())

# Words (letters, with inner apostrophes and hyphens) and numbers (14.30, 1.250,50): what a sentence's
# length is counted in (bot.review.checks.plain_language).
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+(?:[.,:]\d+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?:[.!?…]+[\"'”’)]*|\])(?=\s+[\"'“‘(\[]?[A-ZÀ-ÖØ-Þ0-9€£$\[])")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the plain text: ``text == plain[start:end]``."""

    start: int
    end: int
    text: str


@dataclass
class PreparedText:
    """The plain text the checks read, and where each of its characters sits in the draft."""

    draft: str
    text: str
    offsets: list[int]
    sentences: list[Sentence] = field(default_factory=list)

    def span_in_draft(self, start: int, end: int) -> tuple[int, int]:
        """Map a plain-text span to the draft span covering the same characters."""
        if end <= start:
            position = self.offsets[start] if start < len(self.offsets) else len(self.draft)
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1


def prepare(draft: str) -> PreparedText:
    """Strip chat markup, quoted lines and code blocks; keep an offset map to ``draft``."""
    chars: list[str] = []
    offsets: list[int] = []
    in_code = False
    position = 0
    for line in draft.splitlines(keepends=True):
        line_start = position
        position += len(line)
        body = line.rstrip("\r\n")
        stripped = body.lstrip()
        fences = body.count(_FENCE)
        if in_code or fences:
            if fences % 2 == 1:
                in_code = not in_code
            if fences and not in_code and not body.strip().startswith(_FENCE) and fences % 2 == 0:
                # inline ```code``` on a line of prose: keep the prose around it
                _copy_outside_fences(body, line_start, chars, offsets)
            _newline(line, line_start, body, chars, offsets)
            continue
        if stripped.startswith((">", "&gt;")):
            _newline(line, line_start, body, chars, offsets)
            continue
        _copy_line(body, line_start, chars, offsets)
        _newline(line, line_start, body, chars, offsets)
    text = "".join(chars)
    prepared = PreparedText(draft=draft, text=text, offsets=offsets)
    prepared.sentences = split_sentences(text)
    return prepared


def _newline(line: str, line_start: int, body: str, chars: list[str], offsets: list[int]) -> None:
    if len(line) > len(body):
        chars.append("\n")
        offsets.append(line_start + len(body))


def _copy_outside_fences(body: str, line_start: int, chars: list[str], offsets: list[int]) -> None:
    pieces = body.split(_FENCE)
    cursor = 0
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            _copy_line(piece, line_start + cursor, chars, offsets)
        cursor += len(piece) + len(_FENCE)


_MARKUP_CHARS = frozenset("<:&*_~")


def _copy_line(body: str, base: int, chars: list[str], offsets: list[int]) -> None:
    if _MARKUP_CHARS.isdisjoint(body):  # most lines of a draft: nothing to strip
        chars.extend(body)
        offsets.extend(range(base, base + len(body)))
        return
    cursor = 0
    for match in _MARKUP.finditer(body):
        chars.extend(body[cursor : match.start()])
        offsets.extend(range(base + cursor, base + match.start()))
        cursor = match.end()
        kind = match.lastgroup
        if kind == "link":
            label = match.group("label")
            group = "label" if label else "url"
            start = match.start(group)
            value = match.group(group)
            if group == "url" and value.startswith(("mailto:", "tel:")):
                prefix = value.index(":") + 1
                value, start = value[prefix:], start + prefix
            for index, char in enumerate(value):
                chars.append(char)
                offsets.append(base + start + index)
        elif kind == "entity":
            chars.append(_ENTITIES[match.group()])
            offsets.append(base + match.start())
        # mentions, emoji shortcodes and formatting markers leave nothing behind
    chars.extend(body[cursor:])
    offsets.extend(range(base + cursor, base + len(body)))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text``: lines first, then ``.!?`` before a capital or digit (not after an abbreviation)."""
    sentences: list[Sentence] = []
    position = 0
    for line in text.split("\n"):
        line_start = position
        position += len(line) + 1
        cursor = 0
        for match in _SENTENCE_END.finditer(line):
            if match.group().startswith(".") and _is_abbreviation(line[cursor : match.start()]):
                continue
            _add(sentences, line, line_start, cursor, match.end())
            cursor = match.end()
        _add(sentences, line, line_start, cursor, len(line))
    return sentences


def _is_abbreviation(before: str) -> bool:
    token = _TOKEN_BEFORE.search(before)
    if not token:
        return False
    word = token.group(1).lstrip("(\"'“‘").lower()
    if len(word) == 1 and word.isalpha():  # an initial: "A. de Ruiter"
        return True
    return word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS


def _add(sentences: list[Sentence], line: str, line_start: int, start: int, end: int) -> None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(line_start + start, line_start + end, line[start:end]))
