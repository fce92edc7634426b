"""`python -m bot serve` with only Teams configured: starts without Slack settings and answers Teams."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp

from tests.teams.conftest import message

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 30.0) -> bool:
    for _ in range(int(seconds / 0.1)):
        if proc.poll() is not None:
            return False
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return True
        except OSError:
            await asyncio.sleep(0.1)
    return False


def serve(tmp_path: Path, **teams: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "OPENAI_", "CONNECTIONS__", "AANDACHT_"))}
    env.update({"PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
                "PYTHONPATH": str(REPO)})
    env.update({f"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__{key.upper()}": value for key, value in teams.items()})
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return proc, port


async def test_serve_with_only_teams_answers_a_draft(tmp_path, connector):
    proc, port = serve(tmp_path, anonymous_allowed="true")
    try:
        assert await wait_for_port(port, proc), proc.stderr.read() if proc.poll() is not None else "no port"
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                assert resp.status == 200
            async with session.post(f"http://127.0.0.1:{port}/api/messages",
                                    json=message(connector, "Uw verzoek is afgewezen conform het beleid.")) as resp:
                assert resp.status == 202
        [reply] = await connector.wait_for_messages(1, timeout=15)
        assert reply.activity["replyToId"] == "act-1"
    finally:
        proc.terminate()
        proc.wait(10)


async def test_serve_configured_for_production_refuses_activities_without_token(tmp_path, connector):
    proc, port = serve(tmp_path, clientid="00000000-0000-0000-0000-0000000000a1",
                       tenantid="00000000-0000-0000-0000-0000000000b2", clientsecret="test-not-a-secret")
    try:
        assert await wait_for_port(port, proc)
        async with aiohttp.ClientSession() as session, session.post(
                f"http://127.0.0.1:{port}/api/messages", json=message(connector, "Hallo")) as resp:
            assert resp.status == 401
        await asyncio.sleep(0.3)
        assert connector.sent == []
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=10)
    assert "test-not-a-secret" not in stderr  # the secret never reaches the log
