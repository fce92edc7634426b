"""``/tip`` and the ``share_tip`` shortcut through the real HTTP handler, with signed requests.

Team leads here: ULEAD (AANDACHT_LEAD_IDS), UGROUP (member of the AANDACHT_LEAD_GROUP user group,
asked from the fake Slack) and UADMIN (a workspace admin per users.info). Everyone else is staff.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from bot.slack import tip_of_week
from bot.slack.listeners import tips
from bot.store.repository import MAX_TIP_CHARS, Store
from bot.store.tip_of_week import TipOfTheWeek
from tests.coaching.parity import ALIASES_ONCE_SPLIT
from tests.coaching.parity import label as parity_label
from tests.fakes.slack_api import TEAM_ID, FakeSlackApi, block_problems, visible_text
from tests.store.conftest import pg_schema_url  # noqa: F401 - a fresh PostgreSQL schema per test

COLD_NL = (
    "Geachte heer/mevrouw,\n\nUw verzoek om vervanging van de keuken is afgewezen. "
    "Dat is ons beleid: keukens worden conform de regels pas na 20 jaar vervangen. "
    "Wij verwijzen u naar het huurdersportaal voor meer informatie. U had dit overigens "
    "zelf kunnen nalezen.\n\nMet vriendelijke groet,\nTeam Klantcontact"
)


class RolesSlackApi(FakeSlackApi):
    """The shared fake, plus an admin, a lead user group, display names and time zones."""

    def answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "usergroups.users.list":
            members = {"SLEADS": ["UGROUP"]}.get(body.get("usergroup"))
            return {"ok": True, "users": members} if members is not None else {"ok": False, "error": "no_such_subteam"}
        answer = super().answer(method, body)
        if method == "users.info":
            user = answer["user"]
            user["is_admin"] = user["id"] == "UADMIN"
            user["tz"] = "Europe/Amsterdam"
            user["profile"] = {"real_name": f"Naam {user['id']}", "display_name": f"Lead {user['id']}"}
        return answer


@pytest.fixture
def slack_api():
    fake = RolesSlackApi().start()
    yield fake
    fake.stop()


@pytest.fixture
async def tip_bot(make_slack_bot, tmp_path):
    return await make_slack_bot(lead_ids="ULEAD", lead_group="SLEADS", data_dir=tmp_path / "data")


def store_of(tmp_path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'data' / 'aandacht.db'}")


async def tip(bot, words: str, *, user: str = "U1", team: str = TEAM_ID, channel: str = "C0TEST"):
    """``/tip words`` as Slack sends it; returns (ack, the private reply)."""
    mark = bot.api.mark()
    form = {
        "token": "legacy", "team_id": team, "team_domain": "test", "channel_id": channel,
        "channel_name": "klantcontact", "user_id": user, "user_name": "sanne", "command": "/tip",
        "text": words, "api_app_id": "A0TEST", "is_enterprise_install": "false",
        "response_url": bot.api.response_url(f"tip{mark}"), "trigger_id": f"{mark}.1.test",
    }
    ack = await bot.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded")
    [answer] = await bot.api.wait("response_url", since=mark)
    assert answer.body["response_type"] == "ephemeral"
    assert block_problems(answer.blocks) == []
    assert not bot.api.calls_to("chat.postMessage", since=mark)  # never for the whole channel
    return ack, answer


def shown(answer) -> str:
    return answer.body["text"] + "\n" + visible_text(answer.blocks)


async def test_a_lead_adds_a_tip_and_staff_see_it(tip_bot):
    ack, saved = await tip(tip_bot, "add horen Noem eerst wat de huurder schreef.", user="ULEAD")
    assert ack.status == 200 and ack.body == "" and ack.seconds < 1.0
    assert "Tip #1 is opgeslagen bij *Horen*" in shown(saved)
    _, seen = await tip(tip_bot, "", user="U1")
    assert "Noem eerst wat de huurder schreef." in shown(seen)
    assert "Tip van Lead ULEAD" in shown(seen)  # the lead's display name from users.info


@pytest.mark.parametrize(("user", "locale", "words"), [
    ("U2", "nl-NL", "doen teamleiders"),
    ("U3", "en-GB", "is for team leads"),
])
async def test_staff_who_try_to_change_tips_get_a_kind_explanation_and_nothing_changes(
    tip_bot, tmp_path, user, locale, words
):
    tip_bot.api.locales[user] = locale
    await tip(tip_bot, "add Een tip van de lead", user="ULEAD")
    for attempt in ("add horen Mijn eigen tip", "remove 1", "edit 1 gewijzigd", "week hier maandag"):
        _, answer = await tip(tip_bot, attempt, user=user)
        assert words in shown(answer)
    store = store_of(tmp_path)
    assert [t.text for t in store.list_tips(TEAM_ID)] == ["Een tip van de lead"]
    assert store.list_schedules(TEAM_ID) == []
    store.close()


@pytest.mark.parametrize("lead", ["ULEAD", "UGROUP", "UADMIN"])
async def test_leads_come_from_settings_the_user_group_and_admins(tip_bot, lead):
    _, answer = await tip(tip_bot, "add Onderteken met je naam.", user=lead)
    assert "is opgeslagen" in shown(answer)


async def test_the_lead_group_is_asked_from_slack_once_and_then_cached(tip_bot):
    for n in range(3):
        _, answer = await tip(tip_bot, f"add Tip {n}", user="UGROUP")
        assert "is opgeslagen" in shown(answer)
    [asked] = tip_bot.api.calls_to("usergroups.users.list")
    assert asked.body["usergroup"] == "SLEADS"


async def test_tips_by_guideline_list_and_remove(tip_bot):
    await tip(tip_bot, "add nee met zorg Zeg wat wel kan.", user="ULEAD")
    await tip(tip_bot, "add [heldere taal] Schrijf 'als' in plaats van 'indien'.", user="ULEAD")
    _, answer = await tip(tip_bot, "explain a no with care")
    assert "Zeg wat wel kan." in shown(answer) and "indien" not in shown(answer)
    _, listed = await tip(tip_bot, "list heldere taal")
    assert "#2" in shown(listed) and "indien" in shown(listed) and "Zeg wat wel kan" not in shown(listed)
    _, empty = await tip(tip_bot, "volgende stap")
    assert "Voor *Volgende stap* is er nog geen tip" in shown(empty)
    _, removed = await tip(tip_bot, "remove #1", user="ULEAD")
    assert "Tip #1 is verwijderd" in shown(removed)
    _, listed = await tip(tip_bot, "list")
    assert "Zeg wat wel kan" not in shown(listed) and "indien" in shown(listed)


async def test_slack_markup_in_a_tip_is_stored_as_plain_text(tip_bot):
    await tip(tip_bot, "add Lees <https://example.org/b1|de B1-lijst> &amp; schrijf &lt;kort&gt;", user="ULEAD")
    _, seen = await tip(tip_bot, "")
    assert "Lees de B1-lijst &amp; schrijf &lt;kort&gt;" in seen.body["text"]  # Slack shows & and <kort>


async def test_a_tip_never_reaches_slack_as_a_live_channel_or_mention(tip_bot):
    mark = tip_bot.api.mark()
    await tip(tip_bot, "add Lees &lt;!channel&gt; &lt;!here&gt; &lt;@U0BOSS&gt; eerst de melding", user="ULEAD")
    await tip(tip_bot, "")
    sent = [str(call.body) for call in tip_bot.api.since(mark)]
    for live in ("<!channel>", "<!here>", "<@U0BOSS>"):
        assert not any(live in body for body in sent)
    assert any("&lt;!channel&gt;" in body for body in sent)  # the words themselves are kept, as text


async def test_names_and_channels_in_an_escaped_tip_keep_their_names(tip_bot):
    """/tip has should_escape (so that /tip week gets channel ids): a typed @name or #channel in a tip
    arrives as <@U...|name> / <#C...|name> and reads as the person typed it."""
    await tip(tip_bot, "add horen Vraag <@U0SANNE|sanne> of <#C0KC|klantcontact> om hulp", user="ULEAD")
    _, seen = await tip(tip_bot, "")
    assert "Vraag @sanne of #klantcontact om hulp" in seen.body["text"]


