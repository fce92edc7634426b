"""Every sentence a person sees, in their language: ``bot/locale/{nl,en}.toml`` and one lookup.

    say("tips.removed", "nl", id=12)            -> "Tip #12 is verwijderd."
    say("tips.list_more", "en", count=3)        -> "…and 3 more tips."

A key is ``section.name``. A value written as a table with ``one`` and ``other`` is a plural,
chosen by ``count`` (which is also a placeholder). An unknown language gets Dutch, the product's
first language. A missing key or an unfilled placeholder is a bug, so it raises; the catalogue test
checks both languages hold the same keys and placeholders.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files

LANGUAGES = ("nl", "en")
Entry = str | dict[str, str]


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> dict[str, Entry]:
    """The language's sentences by dotted key."""
    raw = tomllib.loads(files(__package__).joinpath(f"{lang}.toml").read_text(encoding="utf-8"))
    flat: dict[str, Entry] = {}
    for section, entries in raw.items():
        for name, value in entries.items():
            flat[f"{section}.{name}"] = value
    return flat


def language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else LANGUAGES[0]


def say(key: str, lang: str | None, /, count: int | None = None, **values: object) -> str:
    """Sentence ``key`` in ``lang``, its plural form chosen by ``count``, placeholders filled in."""
    entry = catalogue(language(lang))[key]
    if isinstance(entry, dict):
        if count is None:
            raise TypeError(f"{key} is a plural: give count")
        entry = entry["one"] if count == 1 else entry["other"]
    if count is not None:
        values["count"] = count
    return entry.format(**values) if values or "{" in entry else entry


def words(key: str, lang: str | None) -> tuple[str, ...]:
    """A space-separated list in the catalogue (weekday names) as a tuple."""
    return tuple(say(key, lang).split())
