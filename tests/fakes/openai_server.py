"""A local fake of an OpenAI-compatible ``/v1/chat/completions`` endpoint, for tests.

openai 3.x sends through httpx2, which respx does not intercept, so the tests run the real SDK
against this real HTTP server on 127.0.0.1 (a free port). Each test scripts what the next
requests get; every request body is recorded, so a test can check exactly what left the bot.

    with FakeOpenAI() as fake:
        fake.answer({"findings": [], ...})          # one scripted JSON answer
        fake.fail(429, retry_after=0.2)             # then a rate limit
        fake.default = ("status", 500)              # whatever comes after
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

Behaviour = tuple[Any, ...]


class FakeOpenAI:
    """Threaded fake server; ``requests`` holds every parsed body, ``raw_requests`` the raw text."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.raw_requests: list[str] = []
        self.script: deque[Behaviour] = deque()
        self.default: Behaviour = ("status", 500)
        self._closing = threading.Event()
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
                with fake._lock:
                    fake.raw_requests.append(raw)
                    try:
                        fake.requests.append(json.loads(raw or "{}"))
                    except ValueError:
                        fake.requests.append({})
                    behaviour = fake.script.popleft() if fake.script else fake.default
                fake._respond(self, behaviour)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    # -- scripting

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def answer(self, content: dict[str, Any] | str, *, prompt_tokens: int = 1200,
               completion_tokens: int = 300) -> None:
        """The next request gets ``content`` (a dict is sent as JSON text) as the model's message."""
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        self.script.append(("answer", text, prompt_tokens, completion_tokens))

    def fail(self, status: int, *, retry_after: float | None = None, code: str | None = None) -> None:
        """An error status; ``code`` is the error's code (Azure says "content_filter" with a 400)."""
        self.script.append(("status", status, retry_after, code))

    def garbage(self) -> None:
        """A 200 whose message is not JSON at all."""
        self.script.append(("answer", "dit is geen json {{{", 10, 5))

    def hang(self, seconds: float = 60.0) -> None:
        """Accept the request and say nothing (until ``seconds`` or the server closes)."""
        self.script.append(("hang", seconds))

    def refuse(self, text: str = "I can't help with that.") -> None:
        self.script.append(("refusal", text))

    def content_filter(self) -> None:
        self.script.append(("content_filter",))

    def cut_off(self, content: dict[str, Any]) -> None:
        """The answer stopped by the token limit (``finish_reason: length``): half of its JSON."""
        text = json.dumps(content, ensure_ascii=False)
        self.script.append(("cut_off", text[: len(text) // 2]))

    # -- what was sent

    def messages(self, index: int = -1) -> list[dict[str, Any]]:
        return self.requests[index].get("messages", [])

    # -- the server side

    def _respond(self, handler: BaseHTTPRequestHandler, behaviour: Behaviour) -> None:
        kind = behaviour[0]
        if kind == "hang":
            self._closing.wait(behaviour[1])
            return
        if kind == "status":
            status = behaviour[1]
            retry_after = behaviour[2] if len(behaviour) > 2 else None
            code = behaviour[3] if len(behaviour) > 3 else None
            body = {"error": {"message": "fake failure", "type": "server_error", "code": code}}
            headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
            self._send(handler, status, body, headers)
            return
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        finish_reason = "stop"
        usage = {"prompt_tokens": 50, "completion_tokens": 5, "total_tokens": 55}
        if kind == "answer":
            message["content"] = behaviour[1]
            usage = {"prompt_tokens": behaviour[2], "completion_tokens": behaviour[3],
                     "total_tokens": behaviour[2] + behaviour[3]}
        elif kind == "refusal":
            message["refusal"] = behaviour[1]
        elif kind == "content_filter":
            finish_reason = "content_filter"
        elif kind == "cut_off":
            message["content"], finish_reason = behaviour[1], "length"
        body = {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": "fake",
            "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None, "message": message}],
            "usage": usage,
        }
        self._send(handler, 200, body, {})

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (its time limit)
            pass

    def close(self) -> None:
        self._closing.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
