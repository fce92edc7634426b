"""The phrase data of the offline reviewer: each TOML lexicon parsed once, each pattern compiled once.

The files in ``bot/data/lexicon/`` (``nl.toml``, ``en.toml``) hold every phrase and pattern as
data, in a small Vale-like format described in the header of ``nl.toml``: ``[signals]``,
``[[rule]]``, ``[[swap]]`` for the checks in ``bot/review/checks/`` (which hold the logic that
weighs them) and ``[[courtesy]]`` for the score (``bot/review/courtesy.py``). An organisation adds
its own phrases by passing extra files (same format, any subset of the sections) to
:func:`load_lexicon` (``AANDACHT_LEXICON_PATHS``); they are merged after the built-in ones.

Loading happens on first use and is cached per language and list of extra files, so importing the
reviewer costs nothing. Patterns are compiled when a review first needs them and kept: compiling
is most of what a fresh process pays for its first review (Python compiles a regex in pure
Python), and a ``check`` run needs only the patterns its draft reaches.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from bot.review.courtesy import CourtesyTable
from bot.review.lexicon_schema import LexiconError, validate_lexicon_file

__all__ = ["Lexicon", "LexiconError", "Rule", "Swap", "load_lexicon"]

_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    """One finding-producing rule: any of ``patterns`` in a sentence, unless ``unless`` matches there.

    The patterns are compiled on first use, into one alternation (one search per text instead of
    one per pattern): a ``check`` run pays only for the rules and forms it uses.
    """

    id: str
    guideline: str
    kind: str
    patterns: tuple[str, ...]  # the source regexes
    message: str
    suggestion: str
    weight: float = 1.0
    unless_patterns: tuple[str, ...] = ()  # regexes that cancel the rule in a sentence
    rewrite: str | None = None  # "drop", "sentence", "remove", "append", "soften" or None
    sentence: str | None = None
    replacement: str | None = None

    def search(self, text: str) -> re.Match[str] | None:
        """The first match of any pattern in ``text``, ignoring case."""
        return self._combined.search(text)

    def unless(self, text: str) -> bool:
        """Does one of the ``unless`` patterns match ``text``?"""
        return self._unless is not None and self._unless.search(text) is not None

    @cached_property
    def body_pattern(self) -> tuple[re.Pattern[str], bool]:
        """The pattern to run over a body of sentences, and whether to run it over the lower-cased body.

        A rule without capitals in its patterns needs no IGNORECASE over lower-cased text, and
        Python's regex engine is up to twice as fast without it.
        """
        if _needs_case("|".join(self.patterns)):
            return self._combined, False
        return _combine(self.patterns, 0), True

    @cached_property
    def _combined(self) -> re.Pattern[str]:
        return _combine(self.patterns)

    @cached_property
    def _unless(self) -> re.Pattern[str] | None:
        return _combine(self.unless_patterns) if self.unless_patterns else None


@dataclass(frozen=True)
class Swap:
    """A word-for-word substitution list (officialese -> everyday words), matched per first word."""

    guideline: str
    kind: str
    message: str
    suggestion: str
    replacements: dict[str, str]  # group name -> replacement
    keys: dict[str, str]  # group name -> source regex (for messages and tests)
    # first word of a key -> the alternation of the keys starting with it: a dictionary look-up per
    # word of the text instead of trying ninety alternatives at every position; compiled on first use
    by_first_word: dict[str, str] = field(default_factory=dict)
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, init=False, compare=False, repr=False)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[re.Match[str], str]]:
        """Matches in ``text[start:end]`` with their replacement, left to right, without overlaps."""
        end = len(text) if end is None else end
        cursor = start
        for word in _FIRST_WORD.finditer(text, start, end):
            if word.start() < cursor:
                continue
            first = word.group().lower()
            candidates = self._compiled.get(first)
            if candidates is None:
                source = self.by_first_word.get(first)
                if source is None:
                    continue
                candidates = self._compiled[first] = re.compile(source, _FLAGS)
            match = candidates.match(text, word.start(), end)
            if match:
                cursor = match.end()
                yield match, self.replacements[match.lastgroup or ""]


@dataclass
class Lexicon:
    """The phrases of one language (built-in and an organisation's), compiled on first use and kept."""

    language: str
    signal_sources: dict[str, list[str]] = field(default_factory=dict)  # kind -> its regexes
    rules: list[Rule] = field(default_factory=list)
    swaps: list[Swap] = field(default_factory=list)
    courtesy: CourtesyTable = field(default_factory=CourtesyTable)  # the politeness markers of the score
    messages: dict[str, dict[str, str]] = field(default_factory=dict)  # the checks' own sentences, per guideline
    rewrite_words: dict[str, str] = field(default_factory=dict)  # the rewrite's placeholders and added words
    _by_guideline: dict[str, list[Rule]] = field(default_factory=dict, init=False, repr=False)
    _signals: dict[str, re.Pattern[str]] = field(default_factory=dict, init=False, repr=False)
    _multiline: dict[str, tuple[re.Pattern[str], bool]] = field(default_factory=dict, init=False, repr=False)

    def message(self, guideline: str, key: str) -> str:
        """A check's own sentence (``[messages.<guideline>]`` in the lexicon file; the last file wins)."""
        return self.messages[guideline][key]

    def signal(self, kind: str) -> re.Pattern[str]:
        """The combined pattern of a signal kind, ignoring case (a pattern that never matches when absent)."""
        found = self._signals.get(kind)
        if found is None:
            found = self._signals[kind] = _combine(self.signal_sources.get(kind, ()))
        return found

    def signal_lines(self, kind: str) -> tuple[re.Pattern[str], bool]:
        """The same pattern in multi-line mode, to run once over sentences joined by newlines.

        The flag says whether to run it over the *lower-cased* text: a pattern without capitals
        needs no IGNORECASE there, and Python's regex engine is up to twice as fast without it.
        """
        found = self._multiline.get(kind)
        if found is None:
            patterns = self.signal_sources.get(kind, ())
            lower = not _needs_case("|".join(patterns))
            found = (_combine(patterns, re.MULTILINE if lower else _FLAGS | re.MULTILINE), lower)
            self._multiline[kind] = found
        return found

    def rules_for(self, guideline: str) -> list[Rule]:
        return self._by_guideline.get(guideline, [])

    def index(self) -> None:
        """Group the rules by guideline once, after loading."""
        self._by_guideline = {}
        for rule in self.rules:
            self._by_guideline.setdefault(rule.guideline, []).append(rule)


_NEVER = re.compile(r"(?!x)x")
_FIRST_WORD = re.compile(r"(?<![\w-])[^\W\d_]+")


_ESCAPES = re.compile(r"\\[A-Za-z]|\(\?[A-Za-z-]+[:)]|\\[pP]\{[^}]*\}")


def _needs_case(pattern: str) -> bool:
    """Does the regex itself tell capitals apart (``[A-Z]``, ``(?-i:...)``, a capital in a word)?"""
    if "(?-i" in pattern:
        return True
    return any(char.isupper() for char in _ESCAPES.sub("", pattern))


def _combine(patterns: Iterable[str], flags: int = _FLAGS) -> re.Pattern[str]:
    """One pattern for many: the alternatives in order, with a leading ``\\b`` shared by each run of them.

    Python's regex engine tries the alternatives one by one at every position of the text, and
    skips one at once only when it starts with a plain letter that is not there. ``\\bgeen...|\\bgek``
    as ``\\b(?:geen...|gek)`` fails at once inside a word and then lets the letters decide: the
    hardship signal (78 patterns, a few without ``\\b``) ran at the speed of 78 separate searches.
    The same matches, in the same order: each run keeps its place among the alternatives.
    """
    runs: list[tuple[bool, list[str]]] = []
    for pattern in patterns:
        bounded = pattern.startswith(r"\b") and not _top_level_alternatives(pattern)
        part = f"(?:{pattern[2:] if bounded else pattern})"
        if runs and runs[-1][0] == bounded:
            runs[-1][1].append(part)
        else:
            runs.append((bounded, [part]))
    if not runs:
        return _NEVER
    source = "|".join(rf"\b(?:{'|'.join(parts)})" if bounded else "|".join(parts) for bounded, parts in runs)
    return re.compile(source, flags)


def _top_level_alternatives(pattern: str) -> bool:
    """Does ``pattern`` have a ``|`` outside every group and character class (``\\ba|b``)?"""
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def _builtin_text(language: str) -> str:
    return files("bot.data.lexicon").joinpath(f"{language}.toml").read_text(encoding="utf-8")


def load_lexicon(language: str, extra_paths: Iterable[str | Path] = ()) -> Lexicon:
    """The lexicon for ``language`` ("nl" or "en"), with an organisation's files merged in after it.

    Each file may add signals, rules, swaps and courtesy markers. The result is cached per language
    and list of files: ``load_lexicon("nl")`` and ``load_lexicon("nl", [])`` are the same object.
    """
    return _load(language, tuple(str(path) for path in extra_paths))


@lru_cache(maxsize=16)
def _load(language: str, extra_paths: tuple[str, ...]) -> Lexicon:
    """Each file is parsed once; every section is built from that one parse, its patterns compiled on first use."""
    sources = [_parsed(tomllib.loads(_builtin_text(language)), f"bot/data/lexicon/{language}.toml", builtin=True)]
    for path in extra_paths:
        try:
            raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise LexiconError(f"{path}: {error}") from None
        sources.append(_parsed(raw, str(path)))
    courtesy_tables: list[dict[str, object]] = []
    lexicon = Lexicon(language=language)
    for data in sources:
        for kind, patterns in data.get("signals", {}).items():
            lexicon.signal_sources.setdefault(kind, []).extend(patterns)
        lexicon.rules += [_rule(raw) for raw in data.get("rule", [])]
        lexicon.swaps += [_swap(raw) for raw in data.get("swap", [])]
        courtesy_tables.extend(data.get("courtesy", []))
        for guideline, sentences in data.get("messages", {}).items():
            lexicon.messages.setdefault(guideline, {}).update(sentences)
        lexicon.rewrite_words.update(data.get("rewrite", {}))
    lexicon.courtesy = CourtesyTable(courtesy_tables)
    lexicon.index()
    return lexicon


def _parsed(raw: dict[str, Any], source: str, *, builtin: bool = False) -> dict[str, Any]:
    """The file's data once it passed the schema (bot.review.lexicon_schema): fields as written, defaults left out."""
    validate_lexicon_file(raw, source, compile_patterns=not builtin)
    return raw


def _rule(raw: dict[str, Any]) -> Rule:
    return Rule(
        id=raw["id"],
        guideline=raw["guideline"],
        kind=raw.get("kind", raw["id"]),
        patterns=tuple(raw["patterns"]),
        message=raw["message"],
        suggestion=raw["suggestion"],
        weight=float(raw.get("weight", 1.0)),
        unless_patterns=tuple(raw.get("unless", ())),
        rewrite=raw.get("rewrite"),
        sentence=raw.get("sentence"),
        replacement=raw.get("replacement"),
    )


def _swap(raw: dict[str, Any]) -> Swap:
    words: dict[str, str] = raw["words"]
    # Longest source first, so "met betrekking tot" wins over a shorter key inside it.
    ordered = sorted(words, key=len, reverse=True)
    names = {f"s{index}": key for index, key in enumerate(ordered)}
    grouped: dict[str, list[str]] = {}
    for name, key in names.items():
        first = _FIRST_WORD.match(key)
        if first is None:
            raise ValueError(f"a swap key must start with a word: {key!r}")
        grouped.setdefault(first.group().lower(), []).append(f"(?P<{name}>{key})")
    return Swap(
        guideline=raw.get("guideline", "plain_language"),
        kind=raw.get("kind", "officialese"),
        message=raw["message"],
        suggestion=raw["suggestion"],
        replacements={name: words[key] for name, key in names.items()},
        keys=names,
        by_first_word={first: rf"(?:{'|'.join(keys)})(?![\w-])" for first, keys in grouped.items()},
    )
