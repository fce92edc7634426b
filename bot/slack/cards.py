"""``Review`` -> Block Kit, and the app's other views (help, the "Waarom?" modal, App Home).

Everything here is a pure function from data to dicts: no Web API, no state. Every payload stays
inside Slack's limits (3,000 characters per text, 50 blocks per message, 100 per view); long text
is shortened visibly with "…" rather than being rejected by Slack.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from bot.present.card import ReviewCard, chunks, clip, points
from bot.review.model import GUIDELINE_IDS, Review
from bot.review.rubric import guideline, guidelines
from bot.review.score import band
from bot.slack.texts import text

MAX_TEXT = 3000
MAX_FIELD = 2000
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_PRIVATE_METADATA = 3000
REWRITE_CHUNK = 2800
REWRITE_CHUNKS = 3

ACTION_WHY = "aandacht_why"
ACTION_USEFUL = "aandacht_useful"
ACTION_NOT_USEFUL = "aandacht_not_useful"
ACTION_ANOTHER = "aandacht_another"
CARD_ACTIONS_BLOCK = "aandacht_card_actions"
ACTION_OPEN_DRAFT = "aandacht_open_draft"
REVIEW_MODAL = "aandacht_review"
WHY_MODAL = "aandacht_why_modal"
DRAFT_MODAL = "aandacht_draft_modal"
DRAFT_BLOCK, DRAFT_INPUT = "aandacht_draft", "draft"
TENANT_BLOCK, TENANT_INPUT = "aandacht_tenant", "tenant_message"

MARK = {"ok": "✅", "issue": "⚠️", "n/a": "➖"}

Tips = Mapping[str, tuple[str, str]]
"""One coaching tip per guideline id: (tip text, author name), from the team's tips (bot.coaching)."""


def escape(value: str) -> str:
    """Slack's mrkdwn escapes, so that a draft's ``<!channel>`` or ``<@U1>`` stays text."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(value: str) -> dict:
    return {"type": "mrkdwn", "text": clip(value, MAX_TEXT)}


def plain(value: str, limit: int = MAX_TEXT) -> dict:
    return {"type": "plain_text", "text": clip(value, limit), "emoji": True}


def section(value: str, **extra: object) -> dict:
    return {"type": "section", "text": mrkdwn(value), **extra}


def context(*values: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(v) for v in values[:10]]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {"type": "button", "text": plain(label, 75), "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


BAR = {"warm": "🟩", "mid": "🟨", "cold": "🟥"}
"""The rubric's bands (bot.review.score.band) as the colour of the score bar."""


def score_line(review: Review) -> str:
    """``62/100`` with a ten-cell bar coloured by how warm the draft reads."""
    filled = max(0, min(10, round(review.score / 10)))
    cell = BAR[band(review.score)]
    return f"*{review.score}/100*  {cell * filled}{'⬜' * (10 - filled)}  {_score_word(review)}"


def _score_word(review: Review) -> str:
    """One word for the score band, the same on the card and in the notification."""
    return text(f"score_word_{band(review.score)}", review.language)


def feedback_value(review: Review) -> str:
    """What a feedback click needs: the language and the guidelines with an issue — never text."""
    return json.dumps({"l": review.language, "g": review.issues()}, separators=(",", ":"))


def _finding_lines(review: Review, gid: str) -> list[str]:
    """The points of one guideline (bot.present.card.points): the draft's words that share a
    suggestion on one quote line, a repeated quote with a count, the advice once. At most six, so
    one guideline cannot fill the card."""
    lines: list[str] = []
    for point in [p for p in points(list(review.findings)) if p.guideline == gid][:6]:
        if point.quotes:
            shown = [clip(q, 300) + (f" ({n}×)" if n > 1 else "") for q, n in point.quotes.items()]
            lines.append(f"> {escape(clip('  ·  '.join(shown), 600))}")
        else:
            lines.append(f"_{escape(clip(point.message, 300))}_")
        lines.append(f"→ {escape(clip(point.suggestion, 500))}")
    return lines


