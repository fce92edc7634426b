"""The app around the listeners: signatures, settings, Socket Mode beside HTTP, no secrets in logs."""

from __future__ import annotations

import asyncio
import contextlib
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
from collections.abc import Iterator

import aiohttp
import pytest

from bot.settings import Settings
from bot.slack.app import slack_settings_problem
from tests.conftest import BOT_TOKEN, REPO, SIGNING_SECRET, make_slack_settings, start_slack_bot
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


@contextlib.contextmanager
def serving(tmp_path, **values: str) -> Iterator[tuple[str, list[str]]]:
    """``python -m bot serve`` in its own process until /healthz answers; yields its URL and, after
    the block, its standard output and error (in the list) once it has stopped."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=serve_env(PORT=str(port), **values),
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    output: list[str] = []
    try:
        status, end = None, time.monotonic() + 30
        while status != 200 and server.poll() is None and time.monotonic() < end:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as health:
                    status = health.status
            except OSError:
                time.sleep(0.05)
        assert status == 200, "the server did not come up"
        yield f"http://127.0.0.1:{port}", output
    finally:
        server.terminate()
        output.extend(server.communicate(timeout=10))


def test_half_configured_slack_beside_teams_is_told_and_teams_still_serves(tmp_path):
    with serving(tmp_path, SLACK_BOT_TOKEN="xoxb-only-this",
                 CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED="true") as (url, output):
        with pytest.raises(urllib.error.HTTPError) as no_slack:  # Slack is left out, not half mounted
            urllib.request.urlopen(urllib.request.Request(f"{url}/slack/events", data=b"{}"), timeout=2)
        assert no_slack.value.code in (404, 405)
    out, err = output
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


async def logged(caplog, words: str, timeout: float = 3.0) -> bool:
    end = time.monotonic() + timeout
    while not any(words in r.getMessage() for r in caplog.records) and time.monotonic() < end:
        await asyncio.sleep(0.02)
    return any(words in r.getMessage() for r in caplog.records)


async def test_socket_mode_with_a_refused_token_is_told_once_and_http_keeps_working(make_slack_bot, caplog):
    async with asyncio.timeout(15):  # a hang here fails fast instead of holding up the whole suite
        bot = await make_slack_bot(slack_app_token="xapp-1-test-token")
        await bot.api.wait("apps.connections.open", timeout=3)
        assert await logged(caplog, "Slack refused the Socket Mode token (invalid_auth)")
        async with bot.session.get(f"{bot.url}/healthz") as health:
            assert health.status == 200
        mark = bot.api.mark()
        assert (await bot.command("/toon", COLD_NL)).status == 200
        assert await bot.api.wait("response_url", since=mark)
        assert len(bot.api.calls_to("apps.connections.open")) == 1  # a refused token is not tried again
    logged_text = "\n".join(r.getMessage() for r in caplog.records)
    assert "xapp-1-test-token" not in logged_text


def test_serve_with_socket_mode_starts_and_stops_cleanly(tmp_path, slack_api):
    """The Socket Mode client is made in the server's running loop (its constructor starts a task)."""
    with serving(tmp_path, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                 SLACK_APP_TOKEN="xapp-1-test-token", SLACK_API_URL=slack_api.api_url,
                 AANDACHT_DATA_DIR=str(tmp_path / "data")) as (_url, output):
        assert slack_api.wait_for("apps.connections.open", timeout=10)
    _out, err = output
    assert "Traceback" not in err and "no running event loop" not in err
    assert "xapp-1-test-token" not in err and BOT_TOKEN not in err


async def test_socket_mode_tries_again_in_the_background_while_slack_cannot_be_reached(
    slack_api, make_slack_bot, caplog
):
    slack_api.fail("apps.connections.open", 400)  # not a refusal of the token: Slack had a problem
    async with asyncio.timeout(15):
        bot = await make_slack_bot(slack_app_token="xapp-1-test-token")
        assert await logged(caplog, "trying again in 1 s")
        async with bot.session.get(f"{bot.url}/healthz") as health:
            assert health.status == 200
        assert await logged(caplog, "Slack refused the Socket Mode token")  # the second attempt's answer
        assert [c.status for c in bot.api.calls_to("apps.connections.open")] == [400, 200]


async def test_shutdown_does_not_wait_for_a_socket_mode_connection_that_hangs(slack_api):
    """Slack taking 30 s to answer apps.connections.open must not hold up stopping the server."""
    slack_api.delays["apps.connections.open"] = 30.0
    async with asyncio.timeout(15), aiohttp.ClientSession() as session:
        bot, runner = await start_slack_bot(slack_api, session, slack_app_token="xapp-1-test-token")
        async with bot.session.get(f"{bot.url}/healthz") as health:
            assert health.status == 200
        started = time.monotonic()
        await runner.cleanup()
        assert time.monotonic() - started < 5.0


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
