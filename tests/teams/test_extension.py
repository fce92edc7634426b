"""The message-extension action "Toon checken" / "Check tone": the review in a task module."""

from __future__ import annotations

import asyncio

from tests.teams.adaptive import problems, texts
from tests.teams.conftest import message

HTML_DRAFT = ("<p>Geachte heer/mevrouw,</p><p>Uw verzoek is <b>afgewezen</b> conform het beleid.<br>"
              "Wij verwijzen u naar het huurdersportaal.</p><p>Met vriendelijke groet,<br>Team Klantcontact</p>")


def invoke(connector, name: str, value: dict, locale: str = "nl-NL") -> dict:
    return message(connector, None, type="invoke", name=name, value=value, locale=locale, n=21)


def on_message(html: str, content_type: str = "html") -> dict:
    return {"commandId": "checkTone", "commandContext": "message",
            "messagePayload": {"id": "1700000000001", "body": {"contentType": content_type, "content": html},
                               "from": {"user": {"displayName": "Jan Bakker"}}}}


async def test_fetch_task_on_a_message_opens_the_review_in_a_task_module(bot, connector):
    status, body = await bot.post(invoke(connector, "composeExtension/fetchTask", on_message(HTML_DRAFT)))
    assert status == 200
    task = body["task"]
    assert task["type"] == "continue"
    assert task["value"]["title"] == "Toon checken"
    attachment = task["value"]["card"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert problems(card) == []
    shown = texts(card)
    assert "/100" in shown and "Toonscore" in shown
    assert "<p>" not in shown and "<b>" not in shown  # the HTML body was read as text
    await asyncio.sleep(0.2)
    assert connector.sent == []  # answered in the invoke response, nothing posted in the chat


async def test_english_message_gives_english_task_module(bot, connector):
    html = "<p>Your request has been rejected in accordance with the policy. See the tenant portal.</p>"
    _, body = await bot.post(invoke(connector, "composeExtension/fetchTask", on_message(html)))
    assert body["task"]["value"]["title"] == "Check tone"
    assert "Tone score" in texts(body["task"]["value"]["card"]["content"])


async def test_message_without_text_gets_a_short_message(bot, connector):
    _, body = await bot.post(invoke(connector, "composeExtension/fetchTask", on_message("<p> </p>")))
    assert body["task"]["type"] == "message"
    assert "geen tekst" in body["task"]["value"]


async def test_submit_action_on_a_message_also_reviews(bot, connector):
    _, body = await bot.post(invoke(connector, "composeExtension/submitAction", on_message(HTML_DRAFT)))
    assert body["task"]["type"] == "continue"
    assert "/100" in texts(body["task"]["value"]["card"]["content"])


async def test_why_button_in_the_task_module_shows_the_explanation(bot, connector):
    value = {"commandId": "checkTone", "data": {"aandacht": "why", "guideline": "next_step", "lang": "nl"}}
    _, body = await bot.post(invoke(connector, "composeExtension/submitAction", value))
    card = body["task"]["value"]["card"]["content"]
    assert problems(card) == []
    assert "Ik bel u donderdag" in texts(card)


async def test_feedback_button_in_the_task_module_thanks_and_closes(bot, connector):
    value = {"commandId": "checkTone",
             "data": {"aandacht": "feedback", "useful": True, "guidelines": ["hear"], "lang": "en"}}
    _, body = await bot.post(invoke(connector, "composeExtension/submitAction", value))
    assert body == {"task": {"type": "message", "value": "Thank you! Glad it helps."}}
