"""The ``check_tone`` message shortcut: acked at once, a modal opened within the trigger id's life."""

from __future__ import annotations

from tests.fakes.slack_api import block_problems, visible_text
from tests.slack.test_commands import COLD_EN, COLD_NL


def shortcut(text: str, **message: object) -> dict:
    return {
        "type": "message_action", "callback_id": "check_tone", "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "channel": {"id": "C0TEST", "name": "klantcontact"}, "message_ts": "1700000000.000100",
        "response_url": "http://127.0.0.1:9/unused",
        "message": {"type": "message", "user": "U1", "ts": "1700000000.000100", "text": text, **message},
    }


async def test_the_shortcut_opens_a_modal_with_the_review(slack_bot):
    mark = slack_bot.api.mark()
    reply = await slack_bot.interaction(shortcut(COLD_NL))
    assert reply.status == 200 and reply.seconds < 1.0
    [opened] = await slack_bot.api.wait("views.open", since=mark, settle=0.1)
    assert opened.body["trigger_id"].startswith("13345224609")
    view = opened.body["view"]
    assert view["type"] == "modal" and len(view["title"]["text"]) <= 24
    assert block_problems(view["blocks"], max_blocks=100) == []
    assert "/100" in visible_text(view["blocks"])
    assert not slack_bot.api.calls_to("chat.postMessage", "chat.postEphemeral", since=mark)


async def test_a_message_made_of_attachments_is_reviewed_from_their_text(slack_bot):
    mark = slack_bot.api.mark()
    await slack_bot.interaction(shortcut("", attachments=[{"fallback": COLD_EN, "text": COLD_EN}]))
    [opened] = await slack_bot.api.wait("views.open", since=mark)
    assert "Tone review" in visible_text(opened.body["view"]["blocks"])


async def test_a_message_without_words_opens_a_kind_modal(slack_bot):
    mark = slack_bot.api.mark()
    await slack_bot.interaction(shortcut(":thumbsup:"))
    [opened] = await slack_bot.api.wait("views.open", since=mark)
    assert "Plak de tekst" in visible_text(opened.body["view"]["blocks"])
    assert block_problems(opened.body["view"]["blocks"]) == []


async def test_a_slow_review_opens_a_busy_modal_first_and_updates_it(slack_bot):
    """The trigger id expires after 3 s: when the review is not there in time, "bezig..." opens first."""
    slack_bot.services.modal_wait = 0.0
    mark = slack_bot.api.mark()
    await slack_bot.interaction(shortcut(COLD_NL))
    [opened] = await slack_bot.api.wait("views.open", since=mark)
    [updated] = await slack_bot.api.wait("views.update", since=mark, settle=0.1)
    assert "Even kijken" in visible_text(opened.body["view"]["blocks"])
    assert updated.body["view_id"] == opened.response["view"]["id"]
    assert "/100" in visible_text(updated.blocks) and block_problems(updated.blocks) == []
