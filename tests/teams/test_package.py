"""`python -m bot teams-package`: a zip Teams accepts, with the app id filled in and the right icons."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib

from bot.__main__ import main
from bot.teams.icons import png_size

APP_ID = "3f1c2a9e-5b7d-4e21-9c3a-0d8e7f6a5b41"


def rgba_pixels(data: bytes) -> list[tuple[int, int, int, int]]:
    width, height = png_size(data)
    assert data[24:26] == bytes([8, 6])  # 8-bit RGBA
    pos, idat = 8, b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 4 + 1
    pixels = []
    for y in range(height):
        assert raw[y * stride] == 0  # filter type none, as written
        row = raw[y * stride + 1:(y + 1) * stride]
        pixels += [tuple(row[i:i + 4]) for i in range(0, len(row), 4)]
    return pixels


def test_package_has_manifest_with_app_id_and_icons(tmp_path, capsys):
    out = tmp_path / "aandacht.zip"
    assert main(["teams-package", "--app-id", APP_ID, "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "en-us.json", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        localisation = json.loads(archive.read("en-us.json"))
        color, outline = archive.read("color.png"), archive.read("outline.png")
    assert manifest["id"] == APP_ID
    assert float(manifest["manifestVersion"]) >= 1.17
    assert "{{" not in json.dumps(manifest)
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID and set(bot["scopes"]) == {"personal", "team", "groupChat"}
    [extension] = manifest["composeExtensions"]
    [command] = extension["commands"]
    assert extension["botId"] == APP_ID
    assert command["id"] == "checkTone" and command["type"] == "action" and command["context"] == ["message"]
    assert command["title"] == "Toon checken"
    assert localisation["composeExtensions[0].commands[0].title"] == "Check tone"
    assert manifest["localizationInfo"]["additionalLanguages"][0]["file"] == "en-us.json"
    assert png_size(color) == (192, 192) and png_size(outline) == (32, 32)
    assert all(a == 255 for *_, a in rgba_pixels(color))  # the colour icon is opaque
    outline_pixels = rgba_pixels(outline)
    assert any(a == 0 for *_, a in outline_pixels)  # transparent background
    assert all((r, g, b) == (255, 255, 255) for r, g, b, a in outline_pixels if a)  # white outline only
    assert str(out) in capsys.readouterr().out


def test_package_without_app_id_says_what_to_set(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    assert main(["teams-package", "--out", str(tmp_path / "x.zip")]) == 2
    assert "--app-id" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


def test_package_refuses_an_app_id_that_is_not_a_guid(tmp_path, capsys):
    assert main(["teams-package", "--app-id", "my-bot", "--out", str(tmp_path / "x.zip")]) == 2
    assert "GUID" in capsys.readouterr().err


def test_committed_icons_are_the_generated_ones():
    """teams/*.png are reproducible from bot.teams.icons (python -m bot.teams.icons teams)."""
    from pathlib import Path

    from bot.teams.icons import color_icon, outline_icon

    teams = Path(__file__).resolve().parents[2] / "teams"
    assert rgba_pixels((teams / "color.png").read_bytes()) == rgba_pixels(color_icon())
    assert rgba_pixels((teams / "outline.png").read_bytes()) == rgba_pixels(outline_icon())
