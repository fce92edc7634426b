"""A draft carried in a card's own button ("Nog een versie"), so that any server process can answer
the click and nothing is stored: the text lives only in the person's own chat."""

from __future__ import annotations

import base64
import json
import zlib

MAX_PACKED = 2000
"""Slack's limit for a button value; Teams' card data is held to the same."""


def encode_draft(draft: str, tenant_message: str | None, language: str) -> str | None:
    """The draft packed into a button value for "Nog een versie", or None when it does not fit.

    Carrying the draft in the card itself keeps the server stateless (any process can answer the
    click) and stores nothing: the text lives only in the person's own Slack message.
    """
    raw = json.dumps({"d": draft, "t": tenant_message, "l": language}, ensure_ascii=False).encode()
    packed = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode()
    return packed if len(packed) <= MAX_PACKED else None


def decode_draft(value: str) -> tuple[str, str | None, str]:
    """The inverse of :func:`encode_draft`: (draft, tenant_message, language)."""
    data = json.loads(zlib.decompress(base64.urlsafe_b64decode(value.encode())))
    return data["d"], data.get("t"), data.get("l") or "nl"
