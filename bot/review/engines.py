"""Choosing a reviewer: offline (rules, the default) or the language model, behind one interface."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.review.model import Reviewer

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = ["Reviewer", "make_reviewer"]


def make_reviewer(settings: Settings, engine: str = "auto") -> Reviewer:
    """``offline``; ``llm`` (needs OPENAI_API_KEY); ``auto``: the model when configured, else offline."""
    from bot.review.offline import OfflineReviewer

    offline = OfflineReviewer(max_chars=settings.max_draft_chars, lexicon_paths=settings.lexicon_path_list)
    if engine == "offline" or (engine == "auto" and not settings.llm_configured):
        return offline
    from bot.review.llm import LLMReviewer  # imported only when a model is used

    return LLMReviewer(settings, fallback=offline)