async def test_a_lead_edits_a_tip(tip_bot):
    await tip(tip_bot, "add horen Oude tekst", user="ULEAD")
    _, answer = await tip(tip_bot, "edit 1 erkennen Nieuwe tekst", user="ULEAD")
    assert "Tip #1 is gewijzigd bij *Erkennen*" in shown(answer)
    _, seen = await tip(tip_bot, "erkennen")
    assert "Nieuwe tekst" in shown(seen)


async def test_one_workspace_never_sees_or_removes_anothers_tips(tip_bot):
    await tip(tip_bot, "add Alleen voor team een", user="ULEAD", team=TEAM_ID)
    _, other = await tip(tip_bot, "", team="T0OTHER")
    assert "Alleen voor team een" not in shown(other) and "nog geen tips" in shown(other)
    _, removed = await tip(tip_bot, "remove 1", user="ULEAD", team="T0OTHER")
    assert "Ik vind geen tip #1" in shown(removed)
    _, still = await tip(tip_bot, "", team=TEAM_ID)
    assert "Alleen voor team een" in shown(still)


async def test_unclear_input_gets_help_not_an_error(tip_bot):
    _, answer = await tip(tip_bot, "bananen")
    assert "`bananen` is geen richtlijn of opdracht" in shown(answer) and "/tip toevoegen" in shown(answer)
    _, answer = await tip(tip_bot, "add", user="ULEAD")
    assert "Schrijf de tip achter `toevoegen`" in shown(answer)
    _, answer = await tip(tip_bot, "add " + "x" * (MAX_TIP_CHARS + 1), user="ULEAD")
    assert "te lang" in shown(answer)
    _, answer = await tip(tip_bot, "remove twaalf", user="ULEAD")
    assert "Noem het nummer" in shown(answer)


