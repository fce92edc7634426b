"""Insights in App Home, review counts, data rights and retention, through the real HTTP handler."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from bot.slack import cards, insights
from bot.store.db import make_engine
from bot.store.repository import K_ANONYMITY
from tests.fakes.slack_api import TEAM_ID, block_problems, visible_text
from tests.slack.test_tips import COLD_NL, shown, slack_api, store_of, tip  # noqa: F401 - slack_api: the fake with roles


@pytest.fixture
async def bot(make_slack_bot, tmp_path):
    return await make_slack_bot(lead_ids="ULEAD", data_dir=tmp_path / "data")


def reviews_counted(bot) -> int:
    """All reviews counted so far in the bot's workspace (for every guideline it checked)."""
    engine = make_engine(bot.services.settings.effective_database_url)
    try:
        with engine.connect() as connection:
            total = connection.execute(text("SELECT SUM(reviews) FROM insight_counts WHERE workspace = :w"),
                                       {"w": TEAM_ID}).scalar()
        return int(total or 0)
    finally:
        engine.dispose()


async def review(bot, user: str) -> None:
    """``/toon`` a cold draft as ``user`` and wait until the shown review is counted."""
    before = reviews_counted(bot)
    mark = bot.api.mark()
    await bot.command("/toon", COLD_NL, user=user)
    await bot.api.wait("response_url", since=mark)
    for _ in range(200):  # the count is written right after the card is shown
        if reviews_counted(bot) > before:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the shown review was not counted")


async def home(bot, user: str) -> str:
    mark = bot.api.mark()
    await bot.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                     "event_ts": f"{time.time():.6f}"})
    [publish] = await bot.api.wait("views.publish", since=mark)
    assert block_problems(publish.blocks, max_blocks=100) == []
    return visible_text(publish.blocks)


def database_cells(tmp_path) -> str:
    store = store_of(tmp_path)
    cells = []
    with store.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            cells += [str(value) for row in connection.execute(text(f"SELECT * FROM {table}")) for value in row]
    store.close()
    return "\n".join(cells)


async def test_a_shown_review_is_counted_without_its_text_or_the_users_id(bot, tmp_path):
    await review(bot, "U1")
    store = store_of(tmp_path)
    [week] = store.user_trend(TEAM_ID, "U1", weeks=1).values()
    assert week["person_not_policy"].issues == 1
    store.close()
    stored = database_cells(tmp_path)
    for fragment in ("huurdersportaal", "keuken", "beleid", "Geachte", "U1"):
        assert fragment not in stored


async def test_each_person_sees_their_own_trend_in_app_home(bot):
    await review(bot, "U1")
    mine = await home(bot, "U1")
    assert "Jouw ontwikkeling" in mine and "de laatste 4 weken 1 van 1 keer een punt" in mine
    assert "Je team per week" not in mine  # staff see only their own figures
    theirs = await home(bot, "U2")
    assert "Nog geen beoordelingen" in theirs


async def test_english_speakers_get_english_insights(bot):
    bot.api.locales["U9"] = "en-GB"
    assert "Your progress" in await home(bot, "U9")


async def test_leads_see_no_team_figures_of_the_week_under_way(bot):
    for _ in range(3):
        await review(bot, "U1")  # one busy person is one person
    for user in ("U2", "U3", "U4"):
        await review(bot, user)
    hidden = await home(bot, "ULEAD")
    assert "Je team per week" in hidden and f"minstens {K_ANONYMITY} verschillende mensen" in hidden
    assert "6/6" not in hidden
    await review(bot, "U5")
    table = await home(bot, "ULEAD")
    assert "7/7" not in table and "minstens" in table  # five people, but the week is not over: still hidden
    assert table == hidden  # nothing in the difference of two views says what the fifth person wrote


