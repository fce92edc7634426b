"""The app around the listeners: signatures, settings, Socket Mode beside HTTP, no secrets in logs."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from bot.settings import Settings
from bot.slack.app import slack_settings_problem
from tests.conftest import BOT_TOKEN, REPO, SIGNING_SECRET, make_slack_settings
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


def serve_env(**values: str) -> dict[str, str]:
    """The environment of ``python -m bot serve`` with only ``values`` for Slack, Teams and the model."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "OPENAI_", "CONNECTIONS__", "TEAMS_"))}
    return {**env, "PYTHONPATH": str(REPO), "PORT": "0", **values}


@pytest.mark.parametrize(("values", "expected"), [
    ({"SLACK_BOT_TOKEN": "xoxb-only-this"}, "SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxb-only-this", "SLACK_SIGNING_SECRET": "s3cr3t", "SLACK_APP_TOKEN": "xoxb-not-xapp"},
     "SLACK_APP_TOKEN must be an app-level token"),
])
def test_serve_with_half_configured_slack_says_what_to_set_without_a_traceback(tmp_path, values, expected):
    done = subprocess.run([sys.executable, "-m", "bot", "serve"], env=serve_env(**values), cwd=tmp_path,
                          capture_output=True, check=False, text=True, timeout=30)
    assert done.returncode == 2
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    for secret in values.values():
        assert secret not in done.stdout + done.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_half_configured_slack_beside_teams_is_told_and_teams_still_serves(tmp_path):
    port = free_port()
    env = serve_env(SLACK_BOT_TOKEN="xoxb-only-this", PORT=str(port),
                    CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED="true")
    server = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        status, end = None, time.monotonic() + 30
        while status != 200 and server.poll() is None and time.monotonic() < end:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as health:
                    status = health.status
            except OSError:
                time.sleep(0.05)
        assert status == 200
        with pytest.raises(urllib.error.HTTPError) as no_slack:  # Slack is left out, not half mounted
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/slack/events", data=b"{}"),
                                   timeout=2)
        assert no_slack.value.code in (404, 405)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=10)
    slack_lines = [line for line in err.splitlines() if "SLACK_" in line]
    assert len(slack_lines) == 1 and "SLACK_SIGNING_SECRET" in slack_lines[0] and "Teams" in slack_lines[0]
    assert "Traceback" not in err and "xoxb-only-this" not in out + err


def test_a_bot_token_in_the_environment_starts_bolt_without_a_warning(monkeypatch, caplog):
    """Bolt reads SLACK_BOT_TOKEN itself; the app gives the token per request, so no "unused" warning."""
    from bot.slack.app import build_slack_app

    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    caplog.set_level(logging.INFO)
    build_slack_app(make_slack_settings("http://127.0.0.1:9/api/"))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("slack_bolt")] == []


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
