"""``/toon`` and ``/tone`` through the real HTTP handler: private cards, help, kind answers to bad input."""

from __future__ import annotations

import pytest

from tests.fakes.slack_api import block_problems, visible_text

COLD_NL = (
    "Geachte heer/mevrouw,\n\nUw verzoek om vervanging van de keuken is afgewezen. "
    "Dat is ons beleid: keukens worden conform de regels pas na 20 jaar vervangen. "
    "Wij verwijzen u naar het huurdersportaal voor meer informatie. U had dit overigens "
    "zelf kunnen nalezen.\n\nMet vriendelijke groet,\nTeam Klantcontact"
)
COLD_EN = (
    "Dear tenant,\n\nYour request for a new kitchen has been rejected. This is our policy: as previously "
    "stated, kitchens are replaced after 20 years. Please refer to the portal for more information.\n\n"
    "Kind regards,\nCustomer Service"
)


async def only_reply(bot, mark: int):
    """The one reply Slack would show: a response_url call; nothing posted to the channel."""
    replies = await bot.api.wait("response_url", since=mark, settle=0.1)
    assert len(replies) == 1, [c.method for c in bot.api.since(mark)]
    assert not bot.api.calls_to("chat.postMessage", since=mark)
    return replies[0]


async def test_toon_acks_at_once_and_replies_privately_with_a_valid_card(slack_bot):
    mark = slack_bot.api.mark()
    reply = await slack_bot.command("/toon", COLD_NL)
    assert reply.status == 200 and reply.seconds < 1.0
    assert reply.body == ""  # an empty ack: Slack shows nothing in the channel
    card = await only_reply(slack_bot, mark)
    assert card.body["response_type"] == "ephemeral"
    assert block_problems(card.blocks) == []
    assert card.body["text"]  # the plain fallback for notifications
    shown = visible_text(card.blocks)
    assert "/100" in shown and "Horen" in shown and "Heldere taal" in shown


async def test_tone_is_an_alias_and_an_english_draft_gets_an_english_card(slack_bot):
    mark = slack_bot.api.mark()
    await slack_bot.command("/tone", COLD_EN)
    card = await only_reply(slack_bot, mark)
    assert block_problems(card.blocks) == []
    shown = visible_text(card.blocks)
    assert "Tone review" in shown and "Plain language" in shown and "Horen" not in shown


@pytest.mark.parametrize(("locale", "words"), [("nl-NL", "Zo gebruik je Aandacht"), ("en-GB", "How to use Aandacht")])
async def test_no_text_gives_help_in_the_users_language(slack_bot, locale, words):
    slack_bot.api.locales["U7"] = locale
    mark = slack_bot.api.mark()
    reply = await slack_bot.command("/toon", "   ", user="U7")
    assert reply.status == 200
    help_reply = await only_reply(slack_bot, mark)
    assert words in help_reply.body["text"]
    assert help_reply.body["response_type"] == "ephemeral"
    assert block_problems(help_reply.blocks) == []


@pytest.mark.parametrize("text", [
    ":smile: :tada: 👍",
    "https://www.example.org/huurders/portaal",
    "<https://www.example.org|> <@U123> *** ~~~",
])
async def test_input_without_words_gets_a_kind_answer(slack_bot, text):
    mark = slack_bot.api.mark()
    reply = await slack_bot.command("/toon", text)
    assert reply.status == 200
    answer = await only_reply(slack_bot, mark)
    assert "Plak de tekst van je conceptreactie" in answer.body["text"]
    assert block_problems(answer.blocks) == []


async def test_markup_in_a_draft_stays_text_and_never_pings_the_channel(slack_bot):
    mark = slack_bot.api.mark()
    await slack_bot.command("/toon", COLD_NL + "\n&lt;!channel&gt; <!here> *vet* `code`")
    card = await only_reply(slack_bot, mark)
    assert block_problems(card.blocks) == []
    assert "<!channel>" not in str(card.blocks) and "<!here>" not in str(card.blocks)


async def test_a_100_kb_draft_is_acked_fast_and_answered_within_slacks_limits(slack_bot):
    huge = (COLD_NL + "\n") * 350
    assert len(huge) > 100_000
    mark = slack_bot.api.mark()
    reply = await slack_bot.command("/toon", huge)
    assert reply.status == 200 and reply.seconds < 1.0
    card = await only_reply(slack_bot, mark)
    assert block_problems(card.blocks) == []
    for block in card.blocks:
        assert len(block.get("text", {}).get("text", "")) <= 3000
    assert len(card.blocks) <= 50
