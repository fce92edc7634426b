"""Team insights in App Home, the counts behind them, and each person's data rights.

- Every review shown is counted (never its text): per workspace, ISO week and guideline, how many
  reviews checked the guideline and how many found an issue; and the same for the person, under an
  HMAC of their user id (their own trend).
- App Home shows each person their own recent trend per guideline. Team leads also see the team's
  counts per guideline per week, but only for weeks in which at least five different people
  contributed (k-anonymity): with fewer, a lead could tell whose drafts the figures are about.
- "Mijn gegevens" / "My data" (App Home button, or ``/tip mijn-gegevens``) shows what is stored about
  the person; "Wis mijn gegevens" / "Erase my data" erases it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.coaching.service import Coaching
from bot.coaching.texts import erased_text
from bot.locale import say
from bot.review.model import GUIDELINE_IDS
from bot.review.rubric import guideline as rubric_guideline
from bot.slack import cards
from bot.slack.delivery import post_to_response_url
from bot.store.repository import K_ANONYMITY, Counts, MyData, StoreError, TeamWeek

if TYPE_CHECKING:
    from bot.slack.coaching import Leads
    from bot.slack.services import HomeContext, ReviewEvent, SlackServices

log = logging.getLogger("aandacht.insights")

ACTION_MY_DATA = "insights_my_data"
ACTION_ERASE = "insights_erase"
OWN_WEEKS = 8  # the own trend compares the last four weeks with the four before
TEAM_WEEKS = 6

def t(key: str, lang: str, /, count: int | None = None, **values: Any) -> str:
    """A sentence of App Home's insights (``insights.*``) or of the data rights (``data.*``)."""
    return say(key if key.startswith("data.") else f"insights.{key}", lang, count, **values)


def label(gid: str, lang: str) -> str:
    return rubric_guideline(gid).label(lang)


# ---- counting reviews


def review_observer(coaching: Coaching):
    async def record(event: ReviewEvent) -> None:
        """Count the shown review: its verdicts only; the draft never gets here."""
        if event.team_id and event.user_id:
            await coaching.record_review(event.team_id, event.user_id, event.review.verdicts)

    return record


# ---- the own trend


def _sum(weeks: list[dict[str, Counts]], gid: str) -> Counts:
    reviews = sum(week.get(gid, Counts()).reviews for week in weeks)
    issues = sum(week.get(gid, Counts()).issues for week in weeks)
    return Counts(reviews, issues)


def own_trend_text(trend: dict[int, dict[str, Counts]], lang: str) -> str:
    """Per guideline: the last four weeks against the four before, in plain words."""
    weeks = [trend[key] for key in sorted(trend)]
    recent, before = weeks[-4:], weeks[:-4]
    lines = []
    for gid in GUIDELINE_IDS:
        now, then = _sum(recent, gid), _sum(before, gid)
        if not now.reviews:
            continue
        comparison = direction = ""
        if then.reviews:
            comparison = t("own_before", lang, issues=then.issues, reviews=then.reviews)
            change = now.issues / now.reviews - then.issues / then.reviews
            direction = t("better" if change < -0.05 else "worse" if change > 0.05 else "steady", lang)
        lines.append(t("own_line", lang, guideline=label(gid, lang), issues=now.issues, reviews=now.reviews,
                       before=comparison, trend=direction))
    return "\n".join(lines) if lines else t("own_none", lang, weeks=OWN_WEEKS)


# ---- the team's figures (leads)


def team_table(weeks: list[TeamWeek], lang: str) -> str:
    """A fixed-width table: guidelines down, weeks across; hidden weeks show ``·``."""
    width = max(len(label(gid, lang)) for gid in GUIDELINE_IDS) + 2
    header = " " * width + "".join(f"{t('week', lang)}{week.week % 100:>3}".rjust(8) for week in weeks)
    rows = [header]
    for gid in GUIDELINE_IDS:
        cells = []
        for week in weeks:
            if not week.shown:
                cells.append("·")
            else:
                counts = week.counts.get(gid)
                cells.append(f"{counts.issues}/{counts.reviews}" if counts and counts.reviews else "–")
        rows.append(label(gid, lang).ljust(width) + "".join(cell.rjust(8) for cell in cells))
    return "```\n" + "\n".join(rows) + "\n```"


def team_blocks(weeks: list[TeamWeek], feedback: dict[str, tuple[int, int]], lang: str) -> list[dict]:
    blocks: list[dict] = [{"type": "divider"}, {"type": "header", "text": cards.plain(t("team_title", lang), 150)}]
    if not any(week.shown for week in weeks):
        return blocks + [cards.section(t("team_hidden", lang, k=K_ANONYMITY))]
    blocks.append(cards.section(team_table(weeks, lang)))
    blocks.append(cards.context(t("team_legend", lang, k=K_ANONYMITY)))
    shown = [f"{label(gid, lang)} {up}/{down}" for gid, (up, down) in feedback.items() if gid in GUIDELINE_IDS]
    if shown:
        blocks.append(cards.context(t("feedback", lang, counts=" · ".join(shown))))
    return blocks


# ---- App Home


