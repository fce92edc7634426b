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


def test_no_module_of_the_package_imports_itself_back_through_another():
    """No import cycles in bot/, also not through imports inside functions or for type checking only:
    a cycle is two modules that cannot be understood, tested or moved one without the other."""
    import grimp

    graph = grimp.build_graph("bot")
    cycles = sorted({tuple(sorted((module, imported))) for module in graph.modules
                     for imported in graph.find_modules_directly_imported_by(module)
                     if graph.chain_exists(importer=imported, imported=module)})
    assert cycles == []
