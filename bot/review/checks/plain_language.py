"""Plain language at level B1: everyday words, short sentences, active voice.

Catches officialese and jargon from the lexicon (swap lists such as "inzake" -> "over", "teneinde"
-> "om", "hereby", "pursuant to", and phrases such as "Hierbij bevestigen wij de ontvangst van",
"I regret to inform you"; including the plain-language pairs of the Nederlandse Stijlgids),
sentences longer than 25 words, and piles of passive voice ("wordt ... genomen", "is ...
geregistreerd", "has been scheduled"). One stray formal word is no issue; a draft is an issue when
the weight of these adds up. Why: officialese and long sentences make a letter hard to read and
distant.
"""

from __future__ import annotations

import re

from bot.review.checks.base import CheckResult, DraftContext, Hit, rule_hits
from bot.review.text import WORD_RE

GUIDELINE = "plain_language"
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
LONG_SENTENCE = 25
VERY_LONG_SENTENCE = 35
ISSUE_WEIGHT = 2.0

def swap_hits(context: DraftContext) -> list[Hit]:
    hits: list[Hit] = []
    body = context.body_sentences()
    if not body:
        return hits
    first, last = body[0][1].start, body[-1][1].end
    for swap in context.lexicon.swaps:
        # one pass over the text, then each match to its sentence (sentences never span a match's words)
        for match, replacement in swap.finditer(context.text, first, last):
            index = next((i for i, s in body if s.start <= match.start() and match.end() <= s.end), None)
            if index is not None:
                quote = match.group()
                start = match.start()
                hits.append(
                    Hit(GUIDELINE, start, start + len(quote),
                        swap.message.replace("{match}", quote).replace("{replacement}", replacement or "-"),
                        swap.suggestion.replace("{match}", quote).replace("{replacement}", replacement or "-"),
                        weight=1.0, kind="swap", sentence=index, replacement=replacement)
                )
    return hits


def check(context: DraftContext) -> CheckResult:
    said = context.lexicon.messages[GUIDELINE]
    long_message, long_suggestion = said["long"], said["long_suggestion"]
    passive_message, passive_suggestion = said["passive"], said["passive_suggestion"]
    hits = rule_hits(context, GUIDELINE) + swap_hits(context)
    passives = context.signal_matches("passive")
    for index, sentence in context.body_sentences():
        count = len(WORD_RE.findall(_PLACEHOLDER.sub("", sentence.text)))
        if count > LONG_SENTENCE:
            weight = 1.5 if count > VERY_LONG_SENTENCE else 1.0
            hits.append(Hit(GUIDELINE, sentence.start, sentence.end, long_message.replace("{n}", str(count)),
                            long_suggestion, weight=weight, kind="long", sentence=index))
    if len(passives) >= 3:
        first = context.sentences[passives[0]]
        hits.append(Hit(GUIDELINE, first.start, first.end, passive_message.replace("{n}", str(len(passives))),
                        passive_suggestion, weight=1.0, kind="passive", sentence=passives[0]))
    weight = sum(hit.weight for hit in hits)
    if weight >= ISSUE_WEIGHT:
        return CheckResult(GUIDELINE, "issue", hits=hits)
    return CheckResult(GUIDELINE, "ok", strength=1.0 if not hits else 0.5)
