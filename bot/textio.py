"""Bytes from a file or a pipe -> the text a person meant, or a clear "this is not text".

- a byte-order mark decides: UTF-8, UTF-16 LE/BE;
- otherwise UTF-8; a file that is UTF-8 but for a few broken bytes keeps its "één" and gets the
  broken bytes replaced, with a note that says how many;
- a file with no UTF-8 multi-byte character at all but with bytes above 127 is an old Windows file
  (Notepad's "ANSI"): Windows-1252;
- NUL bytes, many control characters or mostly undecodable bytes: not text (:class:`NotText`).
"""

from __future__ import annotations

import codecs
import re
from typing import Self

__all__ = ["Decoded", "NotText", "decode_text"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
MAX_BAD_SHARE = 0.02
MAX_CONTROL_SHARE = 0.02


class NotText(ValueError):
    """The bytes are not a text a person wrote (a binary file, random bytes)."""


class Decoded(str):
    """The decoded text; ``replaced`` counts the bytes that could not be read and were replaced."""

    replaced: int = 0

    def __new__(cls, text: str, replaced: int = 0) -> Self:
        value = super().__new__(cls, text)
        value.replaced = replaced
        return value


def decode_text(data: bytes) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:].decode("utf-8", errors="replace"), data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16", errors="replace"), data)
    try:
        return _checked(data.decode("utf-8"), data)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise NotText("NUL bytes")
    if not _UTF8_MULTIBYTE.search(data):
        return _checked(data.decode("cp1252", errors="replace"), data)
    text = data.decode("utf-8", errors="replace")
    return _checked(text, data)


def _checked(text: str, data: bytes) -> Decoded:
    replaced = text.count("\ufffd")
    if "\x00" in text or (text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text) + 1):
        raise NotText("control characters")
    if text and replaced > MAX_BAD_SHARE * len(text) + 2:
        raise NotText("undecodable bytes")
    return Decoded(text, replaced)
