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

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.review.model import GUIDELINE_IDS
from bot.review.rubric import guideline as rubric_guideline
from bot.slack import cards
from bot.slack.delivery import post_to_response_url
from bot.slack.listeners.tips import Coaching, ack_now, coaching_of, localised, reply
from bot.store.repository import K_ANONYMITY, Counts, MyData, StoreError, TeamWeek

if TYPE_CHECKING:
    from bot.slack.services import HomeContext, ReviewEvent, SlackServices

log = logging.getLogger("aandacht.insights")

ACTION_MY_DATA = "insights_my_data"
ACTION_ERASE = "insights_erase"
OWN_WEEKS = 8  # the own trend compares the last four weeks with the four before
TEAM_WEEKS = 6

TEXTS: dict[str, dict[str, str]] = {
    "own_title": {"nl": "Jouw ontwikkeling", "en": "Your progress"},
    "own_none": {
        "nl": "Nog geen beoordelingen in de afgelopen {weeks} weken. Probeer `/toon` met je volgende reactie.",
        "en": "No reviews in the past {weeks} weeks yet. Try `/toon` with your next reply.",
    },
    "own_line": {
        "nl": "• *{guideline}*: de laatste 4 weken {issues} van {reviews} keer een punt{before}{trend}",
        "en": "• *{guideline}*: last 4 weeks an issue in {issues} of {reviews} reviews{before}{trend}",
    },
    "own_before": {"nl": " (daarvoor {issues} van {reviews})", "en": " (before: {issues} of {reviews})"},
    "better": {"nl": " — :arrow_upper_right: beter", "en": " — :arrow_upper_right: improving"},
    "worse": {"nl": " — :arrow_lower_right: let hier op", "en": " — :arrow_lower_right: worth a look"},
    "steady": {"nl": " — gelijk", "en": " — steady"},
    "own_privacy": {
        "nl": "Alleen jij ziet dit. Bewaard worden alleen aantallen per week en richtlijn, onder een code "
        "in plaats van je naam, nooit je tekst. Na {months} maanden worden ze gewist.",
        "en": "Only you see this. Only counts per week and guideline are kept, under a code instead of "
        "your name, never your text. They are erased after {months} months.",
    },
    "team_title": {"nl": "Je team per week", "en": "Your team per week"},
    "team_legend": {
        "nl": "Per week: beoordelingen met een punt / alle beoordelingen. `·` = minder dan {k} mensen die "
        "week, of de week loopt nog: niet getoond, zodat niemand herkenbaar is.",
        "en": "Per week: reviews with an issue / all reviews. `·` = fewer than {k} people that week, or the "
        "week is not over yet: not shown, so that nobody can be singled out.",
    },
    "team_hidden": {
        "nl": "Nog geen afgelopen week met minstens {k} verschillende mensen. Zodra {k} collega's in een "
        "week Aandacht gebruikten, zie je na die week hier de cijfers van je team.",
        "en": "No finished week with at least {k} different people yet. Once {k} colleagues used Aandacht "
        "in a week, your team's figures appear here after that week.",
    },
    "feedback": {"nl": "Nuttig / niet nuttig per richtlijn: {counts}", "en": "Useful / not useful per "
                 "guideline: {counts}"},
    "week": {"nl": "wk", "en": "wk"},
    "my_data": {"nl": "Mijn gegevens", "en": "My data"},
    "erase": {"nl": "Wis mijn gegevens", "en": "Erase my data"},
    "erase_confirm_title": {"nl": "Gegevens wissen?", "en": "Erase your data?"},
    "erase_confirm": {
        "nl": "Dit wist je eigen cijfers en haalt je naam van de tips en planningen die je maakte. De tips "
        "zelf blijven voor je team staan; een teamleider kan ze verwijderen.",
        "en": "This erases your own figures and takes your name off the tips and schedules you made. The "
        "tips stay for your team; a team lead can remove them.",
    },
    "erase_yes": {"nl": "Wissen", "en": "Erase"},
    "cancel": {"nl": "Annuleren", "en": "Cancel"},
    "data_title": {"nl": "Wat er over jou bewaard is", "en": "What is stored about you"},
    "data_tips": {"nl": "*Tips die je deelde ({count})*, met je naam:", "en": "*Tips you shared ({count})*, "
                  "with your name:"},
    "data_schedules": {"nl": "*Tip van de week die je plande*: {channels}",
                       "en": "*Tip of the week you scheduled*: {channels}"},
    "data_trend": {
        "nl": "*Je eigen cijfers*: {weeks} week/weken, per richtlijn het aantal beoordelingen en punten "
        "({rows} regels), onder een code in plaats van je naam.",
        "en": "*Your own figures*: {weeks} week(s), per guideline the number of reviews and issues "
        "({rows} rows), under a code instead of your name.",
    },
    "data_nothing": {"nl": "Er is niets over jou bewaard.", "en": "Nothing about you is stored."},
    "data_never": {
        "nl": "Nooit bewaard: je concepten, berichten van huurders, en wie op Nuttig of Niet nuttig klikte.",
        "en": "Never stored: your drafts, tenants' messages, and who clicked Useful or Not useful.",
    },
    "erased": {
        "nl": "Gewist: je eigen cijfers ({trend} regels). Je naam is gehaald van {tips} tip(s) en "
        "{schedules} planning(en).",
        "en": "Erased: your own figures ({trend} rows). Your name is taken off {tips} tip(s) and "
        "{schedules} schedule(s).",
    },
    "close": {"nl": "Sluiten", "en": "Close"},
}


