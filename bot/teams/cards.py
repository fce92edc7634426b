"""Review -> Adaptive Card (version 1.5, as Microsoft Teams renders it), plus help, welcome and "why" cards.

Every card speaks one language: the draft's for a review, the user's for help and welcome. Cards
stay well inside Teams' message limit (about 28 KB for the whole activity): long texts are cut at
a word boundary and say so, and a review with very many findings lists the first ones and counts
the rest, so Teams never rejects a reply.
"""

from __future__ import annotations

import json
from typing import Any

from bot.locale import say
from bot.present.card import MARKS, Point, ReviewCard, clip
from bot.review.model import Review
from bot.review.rubric import guideline, guidelines

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
# Teams refuses activities over ~28 KB; the card gets this much so that the envelope always fits.
MAX_CARD_BYTES = 24_000
# What a card button sends back (Action.Submit data), so handlers can tell our buttons apart.
ACTION_KEY = "aandacht"

Card = dict[str, Any]

def t(lang: str, key: str, **values: Any) -> str:
    """The Teams app's sentence ``key`` (``teams.*`` in bot/locale) in ``lang``."""
    return say(f"teams.{key}", lang, **values)


def shorten(text: str, limit: int, lang: str) -> str:
    """``text`` cut to about ``limit`` characters at a word boundary, visibly marked as shortened."""
    return clip(text, limit, " " + t(lang, "shortened"))


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


COLOURS = {"warm": "Good", "mid": "Warning", "cold": "Attention"}
"""The rubric's bands (bot.review.score.band) as Adaptive Card colours, as the Slack card's bar shows them."""


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


def _point_container(point: Point, lang: str, text_limit: int, tip: str | None,
                     why: bool = True) -> dict[str, Any]:
    name = guideline(point.guideline).label(lang)
    items: list[dict[str, Any]] = [text_block(f"{MARKS['issue']} {name}", weight="Bolder")]
    if point.quotes:
        quoted = "  ·  ".join(f"“{shorten(quote, text_limit, lang)}”" + (f" ({count}×)" if count > 1 else "")
                              for quote, count in point.quotes.items())
        items.append(text_block(shorten(quoted, 2 * text_limit, lang), isSubtle=True, spacing="Small"))
    else:
        items.append(text_block(f"{t(lang, 'missing')}:", isSubtle=True, spacing="Small"))
    items.append(text_block(shorten(point.message, text_limit, lang), spacing="Small"))
    items.append(text_block(f"**{t(lang, 'instead')}:** {shorten(point.suggestion, text_limit, lang)}",
                            spacing="Small"))
    if tip:
        items.append(text_block(f"**{t(lang, 'team_tip')}:** {shorten(tip, text_limit, lang)}", spacing="Small"))
    if why:  # one "Waarom?" per guideline: the explanation is the same for each of its findings
        items.append({
            "type": "ActionSet",
            "actions": [submit(t(lang, "why"), {"action": "why", "guideline": point.guideline, "lang": lang})],
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
    view = ReviewCard.from_review(review)
    lang, issues, summary = view.lang, view.issues, view.summary()
    body: list[dict[str, Any]] = [
        {
            "type": "ColumnSet",
            "columns": [
                {"type": "Column", "width": "auto", "verticalContentAlignment": "Center", "items": [
                    text_block(f"{review.score}/100", size="ExtraLarge", weight="Bolder",
                               color=COLOURS[view.band]),
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
                {"title": f"{row.mark} {row.guideline.label(lang)}", "value": t(lang, row.verdict)}
                for row in view.rows
            ],
        },
    ]
    findings = view.points
    if findings:
        body.append(text_block(t(lang, "findings"), weight="Bolder", separator=True, spacing="Medium"))
        seen: set[str] = set()
        for point in findings[:max_findings]:
            first = point.guideline not in seen
            seen.add(point.guideline)
            tip = tips.get(point.guideline) if first else None
            body.append(_point_container(point, lang, text_limit, tip, why=first))
        if len(findings) > max_findings:
            body.append(text_block(t(lang, "more_findings", n=len(findings) - max_findings), isSubtle=True))
    if view.nothing_to_improve:  # nothing to improve: say so rather than repeat the draft
        body.append(text_block(t(lang, "rewrite_same"), separator=True, spacing="Medium"))
    elif view.rewrite:
        body.append(text_block(t(lang, "rewrite"), weight="Bolder", separator=True, spacing="Medium"))
        body.append({
            "type": "Container",
            "style": "emphasis",
            "bleed": False,
            "items": _rewrite_lines(clip(view.rewrite, rewrite_limit, " …")),
        })
        if len(view.rewrite) > rewrite_limit:  # said outside the letter, so a copy holds none of it
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
    view = ReviewCard.from_review(review)
    head = f"{t(view.lang, 'score')} {review.score}/100."
    return view.notification(head) if view.issues else f"{head} {view.summary()}"


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


def thanks_text(lang: str, useful: bool) -> str:
    return t(lang, "thanks_useful" if useful else "thanks_not_useful")
