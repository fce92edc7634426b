"""A wheel of the project carries its data, and a normal (non-editable) install finds it.

The rubric, the lexicons and the prompt templates are read with importlib.resources at run
time; if the wheel left them out, only an editable install from the repository would work.
The wheel is built offline (``--no-build-isolation --no-index``) from a copy of the sources, so
the test needs no network and leaves the repository untouched. It takes a few seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "bot", "prompts")


def _setuptools_builds_wheels() -> bool:
    """setuptools 70.1+ has bdist_wheel built in; older ones need the separate ``wheel`` package."""
    try:
        import setuptools
    except ImportError:
        return False
    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    if (major, minor) >= (70, 1):
        return True
    try:
        import wheel  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def wheel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _setuptools_builds_wheels():
        pytest.fail("setuptools>=70.1 is needed to build a wheel offline; run: pip install -e '.[test]'")
    root = tmp_path_factory.mktemp("wheel")
    source = root / "src"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, symlinks=True, ignore=ignore)
        elif path.exists():
            shutil.copy2(path, source / name)
    out = root / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(out), str(source)],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(out.glob("aandacht-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contains_rubric_lexicons_and_prompts(wheel_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel_path).namelist())
    assert "bot/data/rubric.toml" in names
    lexicons = sorted(p.name for p in (REPO / "bot" / "data" / "lexicon").glob("*.toml"))
    assert lexicons, "the repository ships lexicon files"
    for name in lexicons:
        assert f"bot/data/lexicon/{name}" in names
    for template in sorted(p.name for p in (REPO / "prompts").glob("*.j2")):
        assert f"bot/prompts/{template}" in names
    assert "bot/review/facts.py" in names and "bot/cli.py" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "aandacht = bot.__main__:main" in zipfile.ZipFile(wheel_path).read(entry_points).decode()


def test_an_installed_wheel_reviews_the_example_outside_the_repository(wheel_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(target),
         str(wheel_path)],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AANDACHT_"))}
    env["PYTHONPATH"] = str(target)  # before the editable install of the repository on sys.path
    code = (
        "import bot, sys\n"
        f"assert bot.__file__.startswith({str(target)!r}), bot.__file__\n"
        "from bot.__main__ import main\n"
        f"sys.exit(main(['check', '--json', {str(REPO / 'examples' / 'koud.txt')!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                            encoding="utf-8", cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert '"language":"nl"' in result.stdout
