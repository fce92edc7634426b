"""Hear: does the reply show that the writer read *this* tenant's message?

Catches template replies: standard openers ("Naar aanleiding van uw bericht delen wij u mede",
"Thank you for contacting us"), generic salutations ("Geachte heer/mevrouw", "Dear resident")
and answers that could go to anyone. Counts in favour: reflective sentences in many forms
("U schrijft dat ...", "u geeft aan", "You mention ...") and, when the tenant's message is given,
the words of that message coming back in the reply (their topic, their details) and an answer
to their "when?" question. Why: a template makes the tenant feel nobody read their message.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.review.checks.base import CheckResult, DraftContext, Hit, content_stems
from bot.review.text import WORD_RE

GUIDELINE = "hear"

_WHEN_QUESTION = re.compile(
    r"\b(?:wanneer|hoe\s+lang|vandaag\s+nog|when|how\s+long|kan\s+er\s+\w+\s+(?:iemand\s+)?komen)\b[^?]*\?",
    re.IGNORECASE,
)

# The verdict is a balance: below 0 is an issue. A reflective sentence (two at most) counts for,
# each stock phrase against, a generic salutation ("Geachte heer/mevrouw") more so. With the tenant's
# message, the share of its topic words that come back moves the balance around OVERLAP_NEUTRAL
# (a share that neither helps nor hurts), and an unanswered "when?" costs a little.
REFLECT_WEIGHT = 1.5
SALUTATION_WEIGHT = 1.5
TEMPLATE_WEIGHT = 1.0
OVERLAP_SLOPE = 10.0
OVERLAP_NEUTRAL = 0.15
UNANSWERED_WHEN = 0.5
SHORT_BODY_WORDS = 4  # a body shorter than this says nothing about this tenant
PREFIX = 5  # letters compared for "the same word in another form"

_GENERIC_SALUTATION = re.compile(
    r"heer\s*/\s*mevrouw|mevrouw\s*/\s*(?:de\s+)?heer|^\s*(?:geachte|beste|dear)\s+(?:heer|mevrouw|bewoner|huurder|"
    r"resident|tenant|sir|madam|customer|occupant|sir\s+or\s+madam|sir/madam)\s*,|^\s*(?:hello|hi)\s*,?\s*$",
    re.IGNORECASE,
)
_LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-zß-öø-ÿ][^\W\d_]*(?:['’\-][^\W\d_]+)*(?![\w'’\-])")
_MONTHS_AND_DAYS_TEXT = (
    "januari februari maart april mei juni juli augustus september oktober november december january february "
    "march may june july august october monday tuesday wednesday thursday friday saturday sunday maandag "
    "dinsdag woensdag donderdag vrijdag zaterdag zondag"
)
_MONTHS_AND_DAYS = frozenset(_MONTHS_AND_DAYS_TEXT.split())


@lru_cache(maxsize=256)
def topic_words(text: str) -> frozenset[str]:
    """Content words of a message without names, places, numbers and dates: what it is *about*."""
    # lower-case words only (no names or places), without numbers and codes; then no dates
    kept = [token for token in _LOWER_WORD.findall(text) if token not in _MONTHS_AND_DAYS]
    return frozenset(content_stems(" ".join(kept)))


def overlap_ratio(tenant_message: str, draft_body: str) -> float:
    """Share of the tenant's topic words that come back in the reply."""
    tenant = topic_words(tenant_message)
    if not tenant:
        return OVERLAP_NEUTRAL
    draft = set(topic_words(draft_body))
    # Same word in another form ("opgenomen"/"opnemen" stays apart, "thuis"/"thuiszitten" meets):
    # compare the first five letters, which is about what a stemmer would keep.
    draft |= {word[2:] for word in draft if word.startswith("ge") and len(word) >= 6}
    prefixes = {word[:PREFIX] for word in draft} | {word[: PREFIX - 1] for word in draft}

    def found(word: str) -> bool:
        bare = word[2:] if word.startswith("ge") and len(word) >= 6 else word
        return any(
            form in draft or form[: min(PREFIX, len(form))] in prefixes for form in (word, bare)
        )

    shared = sum(1 for word in tenant if found(word))
    return shared / len(tenant)


def check(context: DraftContext) -> CheckResult:
    """Verdict ``issue`` when template signals outweigh signs of having read the message."""
    said = context.lexicon.messages[GUIDELINE]
    missing_message, suggestion, template_message = said["template"], said["template_suggestion"], said["stock_phrase"]
    template = context.lexicon.signal("template")
    reflect = context.lexicon.signal("reflect")
    hits: list[Hit] = []
    indexes = ([context.salutation] if context.salutation is not None else []) + context.sentences_with("template")
    for index in indexes:
        sentence = context.sentences[index]
        match = template.search(sentence.text)
        if match and not reflect.search(sentence.text):
            quote = match.group().strip()
            start = sentence.start + match.start() + (len(match.group()) - len(match.group().lstrip()))
            weight = SALUTATION_WEIGHT if _GENERIC_SALUTATION.search(sentence.text) else TEMPLATE_WEIGHT
            hits.append(
                Hit(GUIDELINE, start, start + len(quote), template_message.replace("{match}", quote), suggestion,
                    weight=weight, kind="template", sentence=index)
            )
    reflections = min(2, context.count("reflect"))
    score = REFLECT_WEIGHT * reflections - sum(hit.weight for hit in hits)
    if not reflections and len(WORD_RE.findall(context.body_text())) < SHORT_BODY_WORDS:
        score -= 1.0  # "Prima." or "Komt goed": an answer that could go to anyone, however friendly
    if context.tenant_message:
        ratio = overlap_ratio(context.tenant_message, context.body_text())
        score += OVERLAP_SLOPE * (ratio - OVERLAP_NEUTRAL)
        if _WHEN_QUESTION.search(context.tenant_message) and not context.count("when"):
            score -= UNANSWERED_WHEN
    else:
        score += 0.5
    strength = max(0.0, min(1.0, score / 3))
    if score >= 0:
        return CheckResult(GUIDELINE, "ok", strength=strength)
    missing = [] if hits else [(missing_message, suggestion)]
    return CheckResult(GUIDELINE, "issue", hits=hits, missing=missing, strength=0.0)
