"""The one contract every reviewer and every surface shares: text in, ``Review`` out."""

from __future__ import annotations

from typing import ClassVar, Literal, Protocol

from pydantic import BaseModel, Field

GuidelineId = Literal[
    "hear", "acknowledge", "no_with_care", "person_not_policy", "respect", "next_step", "plain_language"
]
GUIDELINE_IDS: tuple[str, ...] = (
    "hear",
    "acknowledge",
    "no_with_care",
    "person_not_policy",
    "respect",
    "next_step",
    "plain_language",
)
Verdict = Literal["ok", "issue", "n/a"]
Language = Literal["nl", "en"]
Engine = Literal["offline", "llm"]


class Finding(BaseModel):
    """One thing a guideline found: the draft's own words (or what is missing), why, and what instead.

    ``quote`` is verbatim ``draft[start:end]`` of the draft as it was given to the reviewer; when a
    finding is about something missing, ``quote``, ``start`` and ``end`` are ``None`` and the
    message says what is missing.
    """

    guideline: GuidelineId
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    message: str
    suggestion: str


class Usage(BaseModel):
    """Token counts of one language-model review (never any text)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class Review(BaseModel):
    language: Language
    score: int = Field(ge=0, le=100)
    verdicts: dict[GuidelineId, Verdict]
    findings: list[Finding] = Field(default_factory=list)
    rewrite: str
    engine: Engine = "offline"
    notes: list[str] = Field(
        default_factory=list,
        description="Short remarks in the draft's language: a shortened draft, a fallback to offline.",
    )
    usage: Usage | None = None

    def issues(self) -> list[str]:
        return [g for g in GUIDELINE_IDS if self.verdicts.get(g) == "issue"]


class ReviewInputError(ValueError):
    """A draft the engine cannot review; ``message(lang)`` is kind text for the person."""

    messages: ClassVar[dict[str, str]] = {}

    def message(self, lang: str = "nl") -> str:
        return self.messages.get(lang, self.messages.get("nl", str(self)))

    def __str__(self) -> str:  # the English text, for logs and stderr
        return self.messages.get("en", self.__class__.__name__)


class EmptyDraft(ReviewInputError):
    messages: ClassVar[dict[str, str]] = {
        "nl": "Er staat nog geen tekst in. Plak de conceptreactie aan de huurder, dan kijk ik ernaar.",
        "en": "There is no text yet. Paste your draft reply to the tenant and I will review it.",
    }


class NoWords(EmptyDraft):
    """Only emoji, markup, numbers or a link: "no text yet" would puzzle someone who pasted something."""

    messages: ClassVar[dict[str, str]] = {
        "nl": "Ik zie geen tekst om te beoordelen, alleen emoji, opmaak, cijfers of een link. Plak de "
        "conceptreactie aan de huurder, dan kijk ik ernaar.",
        "en": "I see no text to review, only emoji, formatting, numbers or a link. Paste your draft reply "
        "to the tenant and I will review it.",
    }


class OnlyGreeting(EmptyDraft):
    """Only a salutation and/or a sign-off: no message to the tenant to review (a score would mislead)."""

    messages: ClassVar[dict[str, str]] = {
        "nl": "Ik zie alleen een aanhef of afsluiting, nog geen bericht aan de huurder. Plak de hele "
        "conceptreactie, dan kijk ik ernaar.",
        "en": "I only see a greeting or a sign-off, no message to the tenant yet. Paste the whole draft "
        "reply and I will review it.",
    }


class UnsupportedLanguage(ReviewInputError):
    messages: ClassVar[dict[str, str]] = {
        "nl": "Dit lijkt geen Nederlands of Engels. Ik kan voorlopig alleen Nederlandse en Engelse "
        "reacties beoordelen. / This does not look like Dutch or English; for now I can only "
        "review Dutch and English replies.",
        "en": "This does not look like Dutch or English. For now I can only review Dutch and English "
        "replies. / Dit lijkt geen Nederlands of Engels; ik kan voorlopig alleen Nederlandse en "
        "Engelse reacties beoordelen.",
    }


class Reviewer(Protocol):
    """What every reviewer offers (offline, language model): text in, ``Review`` out."""

    name: str

    def review(self, draft: str, tenant_message: str | None = None, *, language: str | None = None,
               variant: int = 0) -> Review:
        """Review ``draft``; ``language`` is a hint for very short drafts (the user's own language);
        ``variant`` > 0 asks for another rewrite ("Nog een versie"), where the reviewer can write one."""

    async def areview(self, draft: str, tenant_message: str | None = None, *, language: str | None = None,
                      variant: int = 0) -> Review:
        """The same, for async surfaces; must not block the event loop."""
