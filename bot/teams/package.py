"""``python -m bot teams-package``: the app package zip to upload in Teams.

The package is ``manifest.json`` with the app id filled in, its English localisation and the two
icons, all at the root of the zip as Teams requires. The sources are ``teams/`` in the repository,
which ships inside the wheel as ``bot/teams/app_package`` (a symlink), so an installed bot can
build its own package.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

from bot.teams.icons import png_size

PLACEHOLDER = "{{APP_ID}}"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
FILES = ("manifest.json", "en-us.json", "color.png", "outline.png")
ICON_SIZES = {"color.png": (192, 192), "outline.png": (32, 32)}


class PackageError(ValueError):
    """Something the person must fix before Teams accepts the package; the text says what."""


def source_files() -> dict[str, bytes]:
    source = files("bot.teams").joinpath("app_package")
    return {name: source.joinpath(name).read_bytes() for name in FILES}


def filled_manifest(template: str, app_id: str) -> dict:
    """The manifest with the app id (also the bot id: one Azure registration) in every placeholder."""
    if not GUID.match(app_id or ""):
        raise PackageError(
            f"The app id must be the Microsoft App ID of the Azure bot (a GUID such as "
            f"00000000-0000-0000-0000-000000000000), not {app_id!r}."
        )
    manifest = json.loads(template.replace(PLACEHOLDER, app_id.lower()))
    problems = check_manifest(manifest)
    if problems:
        raise PackageError("teams/manifest.json: " + "; ".join(problems))
    return manifest


def check_manifest(manifest: dict) -> list[str]:
    """The rules Teams enforces on upload that a hand edit most easily breaks."""
    problems = []
    if "{{" in json.dumps(manifest):
        problems.append("a placeholder is left")
    if len(manifest.get("name", {}).get("short", "")) > 30:
        problems.append("name.short is longer than 30 characters")
    if len(manifest.get("description", {}).get("short", "")) > 80:
        problems.append("description.short is longer than 80 characters")
    if len(manifest.get("description", {}).get("full", "")) > 4000:
        problems.append("description.full is longer than 4000 characters")
    for key in ("color", "outline"):
        if manifest.get("icons", {}).get(key) not in FILES:
            problems.append(f"icons.{key} must name a file in the package")
    return problems


def build_package(app_id: str, out: Path) -> Path:
    """Write the zip to ``out`` and return its path."""
    sources = source_files()
    manifest = filled_manifest(sources["manifest.json"].decode("utf-8"), app_id)
    for name, expected in ICON_SIZES.items():
        if png_size(sources[name]) != expected:
            raise PackageError(f"{name} must be {expected[0]}x{expected[1]} pixels")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for name in FILES[1:]:
            archive.writestr(name, sources[name])
    return out


def run_teams_package(app_id: str | None, out: str) -> int:
    """The CLI command: the app id from ``--app-id`` or else the Teams CLIENTID setting."""
    if not app_id:
        from bot.settings import SettingsError, load_settings

        try:
            app_id = load_settings().teams_client_id
        except SettingsError as problem:
            print(problem, file=sys.stderr)
            return 2
    if not app_id:
        print("Give the Microsoft App ID of your Azure bot: --app-id ID (or set "
              "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID).", file=sys.stderr)
        return 2
    try:
        path = build_package(app_id, Path(out))
    except PackageError as problem:
        print(problem, file=sys.stderr)
        return 2
    print(f"{path}: upload it in Teams (Apps > Manage your apps > Upload an app).")
    return 0
