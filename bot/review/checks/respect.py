"""Take seriously: no blame, lecturing, threats, minimising, shouting.

Catches telling the tenant what they should have done ("U had dit eerder moeten melden", "you
should have"), lecturing and threats ("Wij wijzen u erop", "U dient ...", "deurwaarder", "breach
of your tenancy"), "zoals eerder aangegeven" / "as previously stated", minimising ("slechts",
"maar een kleine", "nu eenmaal", "these things happen", "I'm sorry you feel ..."), words in
CAPITALS (not acronyms such as AOW or WMO) and several exclamation marks. Why: blame, lecturing or
playing things down make the tenant feel they are not taken seriously.
"""

from __future__ import annotations

import re

from bot.review.checks.base import CheckResult, DraftContext, Hit, rule_hits

GUIDELINE = "respect"

_CAPS_RUN = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{2,}(?:[\s,]+[A-ZÀ-ÖØ-Þ]{2,})+\b|\b[A-ZÀ-ÖØ-Þ]{4,}\b")
_EXCLAMATION = re.compile(r"!{2,}")
_ACRONYM_TEXT = (
    "AOW WW WMO ZAV CV BSN IBAN KVK GGD UWV VVE BTW HR ICT OV NS VVE NB PS BV NV TV WOZ DUO SVB CAK CJIB"
    " CBR BRP WIA WAO ANW IOAW EU NL UK GB OK WC LED PDF URL SMS FAQ ASAP RSVP DIY NHS PTO ID TBC AM PM"
)
_ACRONYMS = frozenset(_ACRONYM_TEXT.split())

def _shouts(words: list[str]) -> bool:
    """Do these capitalised words shout? Known acronyms ("AOW", "WMO") never do; short codes ("CV",
    "NB") do not either, unless three or more capitalised words stand in a row ("NU NIET DOEN")."""
    if all(word in _ACRONYMS for word in words):
        return False
    short_or_known = all(word in _ACRONYMS or len(word) <= 3 for word in words)
    run = len(words) >= 2 and sum(len(word) >= 2 for word in words) >= 3
    return not short_or_known or run


def shouting(context: DraftContext) -> list[Hit]:
    """Words in capitals and runs of exclamation marks in the body."""
    said = context.lexicon.messages[GUIDELINE]
    caps_message, exclamation_message, suggestion = said["capitals"], said["exclamations"], said["suggestion"]
    hits: list[Hit] = []
    if not (_CAPS_RUN.search(context.text) or "!!" in context.text):
        return hits
    for index, sentence in context.body_sentences():
        for match in _CAPS_RUN.finditer(sentence.text):
            if not _shouts([w for w in re.split(r"[\s,]+", match.group()) if w]):
                continue
            start = sentence.start + match.start()
            hits.append(Hit(GUIDELINE, start, start + len(match.group()),
                            caps_message.replace("{match}", match.group()), suggestion, kind="caps", sentence=index))
        for match in _EXCLAMATION.finditer(sentence.text):
            start = sentence.start + match.start()
            hits.append(Hit(GUIDELINE, start, start + len(match.group()),
                            exclamation_message.replace("{match}", match.group()), suggestion, kind="exclamation",
                            sentence=index))
    return hits


def check(context: DraftContext) -> CheckResult:
    hits = rule_hits(context, GUIDELINE) + shouting(context)
    weight = sum(hit.weight for hit in hits)
    if weight >= 1.0:
        return CheckResult(GUIDELINE, "issue", hits=hits)
    return CheckResult(GUIDELINE, "ok", strength=1.0 if not hits else 0.5)
