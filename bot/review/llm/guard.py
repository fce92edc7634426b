"""Turning a model answer into a guarded Review: quotes located, facts, numbers and the decision checked, notes in the draft's language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.review.facts import missing_facts, same_times
from bot.review.injection import aimed_at_the_reviewer
from bot.review.language import detect_language
from bot.review.llm.prompt import NEUTRAL_BRACKET
from bot.review.llm.schema import ModelReview
from bot.review.model import GUIDELINE_IDS, Finding, Review, Usage
from bot.review.redact import restore, unknown_placeholders
from bot.review.refusal import is_refusal
from bot.review.rubric import guidelines


@dataclass
class _Request:
    """What one model call needs, and what is needed to read its answer."""

    draft: str  # the part of the draft that was reviewed (the whole draft unless very long)
    tenant_message: str | None
    lang: str
    mapping: dict[str, str]
    messages: list[dict[str, str]]
    variant: int


FALLBACK_NOTES: dict[str, dict[str, str]] = {
    "timeout": {
        "nl": "Het taalmodel antwoordde niet op tijd; dit is de offline beoordeling.",
        "en": "The language model did not answer in time; this is the offline review.",
    },
    "rate_limited": {
        "nl": "Het taalmodel is nu te druk; dit is de offline beoordeling.",
        "en": "The language model is too busy right now; this is the offline review.",
    },
    "unavailable": {
        "nl": "Het taalmodel is nu niet bereikbaar; dit is de offline beoordeling.",
        "en": "The language model cannot be reached right now; this is the offline review.",
    },
    "malformed": {
        "nl": "Het taalmodel gaf een onbruikbaar antwoord; dit is de offline beoordeling.",
        "en": "The language model gave an unusable answer; this is the offline review.",
    },
    "refused": {
        "nl": "Het taalmodel wilde deze tekst niet beoordelen; dit is de offline beoordeling.",
        "en": "The language model declined to review this text; this is the offline review.",
    },
    "rejected": {
        "nl": "Het taalmodel weigerde het verzoek (kijk de instellingen na); dit is de offline beoordeling.",
        "en": "The language model rejected the request (check the settings); this is the offline review.",
    },
    "circuit_open": {
        "nl": "Het taalmodel wordt na herhaalde storingen even overgeslagen (nog {seconds} s); "
        "dit is de offline beoordeling.",
        "en": "After repeated failures the language model is skipped for a while ({seconds} s left); "
        "this is the offline review.",
    },
}
REWRITE_REPLACED_NOTE = {
    "nl": "De herschrijving van het taalmodel veranderde {what}; daarom staat hier de offline herschrijving.",
    "en": "The language model's rewrite changed {what}, so this is the offline rewrite instead.",
}
REWRITE_PROBLEMS = {
    "facts": {"nl": "een feit (bedrag, datum, naam of nummer)", "en": "a fact (amount, date, name or number)"},
    "decision": {"nl": "het besluit", "en": "the decision"},
    "new_numbers": {"nl": "of beloofde iets nieuws (een nieuw getal of nieuwe datum)",
                    "en": "or promised something new (a new number or date)"},
    "placeholders": {"nl": "persoonsgegevens", "en": "personal data"},
    "empty": {"nl": "de hele tekst", "en": "the whole text"},
    "language": {"nl": "de taal", "en": "the language"},
}


def to_review(answer: ModelReview, request: _Request, draft: str, tenant_message: str | None,
              offline: Review, usage: Usage) -> tuple[Review, dict[str, Any]]:
    """Validate and repair a model answer against the draft; returns the review and counts."""
    lang = offline.language
    mapping = request.mapping
    verdicts: dict[str, str] = answer.verdicts.model_dump()
    refusal_in_draft = is_refusal(request.draft, lang)
    if verdicts["no_with_care"] == "n/a" and refusal_in_draft:
        # "n/a" means nothing is refused; our detector sees a refusal, so trust the offline verdict.
        verdicts["no_with_care"] = offline.verdicts.get("no_with_care", "issue")
        if verdicts["no_with_care"] == "n/a":
            verdicts["no_with_care"] = "issue"

    if aimed_at_the_reviewer(request.draft):
        # The draft speaks to the reviewer: what the offline reviewer found stands, whatever the model says.
        for gid in GUIDELINE_IDS:
            if offline.verdicts.get(gid) == "issue":
                verdicts[gid] = "issue"

    findings: list[Finding] = []
    seen: set[tuple[str, int | None, int | None]] = set()
    dropped = 0
    for model_finding in answer.findings:
        if verdicts.get(model_finding.guideline) != "issue":
            continue  # a finding for a guideline the model itself judged fine
        start = end = None
        quote = None
        if model_finding.quote is not None and model_finding.quote.strip():
            located = locate_quote(_unneutralise(restore(model_finding.quote, mapping), draft), draft)
            if located is None:
                dropped += 1
                continue  # an invented quote
            start, end = located
            quote = draft[start:end]
        marker = (model_finding.guideline, start, end)
        if marker in seen:
            continue
        seen.add(marker)
        findings.append(Finding(
            guideline=model_finding.guideline, quote=quote, start=start, end=end,
            message=restore(model_finding.message, mapping).strip() or guidelines()[model_finding.guideline].why[lang],
            suggestion=restore(model_finding.suggestion, mapping).strip()
            or guidelines()[model_finding.guideline].direction[lang],
        ))
    # Messages in the wrong language are replaced by the rubric's own words (the quotes stay).
    spoken = " ".join(f"{f.message} {f.suggestion}" for f in findings)
    if len(spoken.split()) >= 8 and detect_language(spoken, lang) != lang:
        findings = [f.model_copy(update={"message": guidelines()[f.guideline].why[lang],
                                         "suggestion": guidelines()[f.guideline].direction[lang]})
                    for f in findings]
    # Every issue shows something: the offline reviewer's finding, or what the rubric says.
    for gid in GUIDELINE_IDS:
        if verdicts[gid] == "issue" and not any(f.guideline == gid for f in findings):
            borrowed = [f for f in offline.findings if f.guideline == gid]
            findings.extend(borrowed or [Finding(
                guideline=gid, message=guidelines()[gid].why[lang], suggestion=guidelines()[gid].direction[lang])])
    order = {gid: i for i, gid in enumerate(GUIDELINE_IDS)}
    findings.sort(key=lambda f: (order[f.guideline], f.start if f.start is not None else 10**9))

    rewrite = restore(answer.rewrite, mapping).strip()
    problem = rewrite_problem(request.draft, rewrite, tenant_message, lang, refusal_in_draft)
    notes = list(offline.notes)
    if problem:
        rewrite = offline.rewrite
        notes.append(REWRITE_REPLACED_NOTE[lang].format(what=REWRITE_PROBLEMS[problem][lang]))
    elif len(request.draft) < len(draft):
        rewrite += draft[len(request.draft):]  # a long draft: the part not reviewed stays as it was

    review = Review(
        language=lang,
        score=score_for(verdicts, answer.score, findings),
        verdicts=verdicts,
        findings=findings,
        rewrite=rewrite,
        engine="llm",
        notes=notes,
        usage=usage,
    )
    return review, {"dropped_quotes": dropped, "rewrite_problem": problem}


_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " "})


def locate_quote(quote: str, draft: str) -> tuple[int, int] | None:
    """Where ``quote`` sits in ``draft``: exactly, or after folding whitespace, quotes and case.

    Returns offsets into the draft as given, so that ``draft[start:end]`` is the repaired quote;
    ``None`` when the words are not in the draft at all (an invented quote).
    """
    quote = quote.strip().strip('"').strip()
    if not quote:
        return None
    at = draft.find(quote)
    if at >= 0:
        return at, at + len(quote)
    folded_draft, positions = _fold(draft)
    folded_quote, _ = _fold(quote)
    folded_quote = folded_quote.strip()
    for candidate in (folded_quote, folded_quote.rstrip(".!?,;:")):
        if len(candidate) < 3:
            continue
        at = folded_draft.find(candidate)
        if at >= 0:
            return positions[at], positions[at + len(candidate) - 1] + 1
    return None


def _fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, straight quotes, single spaces; with the original index of every kept char."""
    chars: list[str] = []
    positions: list[int] = []
    previous_space = False
    for index, char in enumerate(text.translate(_QUOTE_FOLD)):
        if char.isspace():
            if previous_space:
                continue
            char = " "
            previous_space = True
        else:
            previous_space = False
        chars.append(char.lower())
        positions.append(index)
    return "".join(chars), positions


