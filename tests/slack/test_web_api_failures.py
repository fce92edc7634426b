"""Slack's Web API failing: 429 with Retry-After and 5xx are retried; a call that keeps failing is
logged (without the draft or any secret) and never takes the server down."""

from __future__ import annotations

import asyncio
import logging

from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.slack.test_commands import COLD_NL


async def test_a_rate_limited_post_is_retried_after_retry_after(slack_bot):
    slack_bot.api.fail("chat.postMessage", 429, retry_after=0)
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm(COLD_NL))
    posted = await slack_bot.api.wait("chat.postMessage", since=mark, timeout=5, settle=0.1)
    attempts = slack_bot.api.calls_to("chat.postMessage", since=mark)
    assert [a.status for a in attempts] == [429, 200] and len(posted) == 1


async def test_server_errors_on_the_web_api_and_response_url_are_retried(slack_bot):
    slack_bot.api.fail("views.open", 503)
    slack_bot.api.fail("response_url", 500)
    mark = slack_bot.api.mark()
    await slack_bot.command("/toon", COLD_NL)
    [delivered] = await slack_bot.api.wait("response_url", since=mark, timeout=5, settle=0.1)
    assert [a.status for a in slack_bot.api.calls_to("response_url", since=mark)] == [500, 200]
    assert delivered.body["response_type"] == "ephemeral"


async def test_a_call_that_keeps_failing_is_logged_and_the_server_carries_on(slack_bot, caplog):
    caplog.set_level(logging.INFO)  # the server's level (bot.server); slack_sdk's DEBUG logs bodies
    slack_bot.api.fail("chat.postMessage", 500, times=6)
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm(COLD_NL))
    for _ in range(100):  # two retries of each call, after ~0.25 s and ~0.5 s: at most ~2.3 s for both
        if len(slack_bot.api.calls_to("chat.postMessage", since=mark)) >= 6:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # no seventh attempt
    failed = slack_bot.api.calls_to("chat.postMessage", since=mark)
    # the card and then the "sorry" notice, each tried three times (two retries): bounded, then given up
    assert [c.status for c in failed] == [500] * 6
    # the server still answers, and reviews the next draft
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm(COLD_NL))
    assert len(await slack_bot.api.wait("chat.postMessage", since=mark)) == 1
    async with slack_bot.session.get(f"{slack_bot.url}/healthz") as health:
        assert health.status == 200
    assert any("review in Slack failed" in r.getMessage() for r in caplog.records)
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "huurdersportaal" not in logged
    assert BOT_TOKEN not in logged and SIGNING_SECRET not in logged


async def test_a_slack_that_answers_after_our_timeout_gets_one_outcome_not_two(slack_bot):
    """chat.postMessage answered after 11 s (past the client's 10 s): the card has arrived, no "sorry" follows."""
    slack_bot.api.delays_once["chat.postMessage"] = 11.0
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm(COLD_NL))
    await asyncio.sleep(13.5)
    posts = slack_bot.api.calls_to("chat.postMessage", since=mark)
    texts = " ".join(str(call.body.get("text", "")) for call in posts)
    assert "lukte nu niet" not in texts and "did not work" not in texts
    assert len(posts) == 1  # the card, once


async def test_a_failing_auth_test_costs_nobody_their_review(make_slack_bot, slack_api, caplog):
    caplog.set_level(logging.INFO)
    slack_api.fail("auth.test", 500, times=50)
    bot = await make_slack_bot()
    mark = slack_api.mark()
    reply = await bot.command("/toon", COLD_NL)
    assert reply.status == 200 and "install" not in reply.body.lower()
    [card] = await slack_api.wait("response_url", since=mark, timeout=5)
    assert card.body.get("blocks") and "install" not in str(card.body).lower()
    assert any("auth.test failed" in r.getMessage() for r in caplog.records)