def _issue_section(review: Review, gid: str) -> dict:
    lang = review.language
    rule = guideline(gid)
    head = f"{MARK['issue']} *{rule.label(lang)}* — {escape(rule.why.get(lang) or rule.why['nl'])}"
    lines = _finding_lines(review, gid) or [f"→ {escape(rule.direction.get(lang) or rule.direction['nl'])}"]
    return section(
        clip("\n".join([head, *lines]), MAX_TEXT),
        block_id=f"aandacht_issue_{gid}",
        accessory=button(text("why", lang), ACTION_WHY, f"{gid}|{lang}"),
    )


def _rewrite_blocks(review: Review) -> list[dict]:
    """The warmer version in code blocks (one click selects it all), in chunks under the text limit."""
    lang = review.language
    if not review.issues():
        return [section(text("rewrite_same", lang))]
    body = review.rewrite.strip().replace("```", "'''")
    if not body:  # a model that sent no rewrite: no heading over nothing
        return []
    pieces = chunks(body, REWRITE_CHUNK, REWRITE_CHUNKS)
    return [section(f"*{text('rewrite', lang)}*")] + [section(f"```{escape(c)}```") for c in pieces]


def build_review_blocks(
    review: Review,
    tips: Tips | None = None,
    *,
    another_version: str | None = None,
    pending: str | None = None,
    with_feedback: bool = True,
    tenant_context: bool = False,
    max_blocks: int = MAX_MESSAGE_BLOCKS,
) -> list[dict]:
    """The review card.

    ``tips``: one tip per guideline id, shown under that guideline when it has an issue.
    ``another_version``: the packed draft (:func:`bot.present.packing.encode_draft`); adds "Nog een versie" — pass it
    only when a language model is configured. ``pending``: a text key shown while the model reads.
    """
    lang = review.language
    blocks: list[dict] = [
        {"type": "header", "text": plain(text("card_title", lang), 150)},
        section(score_line(review)),
    ]
    remarks = [escape(note) for note in review.notes if note.strip()]
    if tenant_context:
        remarks.append(text("tenant_context", lang))
    if remarks:
        blocks.append(context(*(clip(r, 1000) for r in remarks)))
    fields = []
    for gid in GUIDELINE_IDS:
        verdict = review.verdicts.get(gid, "n/a")
        label = guideline(gid).label(lang)
        suffix = f" _({text('not_applicable', lang)})_" if verdict == "n/a" else ""
        fields.append(mrkdwn(f"{MARK[verdict]} {label}{suffix}"))
    blocks.append({"type": "section", "text": mrkdwn(f"*{text('guidelines', lang)}*"), "fields": fields})
    issues = review.issues()
    if issues:
        blocks.append({"type": "divider"})
    for gid in issues:
        blocks.append(_issue_section(review, gid))
        if tips and gid in tips:
            tip_text, author = tips[gid]
            blocks.append(context(f"💡 *{escape(text('tip_from', lang, author=author))}:* {escape(clip(tip_text, 600))}"))
    blocks.append({"type": "divider"})
    blocks.extend(_rewrite_blocks(review))
    elements = []
    if with_feedback:
        value = feedback_value(review)
        elements += [button(text("useful", lang), ACTION_USEFUL, value),
                     button(text("not_useful", lang), ACTION_NOT_USEFUL, value)]
    if another_version:
        elements.append(button(text("another", lang), ACTION_ANOTHER, another_version, style="primary"))
    if elements:
        blocks.append({"type": "actions", "block_id": CARD_ACTIONS_BLOCK, "elements": elements})
    footer = [text("engine_llm" if review.engine == "llm" else "engine_offline", lang)]
    if pending:
        footer.insert(0, text(pending, lang))
    blocks.append(context(*footer))
    return fit_blocks(blocks, max_blocks)


def fit_blocks(blocks: list[dict], max_blocks: int) -> list[dict]:
    """At most ``max_blocks``: keep the head and the last two (buttons and footer), drop the middle."""
    if len(blocks) <= max_blocks:
        return blocks
    return blocks[: max_blocks - 3] + [context("…")] + blocks[-2:]


def review_text(review: Review) -> str:
    """The fallback Slack shows in notifications and to screen readers: score and the first issue.

    A notification shows one line, so it names what to fix first (the guideline, the draft's own
    words and the suggestion) rather than a list of labels, and counts the rest.
    """
    head = f"{text('card_title', review.language)}: {review.score}/100, {_score_word(review)}."
    return escape(ReviewCard.from_review(review).notification(head))


