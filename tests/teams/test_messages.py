"""Chats and channels, end to end: activities to the real /api/messages, replies at the fake Bot Connector."""

from __future__ import annotations

import asyncio
import json
import logging

from bot.review.rubric import guidelines
from tests.teams.adaptive import TEAMS_MESSAGE_LIMIT, problems, texts
from tests.teams.conftest import message

COLD_NL = (
    "Geachte heer/mevrouw,\n\nUw verzoek om vervanging van de keuken is afgewezen. "
    "Dat is ons beleid: keukens worden conform de regels pas na 20 jaar vervangen. "
    "Wij verwijzen u naar het huurdersportaal voor meer informatie.\n\nMet vriendelijke groet,\nTeam Klantcontact"
)
COLD_EN = (
    "Dear Sir/Madam,\n\nYour request for a new kitchen has been rejected in accordance with the policy. "
    "Please refer to the tenant portal for further information.\n\nKind regards,\nCustomer Team"
)


def the_card(sent) -> dict:
    assert len(sent.activity.get("attachments") or []) == 1
    attachment = sent.activity["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


async def test_draft_in_personal_chat_gets_review_card_as_reply(bot, connector):
    status, _ = await bot.post(message(connector, COLD_NL, n=7))
    assert status == 202
    [reply] = await connector.wait_for_messages(1)
    # a reply to the draft's own message, in the same conversation
    assert reply.path == "/v3/conversations/a:personal-chat/activities/act-7"
    assert reply.activity["replyToId"] == "act-7"
    assert reply.activity["conversation"]["id"] == "a:personal-chat"
    card = the_card(reply)
    assert problems(card) == []
    assert card["version"] == "1.5" and card["body"] and card["actions"]
    shown = texts(card)
    assert "/100" in shown and "Toonscore" in shown
    for g in guidelines().values():
        assert g.label("nl") in shown
    assert {"Nuttig", "Niet nuttig"} <= {a["title"] for a in card["actions"]}
    assert len(json.dumps(reply.activity).encode()) < TEAMS_MESSAGE_LIMIT
    # anonymous (local development): no token is sent to the connector
    assert reply.authorization is None
    # the person sees the bot typing while the review is made
    kinds = [sent.type for sent in connector.sent]
    assert kinds.index("typing") < kinds.index("message")


async def test_english_draft_gets_english_card(bot, connector):
    await bot.post(message(connector, COLD_EN, locale="nl-NL"))
    [reply] = await connector.wait_for_messages(1)
    shown = texts(the_card(reply))
    assert "Tone score" in shown and "Useful" in shown
    for g in guidelines().values():
        assert g.label("en") in shown
    assert "Toonscore" not in shown


async def test_greeting_gets_help_not_a_review(bot, connector):
    await bot.post(message(connector, "Hallo!"))
    [reply] = await connector.wait_for_messages(1)
    shown = texts(the_card(reply))
    assert "Zo gebruik je mij" in shown and "/100" not in shown


async def test_english_user_asking_for_help_gets_english_help(bot, connector):
    await bot.post(message(connector, "help", locale="en-US"))
    [reply] = await connector.wait_for_messages(1)
    assert "How to use me" in texts(the_card(reply))


async def test_empty_message_gets_help(bot, connector):
    status, _ = await bot.post(message(connector, ""))
    assert status == 202
    [reply] = await connector.wait_for_messages(1)
    assert "Zo gebruik je mij" in texts(the_card(reply))


async def test_mention_in_channel_reviews_the_text_after_the_mention(bot, connector):
    channel = "19:general@thread.tacv2;messageid=1700000000000"
    activity = message(
        connector, f"<at>Aandacht</at> {COLD_NL}", n=3, conversation_type="channel", conversation_id=channel,
        entities=[{"type": "mention", "text": "<at>Aandacht</at>",
                   "mentioned": {"id": "28:aandacht-bot", "name": "Aandacht"}}],
    )
    await bot.post(activity)
    [reply] = await connector.wait_for_messages(1)
    assert reply.conversation_id == channel and reply.activity["replyToId"] == "act-3"
    card = the_card(reply)
    assert "/100" in texts(card)
    assert "<at>" not in json.dumps(card) and "Aandacht</at>" not in json.dumps(card)


async def test_mention_without_a_draft_gets_help(bot, connector):
    activity = message(connector, "<at>Aandacht</at> ", conversation_type="groupChat", conversation_id="19:group")
    await bot.post(activity)
    [reply] = await connector.wait_for_messages(1)
    assert "Zo gebruik je mij" in texts(the_card(reply))


async def test_new_member_in_personal_chat_is_welcomed_in_dutch(bot, connector):
    activity = message(connector, None, n=11, type="conversationUpdate",
                       membersAdded=[{"id": "28:aandacht-bot"}, {"id": "29:user-1"}])
    status, _ = await bot.post(activity)
    assert status == 202
    [reply] = await connector.wait_for_messages(1)
    shown = texts(the_card(reply))
    assert "Welkom!" in shown and "Toon checken" in shown


async def test_welcome_in_english_when_the_locale_is_english(bot, connector):
    await bot.post(message(connector, None, type="conversationUpdate", locale="en-GB",
                           membersAdded=[{"id": "29:user-1"}]))
    [reply] = await connector.wait_for_messages(1)
    assert "Welcome!" in texts(the_card(reply))


async def test_new_colleague_in_a_team_is_not_greeted_in_the_channel(bot, connector):
    await bot.post(message(connector, None, type="conversationUpdate", conversation_type="channel",
                           conversation_id="19:general@thread.tacv2", membersAdded=[{"id": "29:someone-new"}]))
    await asyncio.sleep(0.3)
    assert connector.messages() == []


async def test_bot_added_to_a_team_introduces_itself_once(bot, connector):
    await bot.post(message(connector, None, type="conversationUpdate", conversation_type="channel",
                           conversation_id="19:general@thread.tacv2", membersAdded=[{"id": "28:aandacht-bot"}]))
    replies = await connector.wait_for_messages(1)
    assert len(replies) == 1 and "Welkom!" in texts(the_card(replies[0]))


async def test_why_button_in_chat_explains_the_guideline(bot, connector):
    activity = message(connector, None, value={"aandacht": "why", "guideline": "person_not_policy", "lang": "en"})
    await bot.post(activity)
    [reply] = await connector.wait_for_messages(1)
    assert guidelines()["person_not_policy"].explain["en"] in texts(the_card(reply))


async def test_feedback_button_is_thanked(bot, connector):
    activity = message(connector, None, value={"aandacht": "feedback", "useful": False,
                                               "guidelines": ["hear"], "lang": "nl"})
    await bot.post(activity)
    [reply] = await connector.wait_for_messages(1)
    assert reply.activity["text"].startswith("Dank je")


async def test_very_long_draft_gives_a_card_teams_accepts(bot, connector):
    draft = (COLD_NL + "\n\n") * 150  # about 40 KB
    await bot.post(message(connector, draft))
    [reply] = await connector.wait_for_messages(1, timeout=20)
    card = the_card(reply)
    assert problems(card) == []
    assert len(json.dumps(reply.activity, ensure_ascii=False).encode()) < TEAMS_MESSAGE_LIMIT
    assert "(ingekort)" in texts(card)


async def test_draft_text_never_logged(bot, connector, caplog):
    caplog.set_level(logging.INFO)
    secret_words = "Kwartelkoning Zuidermeerstraat 12"
    await bot.post(message(connector, f"{COLD_NL} {secret_words}"))
    await connector.wait_for_messages(1)
    assert secret_words not in caplog.text


async def test_quoted_tenant_message_is_context_not_part_of_the_draft(bot, connector):
    tenant = "De keukenkastjes zitten al maanden los, wanneer wordt de keuken vervangen?"
    await bot.post(message(connector, f"> {tenant}\n\n{COLD_NL}"))
    [reply] = await connector.wait_for_messages(1)
    card = the_card(reply)
    assert "/100" in texts(card)
    assert "keukenkastjes zitten al maanden los" not in json.dumps(card, ensure_ascii=False)


async def test_an_activity_delivered_twice_gets_one_review_even_across_two_server_processes(connector, tmp_path):
    """The Bot Framework redelivers an activity it got no quick answer for; each server process
    checks its own memory, then claims the activity id in the shared database."""
    import aiohttp

    from tests.teams.conftest import RunningBot, make_settings, start_bot

    url = f"sqlite:///{tmp_path / 'aandacht.db'}"
    first, second = [await start_bot(make_settings(teams_anonymous_allowed=True, database_url=url)) for _ in "12"]
    async with aiohttp.ClientSession() as session:
        for runner_url in (first[1], first[1], second[1]):  # again to the same process, then to another
            await RunningBot(runner_url, session).post(message(connector, COLD_NL, n=31))
        await connector.wait_for_messages(1)
        await asyncio.sleep(1.0)  # a second card would have arrived by now
        assert [sent.type for sent in connector.sent].count("message") == 1
        await RunningBot(second[1], session).post(message(connector, COLD_NL, n=32))  # a new activity: reviewed
        await connector.wait_for_messages(2)
    for runner, _ in (first, second):
        await runner.cleanup()


async def test_teams_own_thumbs_under_a_card_count_for_its_guidelines_and_keep_no_words(bot, connector, database_url,
                                                                                        caplog):
    from bot.store.repository import Store

    caplog.set_level(logging.DEBUG)
    await bot.post(message(connector, COLD_NL, n=41))
    [card] = await connector.wait_for_messages(1)
    assert card.activity["channelData"]["feedbackLoopEnabled"] is True
    message_id = f"reply-{connector.sent.index(card) + 1}"  # the id the (fake) connector gave the card
    store = Store.open(database_url)
    for _ in range(50):  # the card's guidelines are kept just after it is sent
        await asyncio.sleep(0.05)
        guidelines = store.card_guidelines("tenant-1", message_id)
        if guidelines:
            break
    assert "person_not_policy" in guidelines  # "Dat is ons beleid"
    thumbs = message(connector, None, n=42, type="invoke", name="message/submitAction", replyToId=message_id,
                     value={"actionName": "feedback", "actionValue": {
                         "reaction": "like", "feedback": '{"feedbackText": "Mevrouw Jansen uit Kerkstraat 12 was blij"}'}})
    status, _ = await bot.post(thumbs)
    assert status == 200
    tallies = store.feedback("tenant-1")
    assert all(tallies[g].helpful == 1 and tallies[g].not_helpful == 0 for g in guidelines)
    assert "Jansen" not in caplog.text and "Kerkstraat" not in caplog.text  # the typed words are not logged
    store.close()
