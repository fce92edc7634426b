"""Teams fixtures: the real server (``bot.server.build_web_app``) on a free port and a fake Bot Connector.

Activities go through the real ``POST /api/messages`` handler, the Agents SDK's JWT check and
adapter; only the Bot Connector at ``serviceUrl`` is a local fake (the network edge).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.server import build_web_app
from bot.settings import Settings
from tests.fakes.bot_connector import FakeBotConnector

PRODUCTION_LIKE = {
    "teams_client_id": "00000000-0000-0000-0000-0000000000a1",
    "teams_tenant_id": "00000000-0000-0000-0000-0000000000b2",
    "teams_client_secret": "test-not-a-secret",
}


def make_settings(**overrides: Any) -> Settings:
    """Settings from the test's own values only: no .env, no Slack, no language model."""
    values: dict[str, Any] = {
        "slack_bot_token": None, "slack_signing_secret": None, "slack_app_token": None,
        "openai_api_key": None, "teams_client_id": None, "teams_client_secret": None, "teams_tenant_id": None,
        "teams_anonymous_allowed": False, "database_url": "sqlite://",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass
class RunningBot:
    url: str
    session: aiohttp.ClientSession

    async def post(self, activity: dict, headers: dict | None = None) -> tuple[int, Any]:
        async with self.session.post(f"{self.url}/api/messages", json=activity, headers=headers or {}) as resp:
            text = await resp.text()
            try:
                body = await resp.json(content_type=None) if text else None
            except ValueError:
                body = text
            return resp.status, body


async def start_bot(settings: Settings) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(build_web_app(settings), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def connector() -> AsyncIterator[FakeBotConnector]:
    fake = await FakeBotConnector().start()
    yield fake
    await fake.stop()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'aandacht.db'}"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[RunningBot]:
    """The server with the SDK's anonymous access on, as in local development."""
    runner, url = await start_bot(make_settings(teams_anonymous_allowed=True, database_url=database_url))
    async with aiohttp.ClientSession() as session:
        yield RunningBot(url, session)
    await runner.cleanup()


@pytest.fixture
async def secured_bot(database_url: str) -> AsyncIterator[RunningBot]:
    """The server configured as in production: a client id, tenant and secret, anonymous access off."""
    runner, url = await start_bot(make_settings(**PRODUCTION_LIKE, database_url=database_url))
    async with aiohttp.ClientSession() as session:
        yield RunningBot(url, session)
    await runner.cleanup()


def message(connector: FakeBotConnector, text: str | None, *, n: int = 1, locale: str = "nl-NL",
            conversation_type: str = "personal", conversation_id: str = "a:personal-chat",
            **extra: Any) -> dict[str, Any]:
    """A message activity as Teams posts it."""
    activity = {
        "type": "message", "id": f"act-{n}", "timestamp": "2026-11-27T09:00:00.000Z", "channelId": "msteams",
        "serviceUrl": connector.url,
        "from": {"id": "29:user-1", "name": "Sanne de Vries", "aadObjectId": "aad-user-1"},
        "conversation": {"id": conversation_id, "conversationType": conversation_type, "tenantId": "tenant-1"},
        "recipient": {"id": "28:aandacht-bot", "name": "Aandacht"},
        "textFormat": "plain", "locale": locale, "channelData": {"tenant": {"id": "tenant-1"}},
    }
    if text is not None:
        activity["text"] = text
    activity.update(extra)
    return activity
