"""One card model for every surface: what a review shows, before Block Kit, an Adaptive Card or a terminal.

``ReviewCard.from_review(review, tips)`` decides the score's band (from :mod:`bot.review.score`),
the verdict rows, which findings are one point, what to fix first, the line a notification shows,
and the warmer version in chunks cut on whole words. Slack (``bot.slack.cards``), Teams
(``bot.teams.cards``) and the CLI only map it to their own format and markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.locale import say
from bot.review.model import GUIDELINE_IDS, Finding, Review
from bot.review.rubric import Guideline, guideline
from bot.review.score import band
from bot.review.summary import first_issue

MARKS = {"ok": "✅", "issue": "⚠️", "n/a": "➖"}


def clip(text: str, limit: int, mark: str = "…") -> str:
    """``text`` cut to about ``limit`` characters after a whole word where one is near, marked as cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - len(mark))]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return (cut[:space] if space > len(cut) // 2 else cut).rstrip(" ,;:\n") + mark


def chunks(text: str, size: int, most: int) -> list[str]:
    """``text`` in at most ``most`` pieces of up to ``size`` characters, cut at a paragraph break or
    after a whole word; a last piece that had to stop early ends in "…"."""
    pieces: list[str] = []
    rest = text
    while rest and len(pieces) < most:
        if len(rest) <= size:
            pieces.append(rest)
            rest = ""
            break
        cut = rest.rfind("\n", 0, size)
        if cut <= size // 2:
            cut = rest.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n")
    if rest and pieces:
        pieces[-1] += "\n…"
    return pieces


@dataclass(frozen=True)
class Point:
    """Findings that give the same advice, as one point: a long draft repeats "heer/mevrouw" six
    times with the same suggestion, and six identical lines would hide the other points."""

    guideline: str
    suggestion: str
    message: str
    quotes: dict[str, int] = field(default_factory=dict)
    """The draft's own words (whitespace folded) and how often each occurs; empty when something is missing."""


def points(findings: list[Finding]) -> list[Point]:
    """The findings grouped by one rule: the same guideline and the same suggestion."""
    grouped: dict[tuple[str, str], Point] = {}
    for finding in findings:
        key = (finding.guideline, finding.suggestion)
        point = grouped.setdefault(key, Point(finding.guideline, finding.suggestion, finding.message))
        if finding.quote and finding.quote.strip():
            quote = " ".join(finding.quote.split())
            point.quotes[quote] = point.quotes.get(quote, 0) + 1
    return list(grouped.values())


@dataclass(frozen=True)
class Row:
    guideline: Guideline
    verdict: str  # ok, issue, n/a

    @property
    def mark(self) -> str:
        return MARKS.get(self.verdict, "?")


@dataclass(frozen=True)
class ReviewCard:
    review: Review
    lang: str
    score: int
    band: str
    rows: list[Row]
    points: list[Point]
    issues: list[str]
    tips: Mapping[str, tuple[str, str]]
    rewrite: str

    @classmethod
    def from_review(cls, review: Review, tips: Mapping[str, tuple[str, str]] | None = None) -> ReviewCard:
        rows = [Row(guideline(gid), review.verdicts.get(gid, "n/a")) for gid in GUIDELINE_IDS]
        issues = review.issues()
        return cls(review, review.language, review.score, band(review.score), rows, points(list(review.findings)),
                   issues, {gid: tip for gid, tip in (tips or {}).items() if gid in issues},
                   review.rewrite.strip())

    def points_of(self, gid: str) -> list[Point]:
        return [p for p in self.points if p.guideline == gid]

    @property
    def nothing_to_improve(self) -> bool:
        return not self.issues and not self.points

    def summary(self) -> str:
        """"2 richtlijnen verdienen aandacht." / "Alle richtlijnen zijn in orde.\""""
        return say("card.summary_ok", self.lang) if not self.issues else say("card.summary", self.lang,
                                                                               len(self.issues))

    def notification(self, head: str, mark: str = MARKS["issue"], limit: int = 220) -> str:
        """The one line a notification or chat list shows: ``head`` (the score), then what to fix
        first in the draft's own words and the advice, and how many guidelines more."""
        first = first_issue(self.review)
        if first is None:
            return head
        detail = f"“{clip(first.quote, 80)}” → {first.advice}" if first.quote else first.advice
        line = f"{head} {mark} {first.guideline.label(self.lang)}: {clip(detail, limit)}"
        if len(self.issues) > 1:
            line += " " + say("card.more_issues", self.lang, len(self.issues) - 1)
        return line