async def test_a_failing_write_tells_the_lead_and_stores_nothing(tip_bot, tmp_path):
    await tip(tip_bot, "", user="U1")  # the store is open and migrated
    store = store_of(tmp_path)
    with store.engine.begin() as connection:  # the database breaks under the running server
        connection.execute(text("ALTER TABLE tips RENAME TO tips_away"))
    _, answer = await tip(tip_bot, "add horen Deze tip gaat niet door", user="ULEAD")
    assert "Dat lukte niet" in shown(answer) and "niets half bewaard" in shown(answer)
    with store.engine.begin() as connection:
        connection.execute(text("ALTER TABLE tips_away RENAME TO tips"))
    assert store.list_tips(TEAM_ID) == []
    store.close()


async def test_a_lead_schedules_the_tip_of_the_week(tip_bot, tmp_path):
    _, answer = await tip(tip_bot, "week <#C0TEAM|team> donderdag 10", user="ULEAD")
    assert "Elke *donderdag* om 10:00 (Europe/Amsterdam)" in shown(answer) and "<#C0TEAM>" in shown(answer)
    _, listed = await tip(tip_bot, "week", user="U1")  # anyone may see it
    assert "<#C0TEAM>: elke donderdag om 10:00" in shown(listed)
    _, here = await tip(tip_bot, "week hier monday", user="ULEAD", channel="C0HERE")
    assert "<#C0HERE>" in shown(here)
    store = store_of(tmp_path)
    assert {(s.channel, s.weekday, s.hour) for s in store.list_schedules(TEAM_ID)} == {
        ("C0TEAM", 3, 10), ("C0HERE", 0, 9)}
    _, off = await tip(tip_bot, "week uit", user="ULEAD")
    assert "gestopt (2" in shown(off) and store.list_schedules(TEAM_ID) == []
    _, usage = await tip(tip_bot, "week maandag", user="ULEAD")
    assert "Kies een kanaal" in shown(usage)
    _, by_name = await tip(tip_bot, "week #team maandag", user="ULEAD")  # /tip without Slack's escaping
    assert "`/tip week hier maandag`" in shown(by_name)
    store.close()


