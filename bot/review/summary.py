"""What to fix first, in one line: the notification text every surface sends beside its card."""

from __future__ import annotations

from dataclasses import dataclass

from bot.review.model import Review
from bot.review.rubric import Guideline, guideline


@dataclass(frozen=True)
class FirstIssue:
    """The first guideline with an issue, the draft's own words (if any) and the advice for them."""

    guideline: Guideline
    quote: str | None
    advice: str


def first_issue(review: Review) -> FirstIssue | None:
    """A notification shows one line, so it names the first thing to fix rather than listing labels.

    With a quote the advice is the finding's suggestion; about something missing it is the
    finding's message; without a finding (a model that gave none) it is the rubric's direction.
    """
    issues = review.issues()
    if not issues:
        return None
    rule = guideline(issues[0])
    lang = review.language
    finding = next((f for f in review.findings if f.guideline == issues[0]), None)
    if finding is None:
        return FirstIssue(rule, None, rule.direction.get(lang) or rule.direction["nl"])
    if finding.quote and finding.quote.strip():
        return FirstIssue(rule, " ".join(finding.quote.split()), finding.suggestion)
    return FirstIssue(rule, None, finding.message)