async def test_feedback_counts_survive_a_restart(make_slack_bot, tmp_path):
    first = await make_slack_bot(data_dir=tmp_path / "data")
    payload = {"type": "block_actions", "trigger_id": "1.2.click", "response_url": first.api.response_url("fb"),
               "container": {"type": "message", "message_ts": "1.1", "is_ephemeral": True},
               "channel": {"id": "C0TEST"},
               "actions": [{"type": "button", "action_id": cards.ACTION_USEFUL, "block_id": "b", "action_ts": "1",
                            "value": json.dumps({"l": "nl", "g": ["hear", "respect"]})}]}
    mark = first.api.mark()
    await first.interaction(payload)
    await first.api.wait("response_url", since=mark)
    second = await make_slack_bot(data_dir=tmp_path / "data")
    assert await second.services.feedback.counts(TEAM_ID) == {"hear": (1, 0), "respect": (1, 0)}
    assert await second.services.feedback.counts("T0OTHER") == {}


async def test_a_person_sees_and_erases_their_data_with_tip_commands(bot):
    await review(bot, "ULEAD")
    await tip(bot, "add horen Mijn tip", user="ULEAD")
    _, mine = await tip(bot, "mijn-gegevens", user="ULEAD")
    assert "Tips die je deelde (1)" in shown(mine) and "Mijn tip" in shown(mine)
    assert "Je eigen cijfers" in shown(mine) and "Nooit bewaard: je concepten" in shown(mine)
    _, erased = await tip(bot, "wis-mijn-gegevens", user="ULEAD")
    assert "Gewist: je eigen cijfers (7 regels)" in shown(erased) and "van 1 tip en 0 planningen" in shown(erased)
    _, after = await tip(bot, "mijn-gegevens", user="ULEAD")
    assert "Er is niets over jou bewaard." in shown(after)
    _, still = await tip(bot, "", user="U1")
    assert "Mijn tip" in shown(still) and "Tip van een collega" in shown(still)  # the tip stays, nameless


async def test_english_data_commands(bot):
    bot.api.locales["U8"] = "en-US"
    _, mine = await tip(bot, "my-data", user="U8")
    assert "Nothing about you is stored." in shown(mine)


async def test_the_app_home_buttons_show_and_erase_my_data(bot):
    await review(bot, "U1")
    mark = bot.api.mark()
    where = {"view": {"id": "VHOME", "type": "home"}, "container": {"type": "view", "view_id": "VHOME"}}
    await bot.interaction({"type": "block_actions", "trigger_id": "5.5.data", **where,
                           "actions": [{"type": "button", "action_id": insights.ACTION_MY_DATA, "value": "nl",
                                        "block_id": "insights_data_rights", "action_ts": "1"}]})
    [opened] = await bot.api.wait("views.open", since=mark)
    assert block_problems(opened.blocks, max_blocks=100) == []
    assert "Je eigen cijfers" in visible_text(opened.blocks)

    mark = bot.api.mark()
    await bot.interaction({"type": "block_actions", "trigger_id": "5.6.erase", **where,
                           "actions": [{"type": "button", "action_id": insights.ACTION_ERASE, "value": "nl",
                                        "block_id": "insights_data_rights", "action_ts": "2"}]})
    [confirmed] = await bot.api.wait("views.open", since=mark)
    assert "Gewist" in visible_text(confirmed.blocks)
    [republished] = await bot.api.wait("views.publish", since=mark)
    assert "Nog geen beoordelingen" in visible_text(republished.blocks)


def test_the_erase_button_asks_for_confirmation_first():
    buttons = insights.data_buttons("nl")
    erase = next(b for b in buttons["elements"] if b["action_id"] == insights.ACTION_ERASE)
    assert erase["confirm"]["confirm"]["text"] == "Wissen" and erase["style"] == "danger"


async def test_counts_older_than_the_retention_setting_are_removed_when_the_server_starts(make_slack_bot, tmp_path):
    store = store_of(tmp_path)
    long_ago = datetime.now(UTC) - timedelta(days=120)
    store.record_review(TEAM_ID, "U1", {"hear": "issue"}, now=long_ago)
    store.record_review(TEAM_ID, "U1", {"hear": "ok"})
    store.close()
    await make_slack_bot(data_dir=tmp_path / "data", insight_retention_months=3)
    store = store_of(tmp_path)
    for _ in range(100):  # start-up tidies in the background, right after the migration
        remaining = store.my_data(TEAM_ID, "U1").trend
        if len(remaining) == 1:
            break
        await asyncio.sleep(0.05)
    assert len(remaining) == 1 and next(iter(remaining.values()))["hear"].issues == 0
    store.close()