def review_message(review: Review, tips: Tips | None = None, **options: object) -> dict:
    """``text`` and ``blocks`` for chat.postMessage, chat.postEphemeral or a response_url."""
    return {"text": review_text(review), "blocks": build_review_blocks(review, tips, **options)}


def modal(title: str, blocks: list[dict], lang: str, *, callback_id: str, private_metadata: str = "") -> dict:
    view = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "close": plain(text("close", lang), 24),
        "blocks": fit_blocks(blocks, MAX_VIEW_BLOCKS),
    }
    if private_metadata and len(private_metadata) <= MAX_PRIVATE_METADATA:
        view["private_metadata"] = private_metadata
    return view


def review_modal(review: Review, tips: Tips | None = None, *, private_metadata: str = "", **options: object) -> dict:
    blocks = build_review_blocks(review, tips, max_blocks=MAX_VIEW_BLOCKS, **options)
    return modal(text("modal_title", review.language), blocks, review.language,
                 callback_id=REVIEW_MODAL, private_metadata=private_metadata)


def busy_modal(lang: str) -> dict:
    """Opened at once on the shortcut (the trigger id lives 3 s); replaced by the review."""
    return modal(text("modal_title", lang), [section(text("busy", lang))], lang, callback_id=REVIEW_MODAL)


def message_modal(message: str, lang: str) -> dict:
    return modal(text("modal_title", lang), [section(escape(message))], lang, callback_id=REVIEW_MODAL)


def why_modal(gid: str, lang: str) -> dict:
    """The "Waarom?" modal: the guideline's reason and the longer explanation from the rubric."""
    rule = guideline(gid)
    blocks = [
        {"type": "header", "text": plain(rule.label(lang), 150)},
        section(escape(rule.why.get(lang) or rule.why["nl"])),
        section(escape(rule.explain.get(lang) or rule.explain["nl"])),
        context(f"→ {escape(rule.direction.get(lang) or rule.direction['nl'])}"),
    ]
    return modal(text("why_title", lang), blocks, lang, callback_id=WHY_MODAL)


def draft_input_modal(lang: str) -> dict:
    """A modal to paste a draft (and, optionally, the tenant's message) into, opened from App Home."""
    def text_input(block_id: str, action_id: str, label: str, optional: bool) -> dict:
        return {
            "type": "input", "block_id": block_id, "optional": optional, "label": plain(label, 2000),
            "element": {"type": "plain_text_input", "action_id": action_id, "multiline": True, "max_length": 3000},
        }

    view = modal(text("modal_title", lang), [
        text_input(DRAFT_BLOCK, DRAFT_INPUT, text("draft_label", lang), False),
        text_input(TENANT_BLOCK, TENANT_INPUT, text("tenant_label", lang), True),
    ], lang, callback_id=DRAFT_MODAL, private_metadata=lang)
    view["submit"] = plain(text("submit", lang), 24)
    return view


def notice_message(message: str) -> dict:
    """A short kind answer (help, nothing to review, a failure) as text plus one block."""
    return {"text": clip(message, MAX_TEXT), "blocks": [section(clip(message, MAX_TEXT))]}


def help_message(lang: str) -> dict:
    return notice_message(text("help", lang))


def rubric_lines(lang: str) -> str:
    """The rubric in plain words: each guideline's name and why, one line each."""
    return "\n".join(
        f"• *{g.label(lang)}*: {g.why.get(lang) or g.why['nl']}" for g in guidelines().values()
    )


def home_view(lang: str, extra_blocks: Sequence[dict] = ()) -> dict:
    """App Home: how to use, the rubric, an example; then blocks from providers (team insights)."""
    blocks = [
        {"type": "header", "text": plain(text("home_title", lang), 150)},
        section(text("home_intro", lang)),
        section(text("help", lang), accessory=button(text("open_draft", lang), ACTION_OPEN_DRAFT, lang, "primary")),
        {"type": "divider"},
        section(f"*{text('home_rubric', lang)}*\n{rubric_lines(lang)}"),
        {"type": "divider"},
        section(f"*{text('home_example', lang)}*\n{text('home_example_text', lang)}"),
        context(text("home_privacy", lang)),
    ]
    room = MAX_VIEW_BLOCKS - len(blocks)
    return {"type": "home", "blocks": blocks + list(extra_blocks)[:room]}
