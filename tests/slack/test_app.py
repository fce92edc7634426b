"""The app around the listeners: signatures, settings, Socket Mode beside HTTP, no secrets in logs."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.parse

import pytest

from bot.settings import Settings
from bot.slack.app import slack_settings_problem
from tests.conftest import BOT_TOKEN, REPO, SIGNING_SECRET
from tests.slack.test_commands import COLD_NL


def toon_form(bot, text: str = COLD_NL) -> str:
    return urllib.parse.urlencode({"command": "/toon", "text": text, "user_id": "U1", "team_id": "T0TEST",
                                   "channel_id": "C1", "response_url": bot.api.response_url("sig")})


async def test_forged_stale_and_unsigned_requests_get_401_and_nothing_happens(slack_bot):
    mark = slack_bot.api.mark()
    form = toon_form(slack_bot)
    ctype = "application/x-www-form-urlencoded"
    forged = await slack_bot.post(form, ctype, secret="not-the-secret")
    stale = await slack_bot.post(form, ctype, timestamp=int(time.time()) - 6 * 60)
    async with slack_bot.session.post(f"{slack_bot.url}/slack/events", data=form,
                                      headers={"Content-Type": ctype}) as unsigned:
        unsigned_status = unsigned.status
    assert (forged.status, stale.status, unsigned_status) == (401, 401, 401)
    assert await slack_bot.api.wait("response_url", since=mark, timeout=0.3) == []


async def test_a_signed_request_within_five_minutes_is_accepted(slack_bot):
    reply = await slack_bot.post(toon_form(slack_bot), "application/x-www-form-urlencoded",
                                 timestamp=int(time.time()) - 4 * 60)
    assert reply.status == 200


async def test_slacks_url_verification_is_answered(slack_bot):
    body = json.dumps({"token": "legacy", "challenge": "ch4ll3nge", "type": "url_verification"})
    reply = await slack_bot.post(body, "application/json")
    assert reply.status == 200 and "ch4ll3nge" in reply.body


@pytest.mark.parametrize(("values", "expected"), [
    ({"slack_bot_token": "xoxb-1"}, "set SLACK_SIGNING_SECRET too"),
    ({"slack_signing_secret": "s"}, "set SLACK_BOT_TOKEN too"),
    ({"slack_app_token": "xapp-1"}, "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET too"),
    ({"slack_bot_token": "xoxb-1", "slack_signing_secret": "s", "slack_app_token": "xoxb-wrong"}, "xapp-"),
    ({}, None),
    ({"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"}, None),
])
def test_half_configured_slack_is_told_in_one_clear_line(values, expected):
    settings = Settings(_env_file=None, **{"slack_bot_token": None, "slack_signing_secret": None,
                                           "slack_app_token": None, **values})
    problem = slack_settings_problem(settings)
    if expected is None:
        assert problem is None
    else:
        assert expected in problem and "\n" not in problem and "xoxb-1" not in problem


def test_serve_with_only_a_token_says_what_to_set_without_a_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "OPENAI_", "CONNECTIONS__", "TEAMS_"))}
    env.update({"SLACK_BOT_TOKEN": "xoxb-only-this", "PORT": "0", "PYTHONPATH": str(REPO)})
    done = subprocess.run([sys.executable, "-m", "bot", "serve"], env=env, cwd=tmp_path, capture_output=True, check=False,
                          text=True, timeout=30)
    assert done.returncode != 0
    assert "SLACK_SIGNING_SECRET" in done.stderr and "Traceback" not in done.stderr
    assert "xoxb-only-this" not in done.stdout + done.stderr


async def test_socket_mode_that_cannot_connect_leaves_http_working(make_slack_bot, caplog):
    bot = await make_slack_bot(slack_app_token="xapp-1-test-token")
    await bot.api.wait("apps.connections.open", timeout=3)
    for _ in range(100):
        if any("Socket Mode could not connect" in r.getMessage() for r in caplog.records):
            break
        await asyncio.sleep(0.02)
    assert any("Socket Mode could not connect" in r.getMessage() for r in caplog.records)
    async with bot.session.get(f"{bot.url}/healthz") as health:
        assert health.status == 200
    mark = bot.api.mark()
    assert (await bot.command("/toon", COLD_NL)).status == 200
    assert await bot.api.wait("response_url", since=mark)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "xapp-1-test-token" not in logged


async def test_tokens_and_secrets_never_reach_the_logs_or_replies(slack_bot, caplog):
    caplog.set_level("INFO")  # the server's level
    mark = slack_bot.api.mark()
    await slack_bot.command("/toon", COLD_NL)
    await slack_bot.event(slack_bot.dm(COLD_NL))
    await slack_bot.api.wait("response_url", "chat.postMessage", since=mark, count=2)
    sent = json.dumps([c.body for c in slack_bot.api.since(mark)])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in sent and secret not in logged
    # the token travels only where Slack expects it: the Authorization header of Web API calls
    web_api = [c for c in slack_bot.api.since(mark) if c.method != "response_url"]
    assert web_api and all(c.headers.get("Authorization") == f"Bearer {BOT_TOKEN}" for c in web_api)
    assert all("Authorization" not in c.headers for c in slack_bot.api.calls_to("response_url", since=mark))
