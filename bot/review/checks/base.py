"""The lexicon rules' findings in a draft's body, for the checks; the context itself is in
``bot.review.context``."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from bot.review.context import _SALUTATION, CheckResult, DraftContext, Hit, content_stems

__all__ = ["_SALUTATION", "CheckResult", "DraftContext", "Hit", "content_stems", "rule_hits"]


def rule_hits(context: DraftContext, guideline: str) -> list[Hit]:
    """Findings of the lexicon rules of ``guideline`` in the body sentences (cached per draft).

    Each rule runs once over the body (one sentence per line); a match is credited to its sentence,
    at most one per rule and sentence, unless the rule's ``unless`` matches that sentence or the
    words stand in quotation marks (the tenant's own words, or what a colleague said).
    """
    cached = context.rule_cache.get(guideline)
    if cached is not None:
        return [replace(hit) for hit in cached]
    hits: list[Hit] = []
    body_text = context.body_text()
    if body_text:
        quoted = context.quoted_spans()
        line_starts = context.line_starts()
        for rule in context.lexicon.rules_for(guideline):
            done: set[int] = set()
            pattern, lowered = rule.body_pattern
            for match in pattern.finditer(context.lower_body() if lowered else body_text):
                if match.end() == match.start() or "\n" in match.group():
                    continue
                line = bisect_right(line_starts, match.start()) - 1
                index = context.body[line]
                if index in done:
                    continue
                sentence = context.sentences[index]
                if rule.unless(sentence.text):
                    done.add(index)
                    continue
                local = match.start() - line_starts[line]
                if any(a <= local and local + match.end() - match.start() <= b for a, b in quoted.get(index, ())):
                    continue
                words = body_text[match.start() : match.end()]
                quote = words.strip()
                begin = sentence.start + local + (len(words) - len(words.lstrip()))
                hits.append(
                    Hit(
                        guideline=guideline,
                        start=begin,
                        end=begin + len(quote),
                        message=rule.message.replace("{match}", quote),
                        suggestion=rule.suggestion.replace("{match}", quote),
                        weight=rule.weight,
                        kind=rule.kind,
                        rule=rule,
                        sentence=index,
                    )
                )
                done.add(index)
    context.rule_cache[guideline] = [replace(hit) for hit in hits]
    return hits
