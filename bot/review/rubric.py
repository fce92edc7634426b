"""The rubric as data: guideline names and explanations in Dutch and English.

Loaded once from ``bot/data/rubric.toml``, which ships inside the package.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from bot.review.model import GUIDELINE_IDS


@dataclass(frozen=True)
class Guideline:
    id: str
    name: dict[str, str]
    why: dict[str, str]
    explain: dict[str, str]
    direction: dict[str, str]
    aliases: dict[str, list[str]] = field(default_factory=dict)
    """Words people type for it (tip commands), per language, beside the id and the name."""

    def label(self, lang: str) -> str:
        return self.name.get(lang) or self.name["nl"]


@lru_cache(maxsize=1)
def guidelines() -> dict[str, Guideline]:
    """The seven guidelines by id, in rubric order."""
    raw = tomllib.loads(files("bot.data").joinpath("rubric.toml").read_text(encoding="utf-8"))
    loaded = {g["id"]: Guideline(**g) for g in raw["guideline"]}
    if tuple(loaded) != GUIDELINE_IDS:
        raise ValueError(f"rubric.toml must list exactly {GUIDELINE_IDS} in order, got {tuple(loaded)}")
    return loaded


def guideline(gid: str) -> Guideline:
    return guidelines()[gid]