def data_buttons(lang: str) -> dict:
    erase = cards.button(t("data.erase", lang), ACTION_ERASE, lang, "danger")
    erase["confirm"] = {
        "title": cards.plain(t("data.erase_confirm_title", lang), 100),
        "text": cards.plain(t("data.erase_confirm", lang), 300),
        "confirm": cards.plain(t("data.erase_yes", lang), 30),
        "deny": cards.plain(t("data.cancel", lang), 30),
        "style": "danger",
    }
    return {"type": "actions", "block_id": "insights_data_rights",
            "elements": [cards.button(t("data.my_data", lang), ACTION_MY_DATA, lang), erase]}


async def home_blocks(coaching: Coaching, leads: Leads, home: HomeContext) -> list[dict]:
    lang = home.lang
    trend = await coaching.user_trend(home.team_id, home.user_id, OWN_WEEKS)
    months = coaching.retention_months
    blocks = [
        {"type": "divider"},
        {"type": "header", "text": cards.plain(t("own_title", lang), 150)},
        cards.section(own_trend_text(trend, lang)),
        cards.context(t("own_privacy", lang, months=months)),
        data_buttons(lang),
    ]
    if await leads.is_lead(home.client, home.user_id):
        weeks = await coaching.team_insights(home.team_id, TEAM_WEEKS)
        feedback = dict(await coaching.counts(home.team_id)) if any(w.shown for w in weeks) else {}
        blocks += team_blocks(weeks, feedback, lang)
    return blocks


# ---- data rights


def my_data_blocks(data: MyData, lang: str) -> list[dict]:
    blocks: list[dict] = [cards.section(f"*{t('data.title', lang)}*")]
    if data.tips:
        lines = [f"• #{tip.id}: {cards.escape(cards.clip(tip.text, 150))}" for tip in data.tips[:30]]
        blocks.append(cards.section(t("data.tips", lang, len(data.tips)) + "\n" + "\n".join(lines)))
    if data.schedules:
        channels = ", ".join(f"<#{s.channel}>" for s in data.schedules)
        blocks.append(cards.section(t("data.schedules", lang, channels=channels)))
    if data.trend:
        rows = sum(len(week) for week in data.trend.values())
        blocks.append(cards.section(t("data.trend", lang, len(data.trend), rows=rows)))
    if not (data.tips or data.schedules or data.trend):
        blocks.append(cards.section(t("data.nothing", lang)))
    blocks.append(cards.context(t("data.never", lang)))
    return blocks


def my_data_message(data: MyData, lang: str) -> dict:
    return {"response_type": "ephemeral", "text": t("data.title", lang),
            "blocks": my_data_blocks(data, lang) + [data_buttons(lang)]}


def reply(message: str) -> dict:
    return {"response_type": "ephemeral", "text": message, "blocks": [cards.section(message)]}


async def ack_now(ack: AsyncAck) -> None:
    await ack()


def info_modal(title: str, blocks: list[dict], lang: str) -> dict:
    return {"type": "modal", "title": cards.plain(title, 24), "close": cards.plain(t("data.close", lang), 24),
            "blocks": blocks}


def _lang(body: dict) -> str:
    value = ((body.get("actions") or [{}])[0]).get("value")
    return value if value in ("nl", "en") else "nl"


async def handle_my_data(body: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    coaching = context["services"].coaching()
    lang, user = _lang(body), (body.get("user") or {}).get("id", "")
    team_id = context.team_id or (body.get("team") or {}).get("id", "")
    try:
        blocks = my_data_blocks(await coaching.my_data(team_id, user), lang)
    except StoreError as error:
        blocks = [cards.section(error.message(lang))]
    if body.get("response_url"):
        await post_to_response_url(body["response_url"], {"response_type": "ephemeral", "replace_original": False,
                                                          "text": t("data.title", lang), "blocks": blocks})
    else:
        await client.views_open(trigger_id=body["trigger_id"], view=info_modal(t("data.my_data", lang), blocks, lang))


async def handle_erase(body: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    services = context["services"]
    coaching = services.coaching()
    lang, user = _lang(body), (body.get("user") or {}).get("id", "")
    team_id = context.team_id or (body.get("team") or {}).get("id", "")
    try:
        message = reply(erased_text(await coaching.erase(team_id, user), lang))
    except StoreError as error:
        message = reply(error.message(lang))
    if body.get("response_url"):
        await post_to_response_url(body["response_url"], {**message, "replace_original": True})
        return
    await client.views_open(trigger_id=body["trigger_id"], view=info_modal(t("data.my_data", lang), message["blocks"], lang))
    if (body.get("view") or {}).get("type") == "home":  # show the emptied trend at once
        from bot.slack.listeners.events import handle_app_home_opened

        await handle_app_home_opened({"user": user, "tab": "home"}, client, context)


# ---- plug-in hooks


def extend(services: SlackServices) -> None:
    coaching, leads = services.coaching(), services.leads()
    services.review_observers.append(review_observer(coaching))

    async def provide(home: HomeContext) -> list[dict]:
        try:
            return await home_blocks(coaching, leads, home)
        except StoreError as error:
            return [{"type": "divider"}, cards.context(error.message(home.lang))]

    services.home_blocks.append(provide)


def register(app: AsyncApp) -> None:
    app.action(ACTION_MY_DATA)(ack=ack_now, lazy=[handle_my_data])
    app.action(ACTION_ERASE)(ack=ack_now, lazy=[handle_erase])
