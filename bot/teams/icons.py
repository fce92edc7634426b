"""The two Teams app icons, drawn with the standard library only (zlib + struct, no image library).

Teams wants a 192x192 full-colour icon and a 32x32 outline icon that is white on a transparent
background. Both show a speech bubble, the bot's one idea: a reply to a tenant.
The committed ``teams/color.png`` and ``teams/outline.png`` are the output of :func:`write_icons`.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ACCENT = (46, 125, 107)  # #2E7D6B, also the manifest's accentColor
WHITE = (255, 255, 255)

Pixel = tuple[int, int, int, int]


def png(width: int, height: int, pixels: list[list[Pixel]]) -> bytes:
    """An 8-bit RGBA PNG (colour type 6) of ``pixels`` rows."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def _in_bubble(x: float, y: float, size: float) -> bool:
    """Inside a speech bubble: an ellipse in the upper part and a small tail at the bottom left."""
    cx, cy, rx, ry = size * 0.5, size * 0.44, size * 0.36, size * 0.28
    if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0:
        return True
    # tail: a triangle below the ellipse, pointing down-left
    tx0, ty0 = size * 0.30, size * 0.62
    tx1, ty1 = size * 0.46, size * 0.66
    tx2, ty2 = size * 0.24, size * 0.84

    def side(ax: float, ay: float, bx: float, by: float) -> float:
        return (x - bx) * (ay - by) - (ax - bx) * (y - by)

    d1, d2, d3 = side(tx0, ty0, tx1, ty1), side(tx1, ty1, tx2, ty2), side(tx2, ty2, tx0, ty0)
    has_neg = d1 < 0 or d2 < 0 or d3 < 0
    has_pos = d1 > 0 or d2 > 0 or d3 > 0
    return not (has_neg and has_pos)


def _coverage(x: int, y: int, size: int, inside, samples: int = 4) -> float:
    """Share of a pixel covered by a shape (supersampled), for smooth edges."""
    hits = sum(
        inside(x + (i + 0.5) / samples, y + (j + 0.5) / samples, size)
        for i in range(samples) for j in range(samples)
    )
    return hits / (samples * samples)


def color_icon(size: int = 192) -> bytes:
    """White speech bubble with three accent dots on an accent background (full colour, opaque)."""
    dots = [(size * f, size * 0.44) for f in (0.36, 0.5, 0.64)]
    radius = size * 0.045

    def in_dot(x: float, y: float, _size: float) -> bool:
        return any((x - dx) ** 2 + (y - dy) ** 2 <= radius**2 for dx, dy in dots)

    rows: list[list[Pixel]] = []
    for y in range(size):
        row: list[Pixel] = []
        for x in range(size):
            bubble = _coverage(x, y, size, _in_bubble)
            dot = _coverage(x, y, size, in_dot) if bubble else 0.0
            white = bubble * (1 - dot)
            row.append(tuple(round(a + (w - a) * white) for a, w in zip(ACCENT, WHITE, strict=True)) + (255,))
        rows.append(row)
    return png(size, size, rows)


def outline_icon(size: int = 32) -> bytes:
    """A white speech-bubble outline on a transparent background, as Teams requires for the outline icon."""
    inner = 0.13  # stroke width as a share of the size

    def in_outline(x: float, y: float, s: float) -> bool:
        if not _in_bubble(x, y, s):
            return False
        shrink = 1 - 2 * inner
        # the inside of the ring: the same bubble, scaled around its centre
        cx, cy = s * 0.5, s * 0.5
        return not _in_bubble(cx + (x - cx) / shrink, cy + (y - cy) / shrink, s)

    rows: list[list[Pixel]] = []
    for y in range(size):
        rows.append([(255, 255, 255, round(255 * _coverage(x, y, size, in_outline))) for x in range(size)])
    return png(size, size, rows)


def write_icons(directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    color, outline = directory / "color.png", directory / "outline.png"
    color.write_bytes(color_icon())
    outline.write_bytes(outline_icon())
    return color, outline


if __name__ == "__main__":  # regenerate the committed icons: python -m bot.teams.icons teams
    import sys

    for path in write_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "teams")):
        print(path)
