"""Shared helpers for the engine tests: one reviewer, and the quote contract checked on every review."""

from __future__ import annotations

from bot.review.model import Review
from bot.review.offline import OfflineReviewer

REVIEWER = OfflineReviewer()


def review(draft: str, tenant_message: str | None = None, language: str | None = None) -> Review:
    """Review, and check that every quote is the draft's own words at its offsets."""
    result = REVIEWER.review(draft, tenant_message, language=language)
    for finding in result.findings:
        if finding.quote is not None:
            assert draft[finding.start : finding.end] == finding.quote
    return result


def quotes(result: Review, guideline: str) -> list[str]:
    return [f.quote for f in result.findings if f.guideline == guideline and f.quote]