async def test_tips_show_on_review_cards_under_their_guideline_taking_turns(tip_bot):
    for words in ("add person_not_policy Help met het formulier.", "add person_not_policy Onderteken met je naam."):
        await tip(tip_bot, words, user="ULEAD")
    seen = []
    for _ in range(2):
        mark = tip_bot.api.mark()
        await tip_bot.command("/toon", COLD_NL)
        [card] = await tip_bot.api.wait("response_url", since=mark)
        assert block_problems(card.blocks) == []
        text_ = visible_text(card.blocks)
        assert "Tip van Lead ULEAD" in text_
        seen.append("formulier" in text_)
    assert seen in ([True, False], [False, True])  # two cards, two different tips


async def test_the_share_tip_shortcut_opens_a_guideline_picker_and_stores_the_tip(tip_bot, tmp_path):
    mark = tip_bot.api.mark()
    ack = await tip_bot.interaction({"type": "shortcut", "callback_id": "share_tip", "trigger_id": "9.9.share",
                                     "user": {"id": "ULEAD", "name": "lead", "team_id": TEAM_ID}})
    assert ack.status == 200 and ack.seconds < 1.0
    [opened] = await tip_bot.api.wait("views.open", since=mark)
    modal = opened.body["view"]
    assert block_problems(modal["blocks"]) == [] and modal["callback_id"] == tips.SHARE_TIP_MODAL
    picker = next(b for b in modal["blocks"] if b.get("block_id") == tips.GUIDELINE_BLOCK)["element"]
    assert [o["text"]["text"] for o in picker["options"]][:3] == ["Algemeen", "Horen", "Erkennen"]

    values = {tips.GUIDELINE_BLOCK: {tips.GUIDELINE_INPUT: {"type": "static_select",
                                                           "selected_option": {"value": "acknowledge"}}},
              tips.TEXT_BLOCK: {tips.TEXT_INPUT: {"type": "plain_text_input", "value": "Benoem het ongemak."}}}
    submitted = await tip_bot.interaction({"type": "view_submission", "trigger_id": "9.9.submit",
                                           "user": {"id": "ULEAD", "name": "lead", "team_id": TEAM_ID},
                                           "view": {**modal, "id": "VTIP", "state": {"values": values}}})
    assert submitted.status == 200 and submitted.json()["response_action"] == "update"
    assert "Tip #1 is opgeslagen" in visible_text(submitted.json()["view"]["blocks"])
    store = store_of(tmp_path)
    [saved] = store.list_tips(TEAM_ID)
    assert (saved.guideline, saved.text, saved.author_id) == ("acknowledge", "Benoem het ongemak.", "ULEAD")
    store.close()


async def test_the_shortcut_explains_kindly_to_staff_and_refuses_their_submission(tip_bot, tmp_path):
    mark = tip_bot.api.mark()
    await tip_bot.interaction({"type": "shortcut", "callback_id": "share_tip", "trigger_id": "8.8.share"})
    [opened] = await tip_bot.api.wait("views.open", since=mark)
    assert "doen teamleiders" in visible_text(opened.blocks)
    values = {tips.TEXT_BLOCK: {tips.TEXT_INPUT: {"type": "plain_text_input", "value": "Stiekem een tip"}}}
    forged = await tip_bot.interaction({"type": "view_submission", "trigger_id": "8.8.submit",
                                        "view": {**tips.share_tip_modal("nl"), "id": "VX",
                                                 "state": {"values": values}}})
    assert forged.json()["response_action"] == "errors"
    assert "teamleiders" in forged.json()["errors"][tips.TEXT_BLOCK]
    store = store_of(tmp_path)
    assert store.list_tips(TEAM_ID) == []
    store.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_two_servers_on_one_database_share_tips(make_slack_bot, tmp_path, request, backend):
    url = request.getfixturevalue("pg_schema_url") if backend == "postgresql" else None
    first = await make_slack_bot(lead_ids="ULEAD", data_dir=tmp_path / "data", database_url=url)
    second = await make_slack_bot(lead_ids="ULEAD", data_dir=tmp_path / "data", database_url=url)
    await tip(first, "add Van server een", user="ULEAD")
    await tip(second, "add Van server twee", user="ULEAD")
    _, listed = await tip(first, "list")
    assert "Van server een" in shown(listed) and "Van server twee" in shown(listed)


