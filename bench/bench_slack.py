"""How fast does the Slack bot ack, and does every review arrive exactly once?

Starts ``python -m bot serve`` as Slack would see it, with the Web API and response_url on a local
fake (tests/fakes/slack_api.py), and sends N signed ``/toon`` requests, C at a time:

1. with the offline engine;
2. with a language model that takes 5 s per answer (a tiny local OpenAI-compatible server below):
   the offline card must still come at once, and the model's card replace it.

Reports the 50th/99th percentile time to ack (the HTTP response to Slack), how many reviews
arrived, and whether any arrived twice. Target: p99 ack <= 100 ms, all delivered, none twice.

    .venv/bin/python bench/bench_slack.py [--requests 200] [--concurrency 50] [--model-seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fakes.slack_api import FakeSlackApi

SECRET = "bench-signing-secret"
DRAFT = (
    "Geachte heer/mevrouw,\n\nUw verzoek om vervanging van de keuken is afgewezen. Dat is ons beleid: "
    "keukens worden conform de regels pas na 20 jaar vervangen. Wij verwijzen u naar het huurdersportaal "
    "voor meer informatie. U had dit overigens zelf kunnen nalezen.\n\nMet vriendelijke groet,\n"
    "Team Klantcontact\nKenmerk {ref}"
)
MODEL_ANSWER = {
    "findings": [{"guideline": "person_not_policy", "quote": "Dat is ons beleid", "message": "Beleid is geen mens.",
                  "suggestion": "Leg het zelf uit."}],
    "verdicts": {"hear": "issue", "acknowledge": "issue", "no_with_care": "issue", "person_not_policy": "issue",
                 "respect": "issue", "next_step": "issue", "plain_language": "ok"},
    "score": 25,
    "rewrite": "Beste [naam],\n\nDe keuken vervangen we nu nog niet, omdat keukens pas na 20 jaar worden "
               "vervangen. Wat wel kan: [wat wel kan].\n\nMet vriendelijke groet,\n[je naam]\nKenmerk {ref}",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server(ThreadingHTTPServer):
    request_queue_size = 512  # 50 concurrent connections must not wait on the listen backlog
    daemon_threads = True


class SlowModel:
    """An OpenAI-compatible /v1/chat/completions that answers after ``seconds``, like a busy model."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.calls = 0
        model = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                model.calls += 1
                time.sleep(model.seconds)
                prompt = json.dumps(body.get("messages", []), ensure_ascii=False)
                ref = prompt.split("Kenmerk ", 1)[1][:4] if "Kenmerk " in prompt else "0000"
                content = json.dumps(MODEL_ANSWER, ensure_ascii=False).replace("{ref}", ref)
                data = json.dumps({
                    "id": "chatcmpl-bench", "object": "chat.completion", "created": int(time.time()),
                    "model": "slow", "usage": {"prompt_tokens": 900, "completion_tokens": 200, "total_tokens": 1100},
                    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                                 "message": {"role": "assistant", "content": content, "refusal": None}}],
                }).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def stop(self) -> None:
        self.server.shutdown()


def start_bot(api: FakeSlackApi, model: SlowModel | None) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "OPENAI_", "CONNECTIONS__"))}
    env.update({"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.api_url,
                "PORT": str(port), "PYTHONPATH": str(REPO), "AANDACHT_DATA_DIR": f"/tmp/bench-slack-{port}"})
    if model:
        env.update({"OPENAI_API_KEY": "sk-bench-not-a-secret", "OPENAI_BASE_URL": model.base_url,
                    "AANDACHT_MODEL": "slow", "AANDACHT_LLM_TIMEOUT": "20"})
    log_path = Path(f"/tmp/bench-slack-{port}.log")
    with log_path.open("w") as log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, cwd=str(REPO),
                                stdout=subprocess.DEVNULL, stderr=log)
    end = time.time() + 30
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"the bot did not start; see /tmp/bench-slack-{port}.log")


def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


