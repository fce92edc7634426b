"""Teams and Slack in one server: the Teams token check guards /api/messages only."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import aiohttp

from tests.teams.conftest import PRODUCTION_LIKE, make_settings, message, start_bot

SIGNING_SECRET = "slack-test-signing-secret"


async def test_slack_events_are_not_behind_the_teams_token(connector, database_url):
    settings = make_settings(slack_bot_token="xoxb-test", slack_signing_secret=SIGNING_SECRET,
                             slack_api_url="http://127.0.0.1:9/api/", database_url=database_url,
                             **PRODUCTION_LIKE)
    runner, url = await start_bot(settings)
    try:
        body = json.dumps({"type": "url_verification", "challenge": "c-42", "token": "t"})
        timestamp = str(int(time.time()))
        signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:{body}".encode(),
                                     hashlib.sha256).hexdigest()
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{url}/slack/events", data=body, headers={
                "Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": signature,
            }) as resp:
                assert resp.status == 200
                assert "c-42" in await resp.text()
            # and Teams still refuses an activity without a token in the same server
            async with session.post(f"{url}/api/messages", json=message(connector, "Hallo")) as resp:
                assert resp.status == 401
    finally:
        await runner.cleanup()
