"""Shared fixtures: the real server with Slack on a free port, a fake Slack Web API, signed requests.

Tests drive the real Bolt ``AsyncApp`` through the real ``POST /slack/events`` handler of
``bot.server.build_web_app`` with requests signed like Slack signs them (slash command forms,
interactivity payloads, JSON events). Only Slack's side (Web API, response_url) is faked, in
``tests/fakes/slack_api.py``. The STORE helper's ``/tip`` tests use the same fixtures.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # so that `tests.fakes` imports however pytest was started
    sys.path.insert(0, str(REPO))

from bot.server import build_web_app
from bot.settings import Settings
from tests.fakes.slack_api import BOT_USER_ID, TEAM_ID, FakeSlackApi

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


def make_slack_settings(api_url: str, **overrides: Any) -> Settings:
    """Settings from the test's own values only: no .env, Slack on the fake, no language model."""
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET, "slack_app_token": None,
        "slack_api_url": api_url, "openai_api_key": None, "openai_base_url": None,
        "teams_client_id": None, "teams_client_secret": None, "teams_tenant_id": None,
        "teams_anonymous_allowed": False, "database_url": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def sign(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The two headers Slack adds to every request: a timestamp and the HMAC-SHA256 signature."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Reply:
    status: int
    body: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body.strip() else None


@dataclass
class SlackBot:
    """The running server, the fake Slack beside it, and builders for signed requests."""

    url: str
    api: FakeSlackApi
    web_app: web.Application
    session: aiohttp.ClientSession
    secret: str = SIGNING_SECRET
    _n: int = field(default=0, init=False)

    @property
    def services(self):
        from bot.slack.app import SLACK_SERVICES

        return self.web_app[SLACK_SERVICES]

    async def database_ready(self, timeout: float = 15.0) -> None:
        """Wait until /healthz says the database is open (start-up migrates it in the background)."""
        import asyncio

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            async with self.session.get(f"{self.url}/healthz") as response:
                if (await response.json()).get("database") == "ok":
                    return
            await asyncio.sleep(0.05)
        raise AssertionError("the database did not open in time")

    def _next(self) -> int:
        self._n += 1
        return self._n

    async def post(self, body: str, content_type: str, headers: dict[str, str] | None = None,
                   *, secret: str | None = None, timestamp: int | None = None) -> Reply:
        """POST ``body`` to /slack/events, signed (with ``secret``/``timestamp`` to forge or age it)."""
        all_headers = {"Content-Type": content_type,
                       **sign(body, secret=secret or self.secret, timestamp=timestamp), **(headers or {})}
        start = time.perf_counter()
        async with self.session.post(f"{self.url}/slack/events", data=body.encode(), headers=all_headers) as resp:
            text = await resp.text()
        return Reply(resp.status, text, time.perf_counter() - start)

    async def command(self, command: str, text: str, *, user: str = "U1", channel: str = "C0TEST",
                      response_name: str | None = None, **options: Any) -> Reply:
        """A slash command as Slack posts it (form-encoded), with a response_url on the fake."""
        n = self._next()
        form = {
            "token": "legacy", "team_id": TEAM_ID, "team_domain": "test", "channel_id": channel,
            "channel_name": "klantcontact", "user_id": user, "user_name": "sanne", "command": command,
            "text": text, "api_app_id": "A0TEST", "is_enterprise_install": "false",
            "response_url": self.api.response_url(response_name or f"cmd{n}"), "trigger_id": f"{n}.1.test",
        }
        return await self.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded", **options)

    async def event(self, event: dict[str, Any], *, event_id: str | None = None,
                    headers: dict[str, str] | None = None) -> Reply:
        """An Events API callback (JSON)."""
        n = self._next()
        body = json.dumps({
            "token": "legacy", "team_id": TEAM_ID, "api_app_id": "A0TEST", "type": "event_callback",
            "event_id": event_id or f"Ev{n:04d}{time.time_ns()}", "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
            "event": event,
        })
        return await self.post(body, "application/json", headers)

    async def interaction(self, payload: dict[str, Any]) -> Reply:
        """An interactivity request: form-encoded with one ``payload`` field of JSON."""
        payload = {"team": {"id": TEAM_ID, "domain": "test"}, "api_app_id": "A0TEST", "token": "legacy",
                   "user": {"id": "U1", "name": "sanne", "team_id": TEAM_ID}, **payload}
        body = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded")

    def dm(self, text: str, *, user: str = "U1", ts: str | None = None, **extra: Any) -> dict[str, Any]:
        ts = ts or f"{time.time():.6f}"
        return {"type": "message", "channel": "D0TEST", "channel_type": "im", "user": user, "text": text,
                "ts": ts, "event_ts": ts, **extra}


async def start_slack_bot(api: FakeSlackApi, session: aiohttp.ClientSession, **overrides: Any
                          ) -> tuple[SlackBot, web.AppRunner]:
    """``build_web_app`` with Slack pointed at ``api``, served on a free port of 127.0.0.1."""
    web_app = build_web_app(make_slack_settings(api.api_url, **overrides))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return SlackBot(f"http://127.0.0.1:{port}", api, web_app, session), runner


@pytest.fixture
def slack_api() -> Any:
    """A fake Slack Web API and response_url on a free port, recording every call."""
    fake = FakeSlackApi().start()
    yield fake
    fake.stop()


@pytest.fixture
async def make_slack_bot(slack_api: FakeSlackApi, tmp_path: Path) -> AsyncIterator[Callable[..., Awaitable[SlackBot]]]:
    """A factory: ``await make_slack_bot(**settings_overrides)`` starts a server; all stop after the test."""
    runners: list[web.AppRunner] = []
    async with aiohttp.ClientSession() as session:

        async def make(*, ready: bool = True, **overrides: Any) -> SlackBot:
            """``ready``: wait until the database is migrated (start-up does that in the background)."""
            overrides.setdefault("data_dir", tmp_path / "data")  # the test's own database (tips, counts)
            bot, runner = await start_slack_bot(slack_api, session, **overrides)
            runners.append(runner)
            if ready:
                await bot.database_ready()
            return bot

        yield make
        for runner in runners:
            await runner.cleanup()


@pytest.fixture
async def slack_bot(make_slack_bot: Callable[..., Awaitable[SlackBot]]) -> SlackBot:
    """The server with Slack configured and the offline engine."""
    return await make_slack_bot()
