"""PLACEHOLDER offline reviewer so that surfaces can be built in parallel; the engine work replaces it."""

from __future__ import annotations

import asyncio

from bot.review.model import GUIDELINE_IDS, EmptyDraft, Review


class OfflineReviewer:
    name = "offline"

    def __init__(self, max_chars: int = 6000) -> None:
        self.max_chars = max_chars

    def review(self, draft: str, tenant_message: str | None = None, *, language: str | None = None) -> Review:
        if not draft or not draft.strip():
            raise EmptyDraft()
        lang = "en" if " the " in f" {draft.lower()} " else "nl"
        verdicts = {g: "ok" for g in GUIDELINE_IDS}
        verdicts["no_with_care"] = "n/a"
        return Review(language=lang, score=85, verdicts=verdicts, findings=[], rewrite=draft, engine="offline")

    async def areview(self, draft: str, tenant_message: str | None = None, *, language: str | None = None) -> Review:
        return self.review(draft, tenant_message, language=language)
