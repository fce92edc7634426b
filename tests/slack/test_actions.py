"""Buttons on the card: "Waarom?", "Nuttig"/"Niet nuttig" (counts only), and the App Home draft modal."""

from __future__ import annotations

import json

from bot.slack import cards
from tests.fakes.slack_api import TEAM_ID, block_problems, visible_text
from tests.slack.test_commands import COLD_NL


def click(action_id: str, value: str, **where: object) -> dict:
    return {"type": "block_actions", "trigger_id": "1.2.click",
            "actions": [{"type": "button", "action_id": action_id, "value": value, "block_id": "b",
                         "action_ts": "1.2"}], **where}


def ephemeral_card(bot) -> dict:
    return {"container": {"type": "message", "message_ts": "1.1", "is_ephemeral": True},
            "channel": {"id": "C0TEST"}, "response_url": bot.api.response_url("click")}


async def test_why_opens_a_modal_explaining_the_guideline_in_the_cards_language(slack_bot):
    mark = slack_bot.api.mark()
    reply = await slack_bot.interaction(click(cards.ACTION_WHY, "person_not_policy|en", **ephemeral_card(slack_bot)))
    assert reply.status == 200
    [opened] = await slack_bot.api.wait("views.open", since=mark)
    view = opened.body["view"]
    assert block_problems(view["blocks"], max_blocks=100) == []
    shown = visible_text(view)
    assert "Person, not process" in shown and "sign with your name" in shown


async def test_why_inside_the_review_modal_is_pushed_on_top(slack_bot):
    mark = slack_bot.api.mark()
    await slack_bot.interaction(click(cards.ACTION_WHY, "hear|nl",
                                      view={"id": "V1", "type": "modal", "blocks": []}))
    [pushed] = await slack_bot.api.wait("views.push", since=mark)
    assert "Laat zien dat je dít bericht hebt gelezen" in visible_text(pushed.body["view"])


async def test_feedback_counts_per_guideline_and_keeps_no_text(slack_bot):
    value = json.dumps({"l": "nl", "g": ["hear", "next_step"]})
    mark = slack_bot.api.mark()
    await slack_bot.interaction(click(cards.ACTION_USEFUL, value, **ephemeral_card(slack_bot)))
    await slack_bot.interaction(click(cards.ACTION_NOT_USEFUL, value, **ephemeral_card(slack_bot)))
    await slack_bot.interaction(click(cards.ACTION_USEFUL, json.dumps({"l": "nl", "g": ["hear"]}),
                                      **ephemeral_card(slack_bot)))
    thanks = await slack_bot.api.wait("response_url", since=mark, count=3)
    assert all("Dank je" in t.body["text"] and t.body.get("replace_original") is False for t in thanks)
    counts = await slack_bot.services.feedback.counts(TEAM_ID)
    assert counts == {"hear": (2, 1), "next_step": (1, 1)}


async def test_feedback_on_a_card_in_a_dm_replaces_the_buttons_with_thanks(slack_bot):
    message = cards.review_message(slack_bot.services.offline.review(COLD_NL))
    mark = slack_bot.api.mark()
    await slack_bot.interaction(click(cards.ACTION_USEFUL, json.dumps({"l": "nl", "g": []}),
                                      message=message, channel={"id": "D0TEST"},
                                      container={"type": "message", "message_ts": "1.1"},
                                      response_url=slack_bot.api.response_url("dm")))
    [update] = await slack_bot.api.wait("response_url", since=mark)
    assert update.body["replace_original"] is True
    assert block_problems(update.blocks) == []
    assert all(b.get("block_id") != cards.CARD_ACTIONS_BLOCK for b in update.blocks)
    assert "Dank je" in visible_text(update.blocks)


async def test_feedback_in_the_review_modal_updates_the_modal(slack_bot):
    view = cards.review_modal(slack_bot.services.offline.review(COLD_NL))
    mark = slack_bot.api.mark()
    await slack_bot.interaction(click(cards.ACTION_NOT_USEFUL, json.dumps({"l": "nl", "g": ["respect"]}),
                                      view={**view, "id": "V9", "hash": "h"}))
    [update] = await slack_bot.api.wait("views.update", since=mark)
    assert update.body["view_id"] == "V9"
    assert block_problems(update.blocks, max_blocks=100) == []
    assert "Dank je" in visible_text(update.blocks)
    assert await slack_bot.services.feedback.counts(TEAM_ID) == {"respect": (0, 1)}


async def test_app_home_draft_modal_opens_and_its_submission_shows_the_review(slack_bot):
    mark = slack_bot.api.mark()
    await slack_bot.interaction(click(cards.ACTION_OPEN_DRAFT, "nl", view={"id": "VHOME", "type": "home"}))
    [opened] = await slack_bot.api.wait("views.open", since=mark)
    form = opened.body["view"]
    assert block_problems(form["blocks"]) == [] and form["callback_id"] == cards.DRAFT_MODAL
    values = {cards.DRAFT_BLOCK: {cards.DRAFT_INPUT: {"type": "plain_text_input", "value": COLD_NL}},
              cards.TENANT_BLOCK: {cards.TENANT_INPUT: {"type": "plain_text_input", "value": None}}}
    reply = await slack_bot.interaction({"type": "view_submission", "trigger_id": "3.4.submit",
                                         "view": {**form, "id": "VFORM", "state": {"values": values}}})
    assert reply.status == 200 and reply.json()["response_action"] == "update"
    [update] = await slack_bot.api.wait("views.update", since=mark)
    assert update.body["view_id"] == "VFORM" and "/100" in visible_text(update.blocks)


async def test_an_empty_submission_is_answered_with_an_inline_error(slack_bot):
    form = cards.draft_input_modal("en")
    values = {cards.DRAFT_BLOCK: {cards.DRAFT_INPUT: {"type": "plain_text_input", "value": "  "}}}
    reply = await slack_bot.interaction({"type": "view_submission", "trigger_id": "3.4.submit",
                                         "view": {**form, "id": "VFORM", "state": {"values": values}}})
    assert reply.json()["response_action"] == "errors"
    assert "Paste the text" in reply.json()["errors"][cards.DRAFT_BLOCK]