def t(key: str, lang: str, **values: Any) -> str:
    return localised(TEXTS, key, lang, **values)


def label(gid: str, lang: str) -> str:
    return rubric_guideline(gid).label(lang)


# ---- counting reviews


def review_observer(coaching: Coaching):
    async def record(event: ReviewEvent) -> None:
        """Count the shown review: its verdicts only; the draft never gets here."""
        if event.team_id and event.user_id:
            await coaching.call("record_review", event.team_id, event.user_id, dict(event.review.verdicts))

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
    erase = cards.button(t("erase", lang), ACTION_ERASE, lang, "danger")
    erase["confirm"] = {
        "title": cards.plain(t("erase_confirm_title", lang), 100),
        "text": cards.plain(t("erase_confirm", lang), 300),
        "confirm": cards.plain(t("erase_yes", lang), 30),
        "deny": cards.plain(t("cancel", lang), 30),
        "style": "danger",
    }
    return {"type": "actions", "block_id": "insights_data_rights",
            "elements": [cards.button(t("my_data", lang), ACTION_MY_DATA, lang), erase]}


async def home_blocks(coaching: Coaching, home: HomeContext) -> list[dict]:
    lang = home.lang
    trend = await coaching.call("user_trend", home.team_id, home.user_id, weeks=OWN_WEEKS)
    months = coaching.settings.insight_retention_months
    blocks = [
        {"type": "divider"},
        {"type": "header", "text": cards.plain(t("own_title", lang), 150)},
        cards.section(own_trend_text(trend, lang)),
        cards.context(t("own_privacy", lang, months=months)),
        data_buttons(lang),
    ]
    if await coaching.leads.is_lead(home.client, home.user_id):
        weeks = await coaching.call("team_insights", home.team_id, weeks=TEAM_WEEKS)
        feedback = dict(await coaching.counts(home.team_id)) if any(w.shown for w in weeks) else {}
        blocks += team_blocks(weeks, feedback, lang)
    return blocks


# ---- data rights


