"""The README's two quick-start commands are the project's promise; keep them true to the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", quick_start, flags=re.DOTALL)]


def test_readme_has_exactly_two_quick_start_commands():
    assert len(quick_start_commands()) == 2


def test_ci_runs_the_readme_test_command_word_for_word():
    _, test_command = quick_start_commands()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_main_command_reviews_the_shipped_example_offline(tmp_path):
    main_command, _ = quick_start_commands()
    example = re.search(r"bot check (\S+)", main_command).group(1)
    assert (ROOT / example).is_file()
    # No tokens and no .env (the working directory is empty): offline by construction.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot", "check", str(ROOT / example)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "/100" in done.stdout


def test_help_names_every_command_the_readme_uses():
    done = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in sorted(set(re.findall(r"python -m bot (\w[\w-]*)", readme))):
        assert command in done.stdout, f"README uses `python -m bot {command}`, --help does not list it"
