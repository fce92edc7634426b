"""The lexicon files' schema: a misspelt field or an unknown guideline fails at load, naming file and rule.

Vale fails a style whose rule has a field it does not know; so do we. An organisation's file with
``mesage = ...`` or ``guideline = "respct"`` would otherwise load silently and never fire. Every
section of a lexicon file (``[meta]``, ``[signals]``, ``[[rule]]``, ``[[swap]]``, ``[[courtesy]]``)
is validated by these pydantic models (``extra="forbid"``, typed guideline ids, rewrite actions and
signal kinds, and every regex compiled once to prove it is one); :func:`validate_lexicon_file`
raises :class:`LexiconError` with the file, the rule's id and what is wrong.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from bot.review.model import GuidelineId

__all__ = ["LexiconError", "LexiconFile", "validate_lexicon_file"]

RewriteAction = Literal["drop", "sentence", "remove", "append", "soften"]
SignalKind = Literal[
    "acknowledge", "action", "alternative", "closing", "contact", "department", "hardship", "passive", "problem",
    "reason", "reason_policy", "reflect", "refusal", "refusal_unless", "substance", "template", "when",
]


class LexiconError(ValueError):
    """A lexicon file that does not fit the schema; the message names the file and the rule."""


def _compiles(patterns: list[str], info: ValidationInfo) -> list[str]:
    if not (info.context or {}).get("compile", True):
        return patterns  # the built-in files: compiled lazily as reviews need them (tests compile them all)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"not a valid regular expression ({error}): {pattern!r}") from None
    return patterns


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Meta(_Strict):
    language: Literal["nl", "en"] | None = None
    name: str | None = None


class RuleEntry(_Strict):
    id: str = Field(min_length=1)
    guideline: GuidelineId
    kind: str | None = None
    patterns: list[str] = Field(min_length=1)
    message: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)
    weight: float = Field(1.0, gt=0, le=5)
    unless: list[str] = Field(default_factory=list)
    rewrite: RewriteAction | None = None
    sentence: str | None = None
    replacement: str | None = None

    @field_validator("patterns", "unless")
    @classmethod
    def _patterns_compile(cls, patterns: list[str], info: ValidationInfo) -> list[str]:
        return _compiles(patterns, info)


class SwapEntry(_Strict):
    guideline: GuidelineId = "plain_language"
    kind: str = "officialese"
    message: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)
    words: dict[str, str] = Field(min_length=1)

    @field_validator("words")
    @classmethod
    def _keys_compile(cls, words: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        _compiles(list(words), info)
        return words


class CourtesyEntry(_Strict):
    id: str = Field(min_length=1)
    weight: float
    phrases: list[str] = Field(min_length=1)
    position: Literal["start", "inside", "any"] = "any"
    question: bool = False


class LexiconFile(_Strict):
    meta: Meta = Field(default_factory=Meta)
    signals: dict[SignalKind, list[str]] = Field(default_factory=dict)
    rule: list[RuleEntry] = Field(default_factory=list)
    swap: list[SwapEntry] = Field(default_factory=list)
    courtesy: list[CourtesyEntry] = Field(default_factory=list)
    messages: dict[GuidelineId, dict[str, str]] = Field(default_factory=dict)
    rewrite: dict[str, str] = Field(default_factory=dict)
    """The rewrite's own words: placeholders and the few words it adds (``[rewrite]``)."""
    """The checks' own sentences per guideline (``[messages.hear]`` ...); an organisation's file may
    reword any of them."""

    @field_validator("signals")
    @classmethod
    def _signals_compile(cls, signals: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        for patterns in signals.values():
            _compiles(patterns, info)
        return signals


def validate_lexicon_file(data: dict, source: str, *, compile_patterns: bool = True) -> LexiconFile:
    """The parsed file, or :class:`LexiconError` naming ``source``, the entry's id and each problem.

    ``compile_patterns=False`` checks the fields only: compiling every regex of the built-in lexicons
    would cost ``check`` a quarter of a second at start, so a test compiles those once instead.
    """
    try:
        return LexiconFile.model_validate(data, context={"compile": compile_patterns})
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False, include_input=False):
            location = list(item["loc"])
            where = ".".join(str(part) for part in location)
            if len(location) >= 2 and location[0] in ("rule", "courtesy", "swap") and isinstance(location[1], int):
                entry = data.get(location[0], [])[location[1]]
                ident = entry.get("id") if isinstance(entry, dict) else None
                if ident:
                    where = f"{location[0]} id={ident!r}" + ("." + ".".join(map(str, location[2:])) if location[2:] else "")
            message = "unknown field (misspelt?)" if item["type"] == "extra_forbidden" else item["msg"]
            problems.append(f"{where}: {message}")
        raise LexiconError(f"{source}: " + "; ".join(problems)) from None