def _unneutralise(text: str, draft: str) -> str:
    return text.replace(NEUTRAL_BRACKET, "<") if NEUTRAL_BRACKET not in draft else text


_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def rewrite_problem(draft: str, rewrite: str, tenant_message: str | None, lang: str,
                    refusal_in_draft: bool | None = None) -> str | None:
    """Why a rewrite cannot be shown (``facts``, ``decision``, ...), or ``None`` when it is fine."""
    if not rewrite.strip():
        return "empty"
    if detect_language(rewrite, lang) != lang:
        return "language"
    if unknown_placeholders(rewrite):
        return "placeholders"
    if missing_facts(draft, rewrite):
        return "facts"
    if refusal_in_draft is None:
        refusal_in_draft = is_refusal(draft, lang)
    if refusal_in_draft != is_refusal(rewrite, lang):
        return "decision"
    known = {same_times(n) for n in _NUMBER.findall(draft) + _NUMBER.findall(tenant_message or "")}
    if any(same_times(number) not in known for number in _NUMBER.findall(rewrite)):
        return "new_numbers"  # "8:00" for the draft's "8.00" is the same time, not a new number
    return None


def score_for(verdicts: dict[str, str], model_score: int | None, findings: list[Finding] | None = None) -> int:
    """A score that agrees with the verdicts, on the same scale as the offline reviewer's.

    The verdicts decide (the engine's formula: each issue costs 12-14 points, extra findings a
    little more); the model's own 0-100 score only moves the result within that, as the
    "strength" the offline checks measure. So a model saying "100" for a draft with four issues
    still gets a score below 50.
    """
    strength = 0.5 if model_score is None else max(0.0, min(1.0, model_score / 100))
    from bot.review.checks.base import CheckResult
    from bot.review.score import score as engine_score

    per_guideline = {gid: sum(1 for f in findings or [] if f.guideline == gid) for gid in GUIDELINE_IDS}
    results = [
        CheckResult(guideline=gid, verdict=verdicts[gid], missing=[("", "")] * per_guideline[gid], strength=strength)
        for gid in GUIDELINE_IDS
    ]
    return max(0, min(100, int(engine_score(results))))
