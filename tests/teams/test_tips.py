"""`tip` commands in Teams: the same store as Slack, scoped by tenant; adding and removing for team leads."""

from __future__ import annotations

import aiohttp
import pytest

from tests.coaching.parity import ALIASES_ONCE_SPLIT
from tests.coaching.parity import label as parity_label
from tests.teams.conftest import RunningBot, make_settings, message, start_bot


@pytest.fixture
async def lead_bot(database_url):
    """Anonymous local server where the user aad-user-1 is a team lead (AANDACHT_LEAD_IDS)."""
    runner, url = await start_bot(make_settings(teams_anonymous_allowed=True, database_url=database_url,
                                                lead_ids="someone-else, aad-user-1"))
    async with aiohttp.ClientSession() as session:
        yield RunningBot(url, session)
    await runner.cleanup()


async def say(bot, connector, text: str, **kwargs) -> str:
    before = len(connector.messages())
    kwargs.setdefault("n", before + 1)
    await bot.post(message(connector, text, **kwargs))
    replies = await connector.wait_for_messages(before + 1)
    return replies[before].activity.get("text") or ""


async def test_lead_adds_a_tip_and_colleagues_get_it(lead_bot, connector):
    added = await say(lead_bot, connector, "tip toevoegen horen Noem in de eerste zin waar de huurder over schrijft.")
    assert "Tip #1 is opgeslagen" in added and "Horen" in added
    colleague = {"from": {"id": "29:user-2", "name": "Kees", "aadObjectId": "aad-user-2"}}
    shown = await say(lead_bot, connector, "tip horen", **colleague)
    assert "Noem in de eerste zin waar de huurder over schrijft." in shown
    assert "Sanne de Vries" in shown  # who shared it
    listed = await say(lead_bot, connector, "tip lijst", **colleague)
    assert "1. Noem in de eerste zin" in listed


async def test_tips_stay_within_their_tenant(lead_bot, connector):
    await say(lead_bot, connector, "tip add hear Start with what the tenant wrote.", locale="en-US")
    elsewhere = {"conversation": {"id": "a:other", "conversationType": "personal", "tenantId": "tenant-2"},
                 "channelData": {"tenant": {"id": "tenant-2"}}}
    shown = await say(lead_bot, connector, "tip", locale="en-US", **elsewhere)
    assert "no tips yet" in shown and "Start with what the tenant wrote" not in shown


async def test_only_team_leads_add_or_remove_tips(bot, connector, database_url):
    refused = await say(bot, connector, "tip toevoegen Bel de huurder terug.")
    assert "doen teamleiders" in refused and "AANDACHT_LEAD_IDS" in refused
    assert "nog geen tips" in await say(bot, connector, "tip")


async def test_lead_removes_a_tip(lead_bot, connector):
    await say(lead_bot, connector, "tip add Sign with your own name.", locale="en-US")
    assert "Tip #1 is removed." == await say(lead_bot, connector, "tip remove 1", locale="en-US")
    assert "no tips yet" in await say(lead_bot, connector, "tip", locale="en-US")


async def test_tip_help_lists_the_commands_and_guidelines(bot, connector):
    shown = await say(bot, connector, "tip help")
    assert "tip lijst" in shown and "tip week hier maandag" in shown and "nee met zorg" in shown


async def test_a_draft_that_mentions_tips_is_still_reviewed(bot, connector):
    await bot.post(message(connector, "Tips voor uw tuin: u mag de heg zelf snoeien. Met vriendelijke groet, Sanne"))
    [reply] = await connector.wait_for_messages(1)
    assert reply.activity.get("attachments")  # a review card, not a tip answer


