"""A slow language model never makes Teams wait: chats answer at once, task modules within five seconds."""

from __future__ import annotations

import json
import time

import aiohttp

from tests.fakes.openai_server import FakeOpenAI
from tests.teams.adaptive import problems, texts
from tests.teams.conftest import make_settings, message, start_bot
from tests.teams.test_extension import HTML_DRAFT, invoke, on_message
from tests.teams.test_messages import COLD_NL


async def test_task_module_answers_within_teams_five_seconds_when_the_model_hangs(connector, database_url):
    with FakeOpenAI() as model:
        model.default = ("hang", 30.0)
        settings = make_settings(teams_anonymous_allowed=True, database_url=database_url,
                                 openai_api_key="sk-test", openai_base_url=model.base_url, llm_timeout=20.0)
        runner, url = await start_bot(settings)
        try:
            async with aiohttp.ClientSession() as session:
                started = time.monotonic()
                async with session.post(f"{url}/api/messages", json=invoke(
                        connector, "composeExtension/fetchTask", on_message(HTML_DRAFT))) as resp:
                    body = await resp.json()
                took = time.monotonic() - started
        finally:
            await runner.cleanup()
    assert resp.status == 200
    assert took < 5.0
    card = body["task"]["value"]["card"]["content"]
    assert problems(card) == []
    shown = texts(card)
    assert "/100" in shown
    assert "Het taalmodel had te lang nodig" in shown  # says why this is the quick review


async def test_chat_is_answered_at_once_and_the_review_follows(connector, database_url):
    with FakeOpenAI() as model:
        model.default = ("hang", 30.0)
        settings = make_settings(teams_anonymous_allowed=True, database_url=database_url,
                                 openai_api_key="sk-test", openai_base_url=model.base_url, llm_timeout=1.0)
        runner, url = await start_bot(settings)
        try:
            async with aiohttp.ClientSession() as session:
                started = time.monotonic()
                async with session.post(f"{url}/api/messages", json=message(connector, COLD_NL)) as resp:
                    assert resp.status == 202
                assert time.monotonic() - started < 0.8  # well before the model's time limit
            [reply] = await connector.wait_for_messages(1, timeout=15)
        finally:
            await runner.cleanup()
    assert reply.activity["replyToId"] == "act-1"
    assert "/100" in texts(reply.activity["attachments"][0]["content"])


async def test_review_under_way_still_arrives_when_the_server_stops(connector, database_url):
    """A deploy (SIGTERM) while a slow review is under way: the person still gets the review."""
    with FakeOpenAI() as model:
        model.default = ("hang", 30.0)
        settings = make_settings(teams_anonymous_allowed=True, database_url=database_url,
                                 openai_api_key="sk-test", openai_base_url=model.base_url, llm_timeout=1.0)
        runner, url = await start_bot(settings)
        async with aiohttp.ClientSession() as session, session.post(
                f"{url}/api/messages", json=message(connector, COLD_NL)) as resp:
            assert resp.status == 202
        assert connector.messages() == []  # the review is still under way
        await runner.cleanup()
    assert len(connector.messages()) == 1


async def test_with_a_model_the_card_offers_another_version_and_the_model_writes_it(connector, database_url):
    from tests.slack.test_commands import COLD_NL as SLACK_COLD_NL
    from tests.slack.test_language_model import REWRITE, model_answer

    with FakeOpenAI() as model:
        model.answer(model_answer())
        model.answer(model_answer(REWRITE.replace("U vraagt om", "U wilt graag")))
        settings = make_settings(teams_anonymous_allowed=True, database_url=database_url,
                                 openai_api_key="sk-test", openai_base_url=model.base_url)
        runner, url = await start_bot(settings)
        try:
            async with aiohttp.ClientSession() as session:
                await session.post(f"{url}/api/messages", json=message(connector, SLACK_COLD_NL, n=1))
                [first] = await connector.wait_for_messages(1, timeout=15)
                card = first.activity["attachments"][0]["content"]
                [another] = [a for a in card["actions"] if a["title"] == "Nog een versie"]
                assert problems(card) == []
                click = message(connector, None, n=2, value=another["data"])  # Action.Submit in a chat
                async with session.post(f"{url}/api/messages", json=click) as resp:
                    assert resp.status in (200, 202)
                replies = await connector.wait_for_messages(2, timeout=15)
        finally:
            await runner.cleanup()
    second = replies[1].activity["attachments"][0]["content"]
    assert "U wilt graag" in json.dumps(second, ensure_ascii=False) and problems(second) == []
    assert len(model.requests) == 2  # the second version came from the model, asked again


async def test_without_a_model_the_card_offers_no_other_version(bot, connector):
    await bot.post(message(connector, COLD_NL, n=3))
    [reply] = await connector.wait_for_messages(1)
    titles = [a["title"] for a in reply.activity["attachments"][0]["content"]["actions"]]
    assert "Nog een versie" not in titles and "Nuttig" in titles
