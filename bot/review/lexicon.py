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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["Lexicon", "Rule", "Swap", "load_lexicon"]

_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    """One finding-producing rule: any of ``patterns`` in a sentence, unless ``unless`` matches there."""

    id: str
    guideline: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]
    message: str
    suggestion: str
    weight: float = 1.0
    unless: re.Pattern[str] | None = None
    rewrite: str | None = None  # "drop", "sentence", "remove", "append", "soften" or None
    sentence: str | None = None
    replacement: str | None = None


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


@dataclass
class Lexicon:
    language: str
    signals: dict[str, re.Pattern[str]] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    swaps: list[Swap] = field(default_factory=list)

    def signal(self, kind: str) -> re.Pattern[str]:
        """The combined pattern of a signal kind (a pattern that never matches when absent)."""
        return self.signals.get(kind, _NEVER)

    def rules_for(self, guideline: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.guideline == guideline]


_NEVER = re.compile(r"(?!x)x")


def _combine(patterns: Iterable[str]) -> re.Pattern[str]:
    parts = [f"(?:{pattern})" for pattern in patterns]
    return re.compile("|".join(parts), _FLAGS) if parts else _NEVER


def _builtin_text(language: str) -> str:
    return files("bot.data.lexicon").joinpath(f"{language}.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=16)
def load_lexicon(language: str, extra_paths: Sequence[str | Path] = ()) -> Lexicon:
    """The compiled lexicon for ``language`` ("nl" or "en"), with an organisation's files merged in.

    ``extra_paths`` must be hashable (a tuple); each file may add signals, rules and swaps.
    """
    sources = [tomllib.loads(_builtin_text(language))]
    for path in extra_paths:
        sources.append(tomllib.loads(Path(path).read_text(encoding="utf-8")))
    signal_patterns: dict[str, list[str]] = {}
    lexicon = Lexicon(language=language)
    for data in sources:
        for kind, patterns in data.get("signals", {}).items():
            signal_patterns.setdefault(kind, []).extend(patterns)
        for raw in data.get("rule", []):
            lexicon.rules.append(
                Rule(
                    id=raw["id"],
                    guideline=raw["guideline"],
                    kind=raw.get("kind", raw["id"]),
                    patterns=tuple(re.compile(p, _FLAGS) for p in raw["patterns"]),
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
            lexicon.swaps.append(
                Swap(
                    guideline=raw.get("guideline", "plain_language"),
                    kind=raw.get("kind", "officialese"),
                    message=raw["message"],
                    suggestion=raw["suggestion"],
                    pattern=re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", _FLAGS),
                    replacements={name: words[key] for name, key in names.items()},
                    keys=names,
                )
            )
    lexicon.signals = {kind: _combine(patterns) for kind, patterns in signal_patterns.items()}
    return lexicon
