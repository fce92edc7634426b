"""The Slack app's own sentences (around the engine's findings and rewrite): the ``slack`` section of
the one text catalogue, ``bot/locale/{nl,en}.toml``."""

from __future__ import annotations

from bot.locale import say


def text(key: str, lang: str, **values: str) -> str:
    """The Slack app's sentence ``key`` (``slack.*`` in bot/locale) in ``lang`` (Dutch when unknown)."""
    return say(f"slack.{key}", lang, **values)
