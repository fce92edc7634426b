"""Choosing a reviewer: offline (rules, the default) or the language model, behind one interface."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.review.model import Review
    from bot.settings import Settings


class Reviewer(Protocol):
    name: str

    def review(self, draft: str, tenant_message: str | None = None, *, language: str | None = None) -> Review:
        """Review ``draft``; ``language`` is a hint for very short drafts (the user's own language)."""

    async def areview(
        self, draft: str, tenant_message: str | None = None, *, language: str | None = None
    ) -> Review:
        """The same, for async surfaces; must not block the event loop for long."""


def make_reviewer(settings: Settings, engine: str = "auto") -> Reviewer:
    """``offline``; ``llm`` (needs OPENAI_API_KEY); ``auto``: the model when configured, else offline."""
    from bot.review.offline import OfflineReviewer

    offline = OfflineReviewer(max_chars=settings.max_draft_chars, lexicon_paths=settings.lexicon_path_list)
    if engine == "offline" or (engine == "auto" and not settings.llm_configured):
        return offline
    from bot.review.llm import LLMReviewer  # imported only when a model is used

    return LLMReviewer(settings, fallback=offline)
