"""Review -> Adaptive Card (version 1.5, as Microsoft Teams renders it), plus help, welcome and "why" cards.

Every card speaks one language: the draft's for a review, the user's for help and welcome. Cards
stay well inside Teams' message limit (about 28 KB for the whole activity): long texts are cut at
a word boundary and say so, and a review with very many findings lists the first ones and counts
the rest, so Teams never rejects a reply.
"""

from __future__ import annotations

import json
from typing import Any

from bot.review.model import GUIDELINE_IDS, Finding, Review
from bot.review.rubric import guideline, guidelines
from bot.review.summary import first_issue

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
# Teams refuses activities over ~28 KB; the card gets this much so that the envelope always fits.
MAX_CARD_BYTES = 24_000
# What a card button sends back (Action.Submit data), so handlers can tell our buttons apart.
ACTION_KEY = "aandacht"

Card = dict[str, Any]

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "score": "Toonscore",
        "summary_ok": "Alle richtlijnen zijn in orde. Mooi zo.",
        "summary_one": "1 richtlijn verdient aandacht.",
        "summary_many": "{n} richtlijnen verdienen aandacht.",
        "guidelines": "Richtlijnen",
        "ok": "in orde",
        "issue": "aandacht nodig",
        "n/a": "niet van toepassing",
        "findings": "Wat beter kan",
        "missing": "Ontbreekt",
        "instead": "Probeer",
        "rewrite": "Warmere versie",
        "rewrite_hint": "Feiten en besluit blijven gelijk; pas aan waar nodig en kopieer.",
        "rewrite_same": "Je concept is al warm; ik heb niets te verbeteren.",
        "rewrite_cut": "… (ingekort): de rest past niet op één kaart.",
        "more_issue_one": "Nog 1 richtlijn op de kaart.",
        "more_issues": "Nog {n} richtlijnen op de kaart.",
        "why": "Waarom?",
        "useful": "Nuttig",
        "not_useful": "Niet nuttig",
        "another": "Nog een versie",
        "shortened": "… (ingekort)",
        "more_findings": "En nog {n} punten; pas eerst deze aan en check opnieuw.",
        "engine_llm": "Beoordeeld met een taalmodel.",
        "engine_offline": "Beoordeeld met de vaste regels (zonder taalmodel).",
        "title": "Toon checken",
        "team_tip": "Tip van je team",
        "why_heading": "{label}: waarom dit telt",
    },
    "en": {
        "score": "Tone score",
        "summary_ok": "Every guideline is fine. Well done.",
        "summary_one": "1 guideline needs attention.",
        "summary_many": "{n} guidelines need attention.",
        "guidelines": "Guidelines",
        "ok": "fine",
        "issue": "needs attention",
        "n/a": "not applicable",
        "findings": "What could be better",
        "missing": "Missing",
        "instead": "Try",
        "rewrite": "Warmer version",
        "rewrite_hint": "Facts and decision stay the same; adjust where needed and copy.",
        "rewrite_same": "Your draft is already warm; I have nothing to improve.",
        "rewrite_cut": "… (shortened): the rest does not fit on one card.",
        "more_issue_one": "1 more guideline on the card.",
        "more_issues": "{n} more guidelines on the card.",
        "why": "Why?",
        "useful": "Useful",
        "not_useful": "Not useful",
        "another": "Another version",
        "shortened": "… (shortened)",
        "more_findings": "And {n} more points; fix these first and check again.",
        "engine_llm": "Reviewed with a language model.",
        "engine_offline": "Reviewed with the fixed rules (no language model).",
        "title": "Check tone",
        "team_tip": "Your team's tip",
        "why_heading": "{label}: why this matters",
    },
}

MARKS = {"ok": "✅", "issue": "⚠️", "n/a": "➖"}


def t(lang: str, key: str, **values: Any) -> str:
    text = TEXTS.get(lang, TEXTS["nl"])[key]
    return text.format(**values) if values else text


