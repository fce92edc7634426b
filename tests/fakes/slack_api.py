"""A local stand-in for Slack's side: the Web API and response_url, recording every call.

Runs in a thread on a free port of 127.0.0.1, so both in-process tests and a server started as a
subprocess (the benchmark) can use it. Answers like Slack does for the methods the bot calls, and on
demand answers 429 with Retry-After or a 5xx, so retries can be tested at the network edge.

Also the one place that says what "valid Block Kit" means for tests: :func:`block_problems` runs
slack_sdk's own models over every block.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
TEAM_ID = "T0TEST"


@dataclass
class Call:
    """One request the bot made: the Web API method (or ``response_url``), its body and headers."""

    method: str
    body: dict[str, Any]
    path: str
    headers: dict[str, str]
    status: int = 200
    response: dict[str, Any] | None = None
    at: float = field(default_factory=time.perf_counter)

    @property
    def blocks(self) -> list[dict] | None:
        if self.method.startswith("views."):
            return (self.body.get("view") or {}).get("blocks")
        return self.body.get("blocks")


@dataclass
class Failure:
    status: int
    retry_after: int | None = None


@dataclass
class FakeSlackApi:
    """The fake; ``start()`` it, point ``SLACK_API_URL`` at ``api_url``, read ``calls``."""

    locales: dict[str, str] = field(default_factory=dict)
    threads: dict[str, list[dict]] = field(default_factory=dict)
    delay: float = 0.0
    #: per method (or ``response_url``): seconds to wait before answering, as a slow Slack would
    delays: dict[str, float] = field(default_factory=dict)
    #: per method: seconds to wait before answering the next call only (then answer at once again)
    delays_once: dict[str, float] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, deque[Failure]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._ts = 0

    # ---- life cycle
    def start(self) -> FakeSlackApi:
        self._server = _Server(("127.0.0.1", 0), _handler(self))
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    # ---- test controls
    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None) -> None:
        """The next ``times`` calls of ``method`` (or ``response_url``) answer ``status``."""
        with self._lock:
            queue = self._failures.setdefault(method, deque())
            queue.extend(Failure(status, retry_after) for _ in range(times))

    def mark(self) -> int:
        with self._lock:
            return len(self.calls)

    def since(self, mark: int = 0) -> list[Call]:
        with self._lock:
            return list(self.calls[mark:])

    def calls_to(self, *methods: str, since: int = 0) -> list[Call]:
        return [c for c in self.since(since) if c.method in methods]

    def wait_for(self, *methods: str, count: int = 1, since: int = 0, timeout: float = 10.0) -> list[Call]:
        """Successful calls of ``methods`` once there are ``count`` of them (or what came by ``timeout``).

        Blocking: for a bot in another process. Tests whose bot runs in their own event loop use
        :meth:`wait`.
        """
        end = time.monotonic() + timeout
        while True:
            got = self._ok(methods, since)
            if len(got) >= count or time.monotonic() > end:
                return got
            time.sleep(0.02)

    async def wait(self, *methods: str, count: int = 1, since: int = 0, timeout: float = 10.0,
                   settle: float = 0.0) -> list[Call]:
        """Like :meth:`wait_for`, yielding to the event loop; ``settle`` waits on for late extra calls."""
        end = time.monotonic() + timeout
        while len(self._ok(methods, since)) < count and time.monotonic() < end:
            await asyncio.sleep(0.01)
        if settle:
            await asyncio.sleep(settle)
        return self._ok(methods, since)

    def _ok(self, methods: tuple[str, ...], since: int) -> list[Call]:
        return [c for c in self.calls_to(*methods, since=since) if c.status == 200]

    # ---- answers
    def _next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"1800000000.{self._ts:06d}"

    def answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "aandacht",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            ts = body.get("ts") or self._next_ts()
            return {"ok": True, "channel": body.get("channel", "C0TEST"), "ts": ts, "message_ts": ts}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {"ok": True, "view": {"id": body.get("view_id") or "V0TEST", "hash": "h"}}
        if method == "users.info":
            user = body.get("user", "U1")
            return {"ok": True, "user": {"id": user, "name": "sanne", "locale": self.locales.get(user, "nl-NL"),
                                         "is_admin": False, "profile": {"real_name": "Sanne de Vries"}}}
        if method == "apps.connections.open":  # Socket Mode: no websocket here, as for a refused token
            return {"ok": False, "error": "invalid_auth"}
        if method == "conversations.replies":
            messages = self.threads.get(str(body.get("ts")))
            if messages is None:
                return {"ok": False, "error": "thread_not_found"}
            return {"ok": True, "messages": messages[: int(body.get("limit") or 1000)], "has_more": False}
        return {"ok": True}

    def _take_failure(self, method: str) -> Failure | None:
        with self._lock:
            queue = self._failures.get(method)
            return queue.popleft() if queue else None


class _Server(ThreadingHTTPServer):
    request_queue_size = 512  # a burst of 50+ connections must not wait on the listen backlog
    daemon_threads = True


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        try:
            return json.loads(raw or "{}")
        except ValueError:
            return {"_raw": raw}
    body: dict[str, Any] = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
    for key in ("blocks", "view", "attachments"):
        if isinstance(body.get(key), str):
            try:
                body[key] = json.loads(body[key])
            except ValueError:
                pass
    return body


def _handler(fake: FakeSlackApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # keep-alive clients would otherwise wait on delayed ACKs
        wbufsize = 64 * 1024  # headers and body leave in one write

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", "replace")
            body = _parse(raw, self.headers.get("Content-Type", ""))
            path = self.path.split("?")[0]
            if "?" in self.path:
                body.update({k: v[0] for k, v in urllib.parse.parse_qs(self.path.split("?", 1)[1]).items()})
            method = "response_url" if path.startswith("/response/") else path.rsplit("/", 1)[-1]
            with fake._lock:
                once = fake.delays_once.pop(method, 0.0)
            if fake.delay or fake.delays.get(method) or once:
                time.sleep(fake.delay + fake.delays.get(method, 0.0) + once)
            failure = fake._take_failure(method)
            if failure:
                status = failure.status
                answer = {"ok": False, "error": "ratelimited" if status == 429 else "internal_error"}
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            else:
                status, headers = 200, {}
                answer = None if method == "response_url" else fake.answer(method, body)
            with fake._lock:
                fake.calls.append(Call(method, body, path, dict(self.headers.items()), status, answer))
            self._reply(status, answer, headers)

        do_GET = do_POST

        def _reply(self, status: int, obj: dict | None, headers: dict[str, str] | None = None) -> None:
            data = b"ok" if obj is None else json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain" if obj is None else "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


def block_problems(blocks: Any, max_blocks: int = 50) -> list[str]:
    """What slack_sdk's own models reject in ``blocks`` (empty list: all valid)."""
    from slack_sdk.models.blocks import Block

    if not isinstance(blocks, list) or not blocks:
        return ["no blocks"]
    problems = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks (at most {max_blocks})")
    for block in blocks:
        try:
            parsed = Block.parse(block)
            if parsed is None:
                problems.append(f"unknown block {block.get('type')}")
                continue
            parsed.to_dict()  # runs slack_sdk's length and shape validation
        except Exception as error:  # noqa: BLE001 - SlackObjectFormationError and friends: report them
            problems.append(f"{block.get('type')}: {error}")
    return problems


def visible_text(obj: Any) -> str:
    """Every human-visible string in a payload, flattened (for "does the card say X" checks)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "alt_text", "placeholder", "title") and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(obj)
    return "\n".join(out)