def my_data_blocks(data: MyData, lang: str) -> list[dict]:
    blocks: list[dict] = [cards.section(f"*{t('data_title', lang)}*")]
    if data.tips:
        lines = [f"• #{tip.id}: {cards.escape(cards.clip(tip.text, 150))}" for tip in data.tips[:30]]
        blocks.append(cards.section(t("data_tips", lang, count=len(data.tips)) + "\n" + "\n".join(lines)))
    if data.schedules:
        channels = ", ".join(f"<#{s.channel}>" for s in data.schedules)
        blocks.append(cards.section(t("data_schedules", lang, channels=channels)))
    if data.trend:
        rows = sum(len(week) for week in data.trend.values())
        blocks.append(cards.section(t("data_trend", lang, rows=rows, weeks=len(data.trend))))
    if not (data.tips or data.schedules or data.trend):
        blocks.append(cards.section(t("data_nothing", lang)))
    blocks.append(cards.context(t("data_never", lang)))
    return blocks


async def my_data_reply(coaching: Coaching, team_id: str, user_id: str, lang: str) -> dict:
    data = await coaching.call("my_data", team_id, user_id)
    return {"response_type": "ephemeral", "text": t("data_title", lang),
            "blocks": my_data_blocks(data, lang) + [data_buttons(lang)]}


async def erase_reply(coaching: Coaching, team_id: str, user_id: str, lang: str) -> dict:
    erased = await coaching.call("erase_my_data", team_id, user_id)
    return reply(t("erased", lang, trend=erased.trend_rows, tips=erased.tips_anonymised,
                   schedules=erased.schedules_anonymised))


def info_modal(title: str, blocks: list[dict], lang: str) -> dict:
    return {"type": "modal", "title": cards.plain(title, 24), "close": cards.plain(t("close", lang), 24),
            "blocks": blocks}


def _lang(body: dict) -> str:
    value = ((body.get("actions") or [{}])[0]).get("value")
    return value if value in ("nl", "en") else "nl"


async def handle_my_data(body: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    coaching = coaching_of(context["services"])
    lang, user = _lang(body), (body.get("user") or {}).get("id", "")
    team_id = context.team_id or (body.get("team") or {}).get("id", "")
    try:
        blocks = my_data_blocks(await coaching.call("my_data", team_id, user), lang)
    except StoreError as error:
        blocks = [cards.section(error.message(lang))]
    if body.get("response_url"):
        await post_to_response_url(body["response_url"], {"response_type": "ephemeral", "replace_original": False,
                                                          "text": t("data_title", lang), "blocks": blocks})
    else:
        await client.views_open(trigger_id=body["trigger_id"], view=info_modal(t("my_data", lang), blocks, lang))


async def handle_erase(body: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    services = context["services"]
    coaching = coaching_of(services)
    lang, user = _lang(body), (body.get("user") or {}).get("id", "")
    team_id = context.team_id or (body.get("team") or {}).get("id", "")
    try:
        message = await erase_reply(coaching, team_id, user, lang)
    except StoreError as error:
        message = reply(error.message(lang))
    if body.get("response_url"):
        await post_to_response_url(body["response_url"], {**message, "replace_original": True})
        return
    await client.views_open(trigger_id=body["trigger_id"], view=info_modal(t("my_data", lang), message["blocks"], lang))
    if (body.get("view") or {}).get("type") == "home":  # show the emptied trend at once
        from bot.slack.listeners.events import handle_app_home_opened

        await handle_app_home_opened({"user": user, "tab": "home"}, client, context)


# ---- plug-in hooks


def extend(services: SlackServices) -> None:
    coaching = coaching_of(services)
    services.review_observers.append(review_observer(coaching))

    async def provide(home: HomeContext) -> list[dict]:
        try:
            return await home_blocks(coaching, home)
        except StoreError as error:
            return [{"type": "divider"}, cards.context(error.message(home.lang))]

    services.home_blocks.append(provide)


def register(app: AsyncApp) -> None:
    app.action(ACTION_MY_DATA)(ack=ack_now, lazy=[handle_my_data])
    app.action(ACTION_ERASE)(ack=ack_now, lazy=[handle_erase])