def shorten(text: str, limit: int, lang: str) -> str:
    """``text`` cut to about ``limit`` characters at a word boundary, visibly marked as shortened."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:") + " " + t(lang, "shortened")


def card(body: list[dict], actions: list[dict] | None = None, fallback: str = "") -> Card:
    """An Adaptive Card 1.5 envelope; ``msteams.width`` Full gives the review room in a chat."""
    content: Card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
        "msteams": {"width": "Full"},
    }
    if actions:
        content["actions"] = actions
    if fallback:
        content["fallbackText"] = fallback
    return content


def attachment(content: Card) -> dict[str, Any]:
    """The attachment Teams expects for an Adaptive Card in a message or a task module."""
    return {"contentType": CARD_CONTENT_TYPE, "content": content}


def text_block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def submit(title: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Action.Submit", "title": title, "data": {ACTION_KEY: data.pop("action"), **data}}


def card_bytes(content: Card) -> int:
    return len(json.dumps(content, ensure_ascii=False).encode("utf-8"))


def _score_color(score: int) -> str:
    """The same bands as the Slack card's bar (green from 80, yellow from 50), so a score means one thing."""
    return "Good" if score >= 80 else "Warning" if score >= 50 else "Attention"


def _distinct(findings: list[Finding]) -> list[tuple[Finding, int]]:
    """Each finding once with how often it occurs: a long draft repeats "heer/mevrouw" and its advice."""
    counted: dict[tuple[str, str, str], list] = {}
    for finding in findings:
        key = (finding.guideline, " ".join((finding.quote or "").split()), finding.suggestion)
        counted.setdefault(key, [finding, 0])[1] += 1
    return [(finding, count) for finding, count in counted.values()]