async def test_the_tip_of_the_week_posts_a_valid_message_in_the_leads_language(tip_bot, tmp_path):
    tip_bot.api.locales["ULEAD"] = "en-US"
    await tip(tip_bot, "add hear Start with what the tenant wrote.", user="ULEAD")
    await tip(tip_bot, "week <#C0TEAM|team> monday 9", user="ULEAD")
    amsterdam = ZoneInfo("Europe/Amsterdam")
    today = datetime.now(amsterdam)
    next_monday_nine = (today + timedelta(days=7 - today.weekday())).replace(hour=9, minute=0)
    store = store_of(tmp_path)
    client = tip_of_week.poster_client(tip_bot.services.settings)
    mark = tip_bot.api.mark()
    scheduler = TipOfTheWeek(store, tip_of_week.slack_poster(client), clock=lambda: next_monday_nine)
    assert await scheduler.tick() == [(TEAM_ID, "C0TEAM")]
    [post] = await tip_bot.api.wait("chat.postMessage", since=mark)
    assert post.body["channel"] == "C0TEAM" and block_problems(post.blocks) == []
    assert "Tip of the week" in visible_text(post.blocks) and "Start with what the tenant wrote." in post.body["text"]
    assert await scheduler.tick() == []  # once
    store.close()


async def test_with_the_database_away_reviews_still_work_and_tip_says_why(make_slack_bot):
    bot = await make_slack_bot(lead_ids="ULEAD", database_url="postgresql://postgres@127.0.0.1:1/gone", ready=False)
    mark = bot.api.mark()
    await bot.command("/toon", COLD_NL)
    [card] = await bot.api.wait("response_url", since=mark)
    assert "/100" in visible_text(card.blocks)  # the review, without tips
    _, answer = await tip(bot, "add Een tip", user="ULEAD")
    assert "de opslag is even niet bereikbaar" in shown(answer)


async def test_tip_share_tip_and_the_data_buttons_answer_slack_before_their_work(tip_bot):
    """With Slack slow to answer the bot's own calls, every ack still leaves at once (the work runs
    after it, in Bolt's lazy listeners): Slack shows an error when the ack takes over 3 s."""
    from bot.slack import insights

    tip_bot.api.delays.update({"users.info": 0.8, "views.open": 0.8, "response_url": 0.8})
    mark = tip_bot.api.mark()
    home = {"view": {"id": "VHOME", "type": "home"}, "container": {"type": "view", "view_id": "VHOME"}}

    def button(action_id: str, n: int) -> dict:
        return {"type": "block_actions", "trigger_id": f"7.{n}.data", **home, "actions": [
            {"type": "button", "action_id": action_id, "value": "nl", "block_id": "b", "action_ts": str(n)}]}

    acks = await asyncio.gather(
        tip_bot.command("/tip", "", user="U1"),
        tip_bot.interaction({"type": "shortcut", "callback_id": "share_tip", "trigger_id": "7.0.share",
                             "user": {"id": "ULEAD", "name": "lead", "team_id": TEAM_ID}}),
        tip_bot.interaction(button(insights.ACTION_MY_DATA, 1)),
        tip_bot.interaction(button(insights.ACTION_ERASE, 2)),
    )
    assert [a.status for a in acks] == [200] * 4 and all(a.body == "" for a in acks)
    assert max(a.seconds for a in acks) < 0.5  # before any of the 0.8 s calls could have come back
    assert await tip_bot.api.wait("response_url", since=mark)  # the work did follow
    assert len(await tip_bot.api.wait("views.open", since=mark, count=3)) == 3


