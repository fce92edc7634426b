"""``python -m bot check --json`` with a model configured: the whole path, in a real process.

The settings come from the environment exactly as a user sets them (OPENAI_API_KEY,
OPENAI_BASE_URL, AANDACHT_LLM_TIMEOUT), against the local fake server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.openai_server import FakeOpenAI

REPO = Path(__file__).resolve().parents[2]
DRAFT = (
    "Geachte heer Jansen,\n\nUw verzoek om een nieuwe keuken is afgewezen. Dat is ons beleid.\n\n"
    "Met vriendelijke groet,\nTeam Klantcontact"
)
ANSWER = {
    "findings": [{"guideline": "person_not_policy", "quote": "Dat is ons beleid.", "message": "Beleid is geen mens.",
                  "suggestion": "Leg het in eigen woorden uit."}],
    "verdicts": {"hear": "ok", "acknowledge": "ok", "no_with_care": "issue", "person_not_policy": "issue",
                 "respect": "ok", "next_step": "issue", "plain_language": "ok"},
    "score": 50,
    "rewrite": "Beste heer [NAAM_1],\n\nWe kunnen uw keuken nu niet vervangen, omdat [reden in eigen woorden]. "
    "Wat wel kan: [wat wel kan].\n\nMet vriendelijke groet,\n[je naam]",
}


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def check(fake: FakeOpenAI, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AANDACHT_"))}
    env.update({"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": fake.base_url, "AANDACHT_LLM_TIMEOUT": "2"})
    return subprocess.run([sys.executable, "-m", "bot", "check", "--json", *args], check=False, input=DRAFT,
                          text=True, capture_output=True, env=env, cwd=REPO, timeout=60)


def test_check_json_shows_the_models_review_and_its_token_usage(fake: FakeOpenAI) -> None:
    fake.answer(ANSWER, prompt_tokens=3500, completion_tokens=420)
    done = check(fake)
    assert done.returncode == 0, done.stderr
    review = json.loads(done.stdout)
    assert review["engine"] == "llm"
    assert review["usage"] == {"prompt_tokens": 3500, "completion_tokens": 420, "total_tokens": 3920}
    assert review["rewrite"].startswith("Beste heer Jansen,")
    assert len(fake.requests) == 1 and "Jansen" not in fake.raw_requests[0]
    assert "sk-test" not in done.stderr


def test_check_json_falls_back_to_offline_when_the_model_fails(fake: FakeOpenAI) -> None:
    fake.default = ("status", 503)
    done = check(fake)
    assert done.returncode == 0, done.stderr
    review = json.loads(done.stdout)
    assert review["engine"] == "offline" and review["usage"] is None
    assert any("taalmodel" in note for note in review["notes"])