def _cut_words(text: str, limit: int) -> str:
    """``text`` up to about ``limit`` characters, ending after a whole word, with "…" if cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:\n") + " …"


def _rewrite_lines(rewrite: str) -> list[dict[str, Any]]:
    """The warmer version line by line, as literal text that copies as written.

    A TextBlock reads markdown, where a single line break is not kept (the signature runs into the
    closing line) and ``*`` or ``_`` in a letter would turn into italics; a TextRun shows text as
    it is. A blank line becomes space above the next line, so paragraphs stay visible.
    """
    blocks: list[dict[str, Any]] = []
    gap = False
    for line in rewrite.strip().split("\n"):
        if not line.strip():
            gap = True
            continue
        blocks.append({"type": "RichTextBlock", "spacing": "Medium" if gap and blocks else "None",
                       "inlines": [{"type": "TextRun", "text": line.rstrip()}]})
        gap = False
    return blocks


def _finding_container(finding: Finding, lang: str, text_limit: int, tip: str | None,
                       count: int = 1, why: bool = True) -> dict[str, Any]:
    name = guideline(finding.guideline).label(lang)
    items: list[dict[str, Any]] = [text_block(f"{MARKS['issue']} {name}", weight="Bolder")]
    if finding.quote:
        times = f" ({count}×)" if count > 1 else ""
        items.append(text_block(f"“{shorten(finding.quote, text_limit, lang)}”{times}", isSubtle=True,
                                spacing="Small"))
    else:
        items.append(text_block(f"{t(lang, 'missing')}:", isSubtle=True, spacing="Small"))
    items.append(text_block(shorten(finding.message, text_limit, lang), spacing="Small"))
    items.append(text_block(f"**{t(lang, 'instead')}:** {shorten(finding.suggestion, text_limit, lang)}",
                            spacing="Small"))
    if tip:
        items.append(text_block(f"**{t(lang, 'team_tip')}:** {shorten(tip, text_limit, lang)}", spacing="Small"))
    if why:  # one "Waarom?" per guideline: the explanation is the same for each of its findings
        items.append({
            "type": "ActionSet",
            "actions": [submit(t(lang, "why"), {"action": "why", "guideline": finding.guideline, "lang": lang})],
        })
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def review_card(review: Review, *, tips: dict[str, str] | None = None, another: str | None = None) -> Card:
    """The review as an Adaptive Card in the draft's language, always within ``MAX_CARD_BYTES``.

    ``tips`` are the team's own coaching tips by guideline (from the store, scoped by tenant); each
    is shown once, under the first finding of its guideline. ``another``: the packed draft
    (:func:`bot.present.packing.encode_draft`); adds "Nog een versie" (only with a language model).

    First try everything at full length; if that is too big, cut the long texts harder and show
    fewer findings (saying how many more there are) until it fits.
    """
    for text_limit, rewrite_limit, max_findings in (
        (1_000, 6_000, 20), (500, 3_000, 12), (300, 1_500, 7), (160, 700, 4), (100, 300, 2),
    ):
        content = _review_card(review, text_limit, rewrite_limit, max_findings, tips or {}, another)
        if card_bytes(content) <= MAX_CARD_BYTES:
            return content
    return content


def _review_card(review: Review, text_limit: int, rewrite_limit: int, max_findings: int,
                 tips: dict[str, str], another: str | None = None) -> Card:
    lang = review.language
    issues = review.issues()
    summary = (t(lang, "summary_ok") if not issues else t(lang, "summary_one") if len(issues) == 1
               else t(lang, "summary_many", n=len(issues)))
    body: list[dict[str, Any]] = [
        {
            "type": "ColumnSet",
            "columns": [
                {"type": "Column", "width": "auto", "verticalContentAlignment": "Center", "items": [
                    text_block(f"{review.score}/100", size="ExtraLarge", weight="Bolder",
                               color=_score_color(review.score)),
                ]},
                {"type": "Column", "width": "stretch", "verticalContentAlignment": "Center", "items": [
                    text_block(t(lang, "score"), weight="Bolder"),
                    text_block(summary, spacing="None", isSubtle=True),
                ]},
            ],
        },
        text_block(t(lang, "guidelines"), weight="Bolder", separator=True, spacing="Medium"),
        {
            "type": "FactSet",
            "facts": [
                {"title": f"{MARKS[review.verdicts.get(gid, 'n/a')]} {guideline(gid).label(lang)}",
                 "value": t(lang, review.verdicts.get(gid, "n/a"))}
                for gid in GUIDELINE_IDS
            ],
        },
    ]
    findings = _distinct(list(review.findings))
    if findings:
        body.append(text_block(t(lang, "findings"), weight="Bolder", separator=True, spacing="Medium"))
        seen: set[str] = set()
        for finding, count in findings[:max_findings]:
            first = finding.guideline not in seen
            seen.add(finding.guideline)
            tip = tips.get(finding.guideline) if first else None
            body.append(_finding_container(finding, lang, text_limit, tip, count, why=first))
        if len(findings) > max_findings:
            body.append(text_block(t(lang, "more_findings", n=len(findings) - max_findings), isSubtle=True))
    if not issues and not findings:  # nothing to improve: say so rather than repeat the draft
        body.append(text_block(t(lang, "rewrite_same"), separator=True, spacing="Medium"))
    elif review.rewrite and review.rewrite.strip():
        body.append(text_block(t(lang, "rewrite"), weight="Bolder", separator=True, spacing="Medium"))
        body.append({
            "type": "Container",
            "style": "emphasis",
            "bleed": False,
            "items": _rewrite_lines(_cut_words(review.rewrite.strip(), rewrite_limit)),
        })
        if len(review.rewrite.strip()) > rewrite_limit:  # said outside the letter, so a copy holds none of it
            body.append(text_block(t(lang, "rewrite_cut"), isSubtle=True, size="Small", spacing="Small"))
        body.append(text_block(t(lang, "rewrite_hint"), isSubtle=True, size="Small", spacing="Small"))
    notes = [shorten(note, text_limit, lang) for note in review.notes[:5]]
    notes.append(t(lang, "engine_llm" if review.engine == "llm" else "engine_offline"))
    body.append(text_block(" ".join(notes), isSubtle=True, size="Small", separator=True))
    feedback = {"guidelines": issues, "score": review.score, "engine": review.engine, "lang": lang}
    actions = [
        submit(t(lang, "useful"), {"action": "feedback", "useful": True, **feedback}),
        submit(t(lang, "not_useful"), {"action": "feedback", "useful": False, **feedback}),
    ]
    if another and (issues or findings):
        actions.insert(0, submit(t(lang, "another"), {"action": "another", "draft": another, "lang": lang}))
    return card(body, actions, fallback=f"{t(lang, 'score')} {review.score}/100. {summary}")


def review_summary(review: Review) -> str:
    """One line for notifications and chat lists, where Teams shows no card: score and what to fix first."""
    lang = review.language
    head = f"{t(lang, 'score')} {review.score}/100."
    issues = review.issues()
    if not issues:
        return f"{head} {t(lang, 'summary_ok')}"
    first = first_issue(review)
    rule = first.guideline
    detail = f"“{shorten(first.quote, 80, lang)}” → {first.advice}" if first.quote else first.advice
    line = f"{head} {MARKS['issue']} {rule.label(lang)}: {shorten(detail, 220, lang)}"
    if len(issues) == 2:
        line += " " + t(lang, "more_issue_one")
    elif len(issues) > 2:
        line += " " + t(lang, "more_issues", n=len(issues) - 1)
    return line


HELP = {
    "nl": {
        "title": "Aandacht helpt je warmer schrijven aan huurders",
        "intro": "Plak hier je conceptreactie aan een huurder. Je krijgt een toonscore, wat beter kan "
                 "(met de woorden uit je eigen tekst) en een warmere versie die de feiten en het besluit "
                 "bewaart.",
        "how": "Zo gebruik je mij",
        "ways": [
            ("Chat", "Stuur je concept in deze chat; de beoordeling komt als antwoord."),
            ("Kanaal of groepschat", "Noem @Aandacht en zet je concept erachter."),
            ("Op een bericht", "Kies bij een bericht … › Meer acties › Toon checken."),
            ("Tips", "Typ tip voor een tip van je team, tip help voor meer."),
        ],
        "rubric": "Waar ik op let",
        "example_title": "Probeer het eens met",
        "example": "Uw verzoek is afgewezen conform het beleid. Zie het huurdersportaal.",
        "privacy": "Ik bewaar je tekst niet.",
    },
    "en": {
        "title": "Aandacht helps you write warmer replies to tenants",
        "intro": "Paste your draft reply to a tenant here. You get a tone score, what could be better (in "
                 "the words of your own text) and a warmer version that keeps the facts and the decision.",
        "how": "How to use me",
        "ways": [
            ("Chat", "Send your draft in this chat; the review comes as a reply."),
            ("Channel or group chat", "Mention @Aandacht and put your draft after it."),
            ("On a message", "Choose … › More actions › Check tone on any message."),
            ("Tips", "Type tip for a tip from your team, tip help for more."),
        ],
        "rubric": "What I look at",
        "example_title": "Try it with",
        "example": "Your request has been rejected in accordance with policy. See the tenant portal.",
        "privacy": "I do not keep your text.",
    },
}


def help_card(lang: str, *, welcome: bool = False, notice: str | None = None) -> Card:
    """How to use the bot and what it looks at, in ``lang``; ``welcome`` adds a greeting line first."""
    lang = lang if lang in HELP else "nl"
    texts = HELP[lang]
    body: list[dict[str, Any]] = []
    if notice:
        body.append(text_block(notice, weight="Bolder", color="Attention"))
    if welcome:
        body.append(text_block("Welkom!" if lang == "nl" else "Welcome!", size="Large", weight="Bolder"))
    body += [
        text_block(texts["title"], size="Medium", weight="Bolder"),
        text_block(texts["intro"]),
        text_block(texts["how"], weight="Bolder", separator=True, spacing="Medium"),
        {"type": "FactSet", "facts": [{"title": way, "value": what} for way, what in texts["ways"]]},
        text_block(texts["rubric"], weight="Bolder", separator=True, spacing="Medium"),
        {"type": "FactSet", "facts": [
            {"title": g.label(lang), "value": g.direction.get(lang) or g.direction["nl"]}
            for g in guidelines().values()
        ]},
        text_block(f"{texts['example_title']}:", weight="Bolder", separator=True, spacing="Medium"),
        text_block(f"“{texts['example']}”", isSubtle=True),
        text_block(texts["privacy"], isSubtle=True, size="Small"),
    ]
    return card(body, fallback=texts["title"])


def why_card(guideline_id: str, lang: str) -> Card:
    """The longer explanation behind a guideline, for the "Waarom?" / "Why?" button."""
    g = guideline(guideline_id)
    lang = lang if lang in ("nl", "en") else "nl"
    body = [
        text_block(t(lang, "why_heading", label=g.label(lang)), size="Medium", weight="Bolder"),
        text_block(g.why.get(lang) or g.why["nl"]),
        text_block(g.explain.get(lang) or g.explain["nl"], spacing="Medium"),
    ]
    return card(body, fallback=g.label(lang))


def notice_card(text: str) -> Card:
    """A short message as a card (input the engine cannot review, a failure)."""
    return card([text_block(text)], fallback=text)


THANKS = {
    "nl": {True: "Dank je! Fijn dat het helpt.", False: "Dank je, dit helpt ons de beoordeling te verbeteren."},
    "en": {True: "Thank you! Glad it helps.", False: "Thank you, this helps us improve the review."},
}


def thanks_text(lang: str, useful: bool) -> str:
    return THANKS.get(lang, THANKS["nl"])[bool(useful)]
