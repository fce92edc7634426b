"""The shape of the package, kept by import-linter's contracts in pyproject.toml ([tool.importlinter])."""

from __future__ import annotations

import os

import pytest

from tests.conftest import REPO

importlinter_cli = pytest.importorskip("importlinter.cli")


def test_the_engine_imports_no_surface_and_slack_and_teams_do_not_import_each_other(tmp_path):
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        status = importlinter_cli.lint_imports(config_filename=str(REPO / "pyproject.toml"),
                                               cache_dir=str(tmp_path), no_logo=True)
    finally:
        os.chdir(cwd)
    assert status == 0