async def test_my_data_shows_and_erases_what_is_kept_about_me(lead_bot, connector):
    await say(lead_bot, connector, "tip toevoegen horen Noem wat de huurder schreef.")
    before = len(connector.messages())
    await lead_bot.post(message(connector, "Uw verzoek is afgewezen conform het beleid.", n=50))
    await connector.wait_for_messages(before + 1)  # a review, counted for this person
    for _ in range(50):  # the count is written just after the card is sent
        shown = await say(lead_bot, connector, "tip mijn-gegevens")
        if "Je eigen cijfers: 1 week" in shown:
            break
    assert "Tips die je deelde (1)" in shown and "Je eigen cijfers: 1 week" in shown
    erased = await say(lead_bot, connector, "tip wis-mijn-gegevens")
    assert "Gewist:" in erased
    after = await say(lead_bot, connector, "tip mijn-gegevens")
    assert "Er is niets over jou bewaard." in after
    assert "(een collega)" not in after
    assert "een collega" in await say(lead_bot, connector, "tip horen")  # the tip stays, without my name


async def test_bad_tip_input_gets_a_clear_answer_not_an_error(lead_bot, connector):
    nul = await say(lead_bot, connector, "tip toevoegen horen Lees eerst\x00 de melding")
    assert "onzichtbare tekens" in nul and "mis" not in nul
    huge = await say(lead_bot, connector, "tip verwijder 99999999999999999999")
    assert "99999999999999999999" in huge and "mis" not in huge


@pytest.mark.parametrize(("alias", "guideline"), sorted(ALIASES_ONCE_SPLIT.items()))
async def test_the_tip_words_of_slack_work_in_teams_too(lead_bot, connector, alias, guideline):
    saved = await say(lead_bot, connector, f"tip toevoegen {alias} Lees eerst de melding.")
    assert f"bij **{parity_label(guideline)}**" in saved


async def test_a_lead_plans_the_tip_of_the_week_in_a_teams_channel_and_it_is_posted_there(connector, tmp_path):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from bot.store.repository import Store
    from bot.store.tip_of_week import TipOfTheWeek
    from bot.teams.app import TEAMS_HANDLERS

    url = f"sqlite:///{tmp_path / 'aandacht.db'}"
    runner, address = await start_bot(make_settings(teams_anonymous_allowed=True, database_url=url,
                                                    lead_ids="aad-user-1"))
    channel = {"conversation_type": "channel", "conversation_id": "19:klantcontact@thread.tacv2;messageid=1701"}
    async with aiohttp.ClientSession() as session:
        bot = RunningBot(address, session)
        await say(bot, connector, "tip toevoegen horen Noem eerst wat de huurder schreef.", **channel)
        planned = await say(bot, connector, "tip week hier maandag 9", **channel)
        assert "Elke **maandag** om 9:00" in planned and "dit kanaal" in planned
        assert "dit kanaal: elke maandag om 9:00" in await say(bot, connector, "tip week", **channel)

        amsterdam = ZoneInfo("Europe/Amsterdam")
        today = datetime.now(amsterdam)
        next_monday_nine = (today + timedelta(days=7 - today.weekday())).replace(hour=9, minute=0)
        store = Store.open(url)
        assert store.list_schedules(surface="slack") == []  # Slack's loop leaves it alone
        handlers = runner.app[TEAMS_HANDLERS]
        weekly = TipOfTheWeek(store, handlers.post_tip_of_the_week, clock=lambda: next_monday_nine, surface="teams")
        before = len(connector.messages())
        assert await weekly.tick() == [("tenant-1", "19:klantcontact@thread.tacv2")]
        [post] = (await connector.wait_for_messages(before + 1))[before:]
        assert post.conversation_id == "19:klantcontact@thread.tacv2"  # the channel, not the reply thread
        assert "Tip van de week" in post.activity["text"] and "Noem eerst wat de huurder schreef." in post.activity["text"]
        assert await weekly.tick() == []  # once a week
        assert "De tip van de week is gestopt (1 kanaal)." == await say(bot, connector, "tip week uit", **channel)
        store.close()
    await runner.cleanup()


async def test_a_channel_named_by_hand_in_teams_gets_the_teams_way_to_plan_the_weekly_tip(lead_bot, connector):
    answer = await say(lead_bot, connector, "tip week #klantcontact maandag")
    assert "tip week hier maandag 9" in answer and "Slack" not in answer