async def send_all(port: int, api: FakeSlackApi, run: str, n: int, concurrency: int) -> tuple[list[float], dict]:
    gate = asyncio.Semaphore(concurrency)
    acks: list[float] = []
    sent_at: dict[str, float] = {}
    statuses: Counter[int] = Counter()
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(i: int) -> None:
            name = f"{run}-{i:04d}"
            body = urllib.parse.urlencode({
                "command": "/toon", "text": DRAFT.format(ref=f"{i:04d}"), "user_id": "U1", "team_id": "T0BENCH",
                "channel_id": "C0BENCH", "response_url": api.response_url(name), "trigger_id": f"{i}.1.bench",
            })
            async with gate:
                start = time.perf_counter()
                sent_at[name] = start
                async with session.post(f"http://127.0.0.1:{port}/slack/events", data=body,
                                        headers=signed(body)) as resp:
                    await resp.read()
                    statuses[resp.status] += 1
                acks.append(time.perf_counter() - start)

        await asyncio.gather(*(one(i) for i in range(n)))
    return acks, {"statuses": dict(statuses), "sent_at": sent_at}


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux), to see what one request costs the server."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def bench(label: str, n: int, concurrency: int, model_seconds: float | None) -> dict:
    api = FakeSlackApi().start()
    model = SlowModel(model_seconds) if model_seconds else None
    proc, port = start_bot(api, model)
    try:
        time.sleep(1.0)  # start-up work (auth.test, the engine's word lists) is not what we measure
        cpu_before = process_cpu_seconds(proc.pid)
        acks, info = asyncio.run(send_all(port, api, label, n, concurrency))
        per_request = 2 if model else 1  # with a model: the offline card, then its replacement
        deadline = time.time() + (60 if model else 20)
        while time.time() < deadline and len(api.calls_to("response_url")) < n * per_request:
            time.sleep(0.1)
        time.sleep(1.0)  # anything arriving late would be a duplicate
        server_cpu = process_cpu_seconds(proc.pid) - cpu_before
        cards: dict[str, list] = {}
        for call in api.calls_to("response_url"):
            cards.setdefault(call.path.rsplit("/", 1)[-1], []).append(call)
        first_card = [cs[0].at - info["sent_at"][name] for name, cs in cards.items()]
        firsts = sum(1 for cs in cards.values() if not cs[0].body.get("replace_original"))
        finals = sum(1 for cs in cards.values()
                     if (cs[-1].body.get("replace_original") if model else True))
        model_cards = sum(1 for cs in cards.values()
                          if "taalmodel" in json.dumps(cs[-1].body.get("blocks"), ensure_ascii=False)
                          and "kijkt nog mee" not in json.dumps(cs[-1].body.get("blocks"), ensure_ascii=False))
        twice = sum(1 for cs in cards.values() if len(cs) > per_request)
        result = {
            "run": label, "requests": n, "concurrency": concurrency, "http": info["statuses"],
            "ack_p50_ms": round(percentile(acks, 50) * 1000, 1), "ack_p99_ms": round(percentile(acks, 99) * 1000, 1),
            "ack_max_ms": round(max(acks) * 1000, 1),
            "first_card_p50_ms": round(percentile(first_card, 50) * 1000, 1) if first_card else None,
            "first_card_p99_ms": round(percentile(first_card, 99) * 1000, 1) if first_card else None,
            "reviews_delivered": finals, "first_cards": firsts, "delivered_twice": twice,
            "web_api_calls": dict(Counter(c.method for c in api.since(0))),
            "server_cpu_ms_per_request": round(server_cpu / n * 1000, 2),
        }
        if model:
            final = [cs[-1].at - info["sent_at"][name] for name, cs in cards.items() if len(cs) > 1]
            result.update({"model_calls": model.calls, "model_cards": model_cards,
                           "model_card_p50_s": round(percentile(final, 50), 2) if final else None,
                           "model_card_p99_s": round(percentile(final, 99), 2) if final else None})
        return result
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
        api.stop()
        if model:
            model.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--model-seconds", type=float, default=5.0)
    args = parser.parse_args()
    results = [bench("offline", args.requests, args.concurrency, None),
               bench("slow-model", args.requests, args.concurrency, args.model_seconds)]
    ok = True
    for r in results:
        print(json.dumps(r, ensure_ascii=False))
        met = r["ack_p99_ms"] <= 100 and r["reviews_delivered"] == r["requests"] and r["delivered_twice"] == 0
        ok &= met
        print(f"{r['run']}: ack p50 {r['ack_p50_ms']} ms, p99 {r['ack_p99_ms']} ms; "
              f"{r['reviews_delivered']}/{r['requests']} reviews delivered, {r['delivered_twice']} twice "
              f"-> {'target met' if met else 'TARGET MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
