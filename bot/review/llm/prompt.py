"""The prompt: jinja2 templates in prompts/, the draft fenced in and neutralised."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

import jinja2

from bot.review.rubric import guidelines

# Bump on every change to the templates or the schema: it is part of the cache key.
PROMPT_VERSION = "2026-11-27.4"
LANGUAGE_NAMES = {"nl": "Dutch", "en": "English"}

@lru_cache(maxsize=1)
def _templates() -> tuple[jinja2.Template, jinja2.Template]:
    """The two templates, read from the package ``bot.prompts`` (works from a wheel too)."""
    env = jinja2.Environment(
        autoescape=False,  # plain text for a model, not HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    folder = files("bot.prompts")
    system = env.from_string(folder.joinpath("review_system.j2").read_text(encoding="utf-8"))
    user = env.from_string(folder.joinpath("review_user.j2").read_text(encoding="utf-8"))
    return system, user


_DELIMITER_LOOKALIKE = re.compile(r"<(?=\s*/?\s*(?:draft|tenant_message)\b)", re.IGNORECASE)
NEUTRAL_BRACKET = "‹"  # U+2039: looks like "<" to a reader, is not one to the prompt's markers


def neutralise(text: str) -> str:
    """Defuse anything in a text that looks like one of our block markers (``</draft>``)."""
    return _DELIMITER_LOOKALIKE.sub(NEUTRAL_BRACKET, text)


def build_messages(draft: str, tenant_message: str | None, lang: str, variant: int = 0) -> list[dict[str, str]]:
    """The chat messages for one review of already redacted texts."""
    system, user = _templates()
    language_name = LANGUAGE_NAMES[lang]
    return [
        {"role": "system", "content": system.render(
            lang=lang, language_name=language_name, guidelines=list(guidelines().values()))},
        {"role": "user", "content": user.render(
            lang=lang, language_name=language_name, draft=neutralise(draft),
            tenant_message=neutralise(tenant_message) if tenant_message else None, variant=variant)},
    ]
