"""The phrase data of the offline reviewer: load the TOML lexicons once, compile once.

The files in ``bot/data/lexicon/`` (``nl.toml``, ``en.toml``) hold every phrase and pattern as
data, in a small Vale-like format described in the header of ``nl.toml``; the checks in
``bot/review/checks/`` hold the logic that weighs them. An organisation adds its own phrases by
passing extra files (same format, any subset of the sections) to :func:`load_lexicon`; they are
merged after the built-in ones.

Loading happens on first use and is cached per language and set of extra files, so importing the
reviewer costs nothing and every later review reuses the compiled patterns.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from bot.review.courtesy import CourtesyTable

__all__ = ["Lexicon", "Rule", "Swap", "load_lexicon"]

_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    """One finding-producing rule: any of ``patterns`` in a sentence, unless ``unless`` matches there."""

    id: str
    guideline: str
    kind: str
    patterns: tuple[str, ...]  # the source regexes; matching uses ``combined``
    message: str
    suggestion: str
    weight: float = 1.0
    unless: re.Pattern[str] | None = None
    rewrite: str | None = None  # "drop", "sentence", "remove", "append", "soften" or None
    sentence: str | None = None
    replacement: str | None = None
    combined: re.Pattern[str] | None = None  # all patterns in one alternation: one search per sentence
    # the same without IGNORECASE, to run over lower-cased text (None when the patterns need capitals)
    combined_lower: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        return (self.combined or _combine(self.patterns)).search(text)


@dataclass(frozen=True)
class Swap:
    """A word-for-word substitution list (officialese -> everyday words), compiled into one regex."""

    guideline: str
    kind: str
    message: str
    suggestion: str
    pattern: re.Pattern[str]
    replacements: dict[str, str]  # group name -> replacement
    keys: dict[str, str]  # group name -> source regex (for messages and tests)
    # first word of a key -> the keys starting with it, anchored: a dictionary look-up per word of the
    # text instead of trying ninety alternatives at every position
    by_first_word: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[re.Match[str], str]]:
        """Matches in ``text[start:end]`` with their replacement, left to right, without overlaps."""
        end = len(text) if end is None else end
        cursor = start
        for word in _FIRST_WORD.finditer(text, start, end):
            if word.start() < cursor:
                continue
            candidates = self.by_first_word.get(word.group().lower())
            if candidates is None:
                continue
            match = candidates.match(text, word.start(), end)
            if match:
                cursor = match.end()
                yield match, self.replacements[match.lastgroup or ""]


@dataclass
class Lexicon:
    language: str
    signals: dict[str, re.Pattern[str]] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    swaps: list[Swap] = field(default_factory=list)
    courtesy: CourtesyTable = field(default_factory=CourtesyTable)  # the politeness markers of the score
    _by_guideline: dict[str, list[Rule]] = field(default_factory=dict)
    _multiline: dict[str, tuple[re.Pattern[str], bool]] = field(default_factory=dict)

    def signal(self, kind: str) -> re.Pattern[str]:
        """The combined pattern of a signal kind (a pattern that never matches when absent)."""
        return self.signals.get(kind, _NEVER)

    def signal_lines(self, kind: str) -> tuple[re.Pattern[str], bool]:
        """The same pattern in multi-line mode, to run once over sentences joined by newlines.

        The flag says whether to run it over the *lower-cased* text: a pattern without capitals
        needs no IGNORECASE there, and Python's regex engine is up to twice as fast without it.
        """
        found = self._multiline.get(kind)
        if found is None:
            source = self.signals.get(kind, _NEVER)
            lower = not _needs_case(source.pattern)
            flags = (source.flags & ~re.IGNORECASE if lower else source.flags) | re.MULTILINE
            found = (re.compile(source.pattern, flags), lower)
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
    parts = [f"(?:{pattern})" for pattern in patterns]
    return re.compile("|".join(parts), flags) if parts else _NEVER


def _builtin_text(language: str) -> str:
    return files("bot.data.lexicon").joinpath(f"{language}.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=16)
def load_lexicon(language: str, extra_paths: Sequence[str | Path] = ()) -> Lexicon:
    """The compiled lexicon for ``language`` ("nl" or "en"), with an organisation's files merged in.

    ``extra_paths`` must be hashable (a tuple); each file may add signals, rules, swaps and courtesy markers.
    Each file is parsed once; every section is compiled from that one parse.
    """
    sources = [tomllib.loads(_builtin_text(language))]
    for path in extra_paths:
        sources.append(tomllib.loads(Path(path).read_text(encoding="utf-8")))
    signal_patterns: dict[str, list[str]] = {}
    courtesy_tables: list[dict[str, object]] = []
    lexicon = Lexicon(language=language)
    for data in sources:
        courtesy_tables.extend(data.get("courtesy", []))
        for kind, patterns in data.get("signals", {}).items():
            signal_patterns.setdefault(kind, []).extend(patterns)
        for raw in data.get("rule", []):
            lexicon.rules.append(
                Rule(
                    id=raw["id"],
                    guideline=raw["guideline"],
                    kind=raw.get("kind", raw["id"]),
                    patterns=tuple(raw["patterns"]),
                    combined=_combine(raw["patterns"]),
                    combined_lower=None if _needs_case("|".join(raw["patterns"])) else _combine(raw["patterns"], 0),
                    message=raw["message"],
                    suggestion=raw["suggestion"],
                    weight=float(raw.get("weight", 1.0)),
                    unless=_combine(raw["unless"]) if raw.get("unless") else None,
                    rewrite=raw.get("rewrite"),
                    sentence=raw.get("sentence"),
                    replacement=raw.get("replacement"),
                )
            )
        for raw in data.get("swap", []):
            words: dict[str, str] = raw["words"]
            # Longest source first, so "met betrekking tot" wins over a shorter key inside it.
            ordered = sorted(words, key=len, reverse=True)
            names = {f"s{index}": key for index, key in enumerate(ordered)}
            alternation = "|".join(f"(?P<{name}>{key})" for name, key in names.items())
            grouped: dict[str, list[str]] = {}
            for name, key in names.items():
                first = _FIRST_WORD.match(key)
                if first is None:
                    raise ValueError(f"a swap key must start with a word: {key!r}")
                grouped.setdefault(first.group().lower(), []).append(f"(?P<{name}>{key})")
            by_first_word = {
                first: re.compile(rf"(?:{'|'.join(keys)})(?![\w-])", _FLAGS) for first, keys in grouped.items()
            }
            lexicon.swaps.append(
                Swap(
                    guideline=raw.get("guideline", "plain_language"),
                    kind=raw.get("kind", "officialese"),
                    message=raw["message"],
                    suggestion=raw["suggestion"],
                    pattern=re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", _FLAGS),
                    replacements={name: words[key] for name, key in names.items()},
                    keys=names,
                    by_first_word=by_first_word,
                )
            )
    lexicon.signals = {kind: _combine(patterns) for kind, patterns in signal_patterns.items()}
    lexicon.courtesy = CourtesyTable(courtesy_tables)
    lexicon.index()
    return lexicon
