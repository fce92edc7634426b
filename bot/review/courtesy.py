"""How courteous the wording of a draft is, -1 (curt) .. 1 (courteous): a light nudge to the score.

The markers follow the politeness strategies of Danescu-Niculescu-Mizil, Sudhof, Jurafsky,
Leskovec and Potts, "A computational approach to politeness with application to social
factors" (ACL 2013), with the directions that paper reports: gratitude, deference ("great
question"), a greeting, an apology, "please" inside a sentence, hedges ("I think", "perhaps"),
"by the way", counterfactual requests ("could you", "would you") and the first person make a
request more polite; a direct question ("why ...?", "what ...?"), a direct start ("so", "but"),
a sentence that starts with "you", "please" as the very first word, factuality ("actually",
"in fact"), negation and negative words, and "??" or "!!" make it less polite. The same holds for a
reply to a tenant: "Dank u wel", "Excuses", "Zou u ... willen?", "misschien" and "helaas" are warmer
than "Waarom heeft u niet ...?" or "U moet ...". Two things are read with a tenant reply in mind:
"why" counts only in a question ("I understand why you're worried" is empathy), and attending to
the reader ("You mention ...", "you can reach me", "U schrijft ...") offsets a sentence that
starts with "you".

The phrases are data: ``[[courtesy]]`` tables in ``bot/data/lexicon/{nl,en}.toml`` and in an
organisation's own lexicon files. ``bot.review.lexicon`` reads them with the rest of each file and
keeps them, indexed, as ``Lexicon.courtesy`` (a ``CourtesyTable``); the checks never read them. Each table has an ``id``, a hand-set ``weight`` (its sign
is the paper's direction), ``phrases`` (words separated by spaces, lower case; a trailing ``*``
matches any ending) and optionally ``position``: ``"start"`` (first word of a sentence or clause),
``"inside"`` (anywhere but there) or ``"any"`` (default), and ``question = true`` (only in a
clause that ends with "?"). A marker counts once per draft, however often it occurs: the paper's
features are presence features, and a long letter should not win by repeating "thanks".

Matching is a dictionary look-up per word (about 0.05 ms for a letter of 800 characters), and it
never decides a verdict: ``bot.review.score`` uses the value only to move a score within its band.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["CourtesyTable", "Marker", "courtesy", "markers_found"]

# Tokens by str.split after a one-to-one str.translate: other punctuation becomes a space, every
# clause end (., !, …, :, ;, a line end) a ".", and "." and "?" are then spaced out as tokens of
# their own; an apostrophe stays inside a word ("don't").
_ONE_TO_ONE = str.maketrans({
    **{char: "." for char in "!…:;\n"}, "’": "'",
    **{char: " " for char in ',()[]{}"“”„‘*_`~/\\|<>=+&#%-–—\t'},
})
_ENDS = frozenset(".?")
_MENTION = re.compile(r"@[\w.\-]+[:,]?")
_REPEATED = re.compile(r"[?!]\s*[?!]")
_SMILEYS = (":)", ":-)", ";)", ";-)", ":D", "🙂", "😊", "😀", "😉")
EMPHASIS_WEIGHT = -1.0  # "??", "?!", "!!": emphatic punctuation, as the paper's "all caps" and repeated marks
SMILEY_WEIGHT = 1.0  # ":)" is a friendly aside, as the paper's positive lexicon
SCALE = 2.5  # a sum of weights of +-2.5 gives about +-0.76 (tanh): two or three markers dominate


@dataclass(frozen=True)
class Marker:
    """One politeness strategy: its phrases, where they count, and its hand-set weight."""

    id: str
    weight: float
    position: str = "any"  # "start", "inside" or "any"
    question: bool = False


@dataclass(frozen=True)
class _Entry:
    """What may start at one word: markers of that word alone, of longer phrases, of wildcard phrases."""

    alone: tuple[int, ...] = ()
    longer: tuple[tuple[int, dict[tuple[str, ...], tuple[int, ...]]], ...] = ()  # (length, following words -> markers)
    wild: tuple[tuple[tuple[str, ...], int], ...] = ()  # (following words with a "*", marker)


_UNSEEN = _Entry()  # not looked up yet (None in ``CourtesyTable.seen`` means: nothing starts here)
MAX_REMEMBERED_WORDS = 20000  # a long-running server meets ever new words: the memo stays bounded


class CourtesyTable:
    """The ``[[courtesy]]`` tables of one lexicon, indexed by first word; part of ``bot.review.lexicon.Lexicon``.

    Built once per lexicon (the built-in file and an organisation's extra files, in that order).
    A table whose ``id`` comes again in a later file adds its phrases under that id, and the later
    weight counts: the markers are counted and weighed by id.
    """

    def __init__(self, tables: Iterable[Mapping[str, Any]] = ()) -> None:
        markers: list[Marker] = []
        self.phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}  # first word -> (following words, marker)
        self.prefixes: list[tuple[str, tuple[str, ...], int]] = []  # first words given as "prefix*"
        for raw in tables:
            markers.append(Marker(id=raw["id"], weight=float(raw["weight"]), position=raw.get("position", "any"),
                                  question=bool(raw.get("question", False))))
            for phrase in raw["phrases"]:
                first, *rest = phrase.lower().replace("’", "'").split()
                if first.endswith("*"):
                    self.prefixes.append((first[:-1], tuple(rest), len(markers) - 1))
                else:
                    self.phrases.setdefault(first, []).append((tuple(rest), len(markers) - 1))
        self.markers = tuple(markers)
        self.weights = {marker.id: marker.weight for marker in markers}
        self.weights["emphasis"], self.weights["smiley"] = EMPHASIS_WEIGHT, SMILEY_WEIGHT
        self.seen: dict[str, _Entry | None] = {}  # word -> its entry, filled as words come

    def entry(self, word: str) -> _Entry | None:
        """What may start at ``word`` (None: nothing); remembered per word, as the same words come back."""
        options = list(self.phrases.get(word, ()))
        options += [(rest, marker) for prefix, rest, marker in self.prefixes if word.startswith(prefix)]
        entry = None
        if options:
            alone = tuple(marker for rest, marker in options if not rest)
            wild = tuple((rest, marker) for rest, marker in options if rest and any(w.endswith("*") for w in rest))
            by_length: dict[int, dict[tuple[str, ...], tuple[int, ...]]] = {}
            for rest, marker in options:
                if rest and (rest, marker) not in wild:
                    group = by_length.setdefault(len(rest), {})
                    group[rest] = group.get(rest, ()) + (marker,)
            entry = _Entry(alone, tuple(sorted(by_length.items())), wild)
        if len(self.seen) < MAX_REMEMBERED_WORDS:
            self.seen[word] = entry
        return entry


def _wild_matches(rest: tuple[str, ...], words: list[str]) -> bool:
    return len(words) == len(rest) and all(
        word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern
        for pattern, word in zip(rest, words, strict=True)
    )


class WithCourtesy(Protocol):
    """What courtesy needs of a lexicon (``bot.review.lexicon.Lexicon``): its indexed markers."""

    courtesy: CourtesyTable


def markers_found(text: str, lexicon: WithCourtesy) -> dict[str, int]:
    """Which markers of ``lexicon`` ``text`` shows (id -> number of occurrences), with ``"emphasis"``
    ("??", "?!", "!!") and ``"smiley"``."""
    table = lexicon.courtesy
    found: dict[str, int] = {}
    if "@" in text:
        text = _MENTION.sub(" ", text)
    if "?" in text or "!" in text:
        emphasis = len(_REPEATED.findall(text))
        if emphasis:
            found["emphasis"] = emphasis
    smileys = sum(text.count(smiley) for smiley in _SMILEYS)
    if smileys:
        found["smiley"] = smileys
    tokens = text.lower().translate(_ONE_TO_ONE).replace(".", " . ").replace("?", " ? ").split()
    seen = table.seen
    pending: list[tuple[int, bool]] = []  # (marker, whether it stands first in its clause) of the open clause
    clause_start = 0
    for index, token in enumerate(tokens):
        entry = seen.get(token, _UNSEEN)  # inline, not through a method: this runs once per word
        if entry is _UNSEEN:
            entry = table.entry(token)
        if entry is None:
            if token in _ENDS:
                if pending:  # the clause ends: now we know whether it is a question
                    _count(table.markers, pending, token == "?", found)
                    pending = []
                clause_start = index + 1
            continue
        first = index == clause_start
        for marker in entry.alone:
            pending.append((marker, first))
        for length, options in entry.longer:
            markers = options.get(tuple(tokens[index + 1 : index + 1 + length]))
            if markers:
                pending.extend((marker, first) for marker in markers)
        for rest, marker in entry.wild:
            if _wild_matches(rest, tokens[index + 1 : index + 1 + len(rest)]):
                pending.append((marker, first))
    if pending:
        _count(table.markers, pending, False, found)
    return found


def _count(markers: tuple[Marker, ...], pending: list[tuple[int, bool]], question: bool,
           found: dict[str, int]) -> None:
    for index, first in pending:
        marker = markers[index]
        if (marker.position == "start" and not first) or (marker.position == "inside" and first):
            continue
        if marker.question and not question:
            continue
        found[marker.id] = found.get(marker.id, 0) + 1


def courtesy(text: str, lexicon: WithCourtesy) -> float:
    """-1..1 from the markers of ``text``: each present marker adds its weight once; tanh keeps it in range."""
    if not text:
        return 0.0
    found = markers_found(text, lexicon)
    if not found:
        return 0.0
    weights = lexicon.courtesy.weights
    return math.tanh(sum(weights.get(marker, 0.0) for marker in found) / SCALE)
