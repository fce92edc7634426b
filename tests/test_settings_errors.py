"""A malformed setting is named with what it must be, in one line, and its value is never printed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

SECRET_LOOKING = "sk-proj-NOTATIMEOUT123"


def run_bot(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "OPENAI_", "AANDACHT_"))}
    env.update({"AANDACHT_LLM_TIMEOUT": SECRET_LOOKING, "PORT": "0"})
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=env, input="Beste Jan, ik bel u.",
                          capture_output=True, text=True, timeout=30, check=False)


@pytest.mark.parametrize("command", [("serve",), ("check", "-")])
def test_a_bad_setting_is_named_in_one_line_without_its_value(command):
    result = run_bot(*command)
    output = result.stdout + result.stderr
    assert result.returncode == 2
    assert SECRET_LOOKING not in output
    assert "AANDACHT_LLM_TIMEOUT" in output
    assert "Traceback" not in output
    assert len([line for line in output.splitlines() if line.strip()]) <= 2  # check says it in nl and en
