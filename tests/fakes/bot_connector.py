"""A local fake of the Bot Connector service that Teams activities name as their ``serviceUrl``.

It accepts what a bot sends back (``POST /v3/conversations/{id}/activities`` for a new message,
``POST .../activities/{activityId}`` for a reply, ``PUT .../activities/{activityId}`` for an
update) and records each one, so tests can assert on exactly what Teams would have received.
Runs on 127.0.0.1 on a free port, inside the test's event loop.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Sent:
    """One activity the bot sent to the connector."""

    method: str
    path: str
    conversation_id: str
    reply_to: str | None
    activity: dict[str, Any]
    authorization: str | None

    @property
    def type(self) -> str:
        return self.activity.get("type", "message")

    def cards(self) -> list[dict[str, Any]]:
        """The Adaptive Card contents among the attachments."""
        return [a.get("content") for a in self.activity.get("attachments") or []
                if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]


@dataclass
class FakeBotConnector:
    sent: list[Sent] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None

    async def start(self) -> FakeBotConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._record)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._record)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._record)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _record(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.sent.append(Sent(
            method=request.method,
            path=request.path,
            conversation_id=request.match_info["conversation"],
            reply_to=request.match_info.get("activity"),
            activity=body,
            authorization=request.headers.get("Authorization"),
        ))
        return web.json_response({"id": f"reply-{len(self.sent)}"})

    def messages(self) -> list[Sent]:
        """What a person would see: message activities (typing indicators left out)."""
        return [s for s in self.sent if s.type == "message"]

    async def wait_for_messages(self, count: int = 1, timeout: float = 10.0) -> list[Sent]:
        """The first ``count`` messages, waiting for replies the bot sends after answering the request."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages()) >= count:
                return self.messages()
            await asyncio.sleep(0.02)
        return self.messages()