async def test_the_share_tip_form_is_answered_in_time_when_slack_is_slow(tip_bot, tmp_path):
    """The form's answer goes in the ack (Slack waits 3 s): slow role and name lookups are cut short."""
    tip_bot.api.delays.update({"users.info": 2.5, "usergroups.users.list": 2.5})
    values = {tips.GUIDELINE_BLOCK: {tips.GUIDELINE_INPUT: {"type": "static_select",
                                                           "selected_option": {"value": "hear"}}},
              tips.TEXT_BLOCK: {tips.TEXT_INPUT: {"type": "plain_text_input", "value": "Noem wat je las."}}}

    async def submit(user: str):
        return await tip_bot.interaction({"type": "view_submission", "trigger_id": "6.6.submit",
                                          "user": {"id": user, "name": user.lower(), "team_id": TEAM_ID},
                                          "view": {**tips.share_tip_modal("nl"), "id": "VSLOW",
                                                   "state": {"values": values}}})

    listed = await submit("ULEAD")  # a lead by id: saved, with the name Slack sent along
    assert listed.seconds < 1.5 and listed.json()["response_action"] == "update"
    by_group = await submit("UGROUP")  # a lead through the user group, which Slack is slow to tell
    assert by_group.seconds < 2.5 and by_group.json()["response_action"] == "errors"
    assert "lukte nu niet" in by_group.json()["errors"][tips.TEXT_BLOCK]
    store = store_of(tmp_path)
    assert [(t.author_id, t.author_name, t.text) for t in store.list_tips(TEAM_ID)] == [
        ("ULEAD", "ulead", "Noem wat je las.")]
    store.close()


def test_the_weekly_tip_notification_text_holds_no_live_mention():
    from bot.store.repository import Schedule, TipRecord

    now = datetime.now(ZoneInfo("UTC"))
    tip_record = TipRecord(id=1, workspace=TEAM_ID, guideline=None, text="Lees <!channel> en <@U0BOSS> eerst",
                           author_id="ULEAD", author_name="Lead", created_at=now, updated_at=now)
    schedule = Schedule(workspace=TEAM_ID, channel="C0TEAM", weekday=0, hour=9, timezone="Europe/Amsterdam",
                        last_run_week=0, created_by="ULEAD")
    post = tip_of_week.week_post(schedule, tip_record)
    assert "<!channel>" not in post["text"] and "<@U0BOSS>" not in post["text"]
    assert "&lt;!channel&gt;" in post["text"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_bad_tip_input_is_named_not_mistaken_for_an_outage(make_slack_bot, tmp_path, request, backend):
    url = request.getfixturevalue("pg_schema_url") if backend == "postgresql" else None
    bot = await make_slack_bot(lead_ids="ULEAD", data_dir=tmp_path / "data", database_url=url)
    _, nul = await tip(bot, "add Lees eerst\x00 de melding", user="ULEAD")
    assert "onzichtbare tekens" in shown(nul) and "opslag" not in shown(nul)
    _, huge = await tip(bot, "remove 99999999999999999999", user="ULEAD")
    assert "Ik vind geen tip #99999999999999999999" in shown(huge)
    _, edit = await tip(bot, "edit 2147483648 horen Nieuwe tekst", user="ULEAD")
    assert "Ik vind geen tip #2147483648" in shown(edit)
    _, listed = await tip(bot, "list")
    assert "Lees eerst" not in shown(listed)  # nothing half-saved


@pytest.mark.parametrize(("alias", "guideline"), sorted(ALIASES_ONCE_SPLIT.items()))
async def test_the_tip_words_of_teams_work_in_slack_too(tip_bot, alias, guideline):
    _, saved = await tip(tip_bot, f"toevoegen {alias} Lees eerst de melding.", user="ULEAD")
    assert f"bij *{parity_label(guideline)}*" in shown(saved)
