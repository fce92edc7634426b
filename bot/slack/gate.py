"""The door of ``POST /slack/events``: a request is signed and well formed before Bolt sees it.

Bolt verifies signatures too, but it logs the raw body of every request that fails ("Invalid
request signature detected (... body: ...)") — the whole draft, with names, BSN and IBAN — and it
parses the body before it checks the signature, so ``null``, ``[]``, a cut-off JSON body,
``payload=notjson`` or a timestamp of ``abc`` end in a 500 with a traceback. Here:

- unsigned, forged, stale or with a malformed timestamp: 401, one log line with the reason, no body;
- signed but not a body Slack sends (JSON that is not an object, a form ``payload`` that is not a
  JSON object, not UTF-8): 400, likewise;
- everything else goes on to Bolt, which checks the signature again and dispatches it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

__all__ = ["Refusal", "check_request", "log_refusal"]

log = logging.getLogger("aandacht.slack")


@dataclass(frozen=True)
class Refusal:
    """Why a request does not reach Bolt: the HTTP status and a reason for the log (never the body)."""

    status: int
    reason: str


def check_request(verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str]) -> Refusal | None:
    """``None`` when the request may go to Bolt, else how to refuse it."""
    timestamp = headers.get("X-Slack-Request-Timestamp")
    signature = headers.get("X-Slack-Signature")
    if not timestamp or not signature:
        return Refusal(401, "no signature")
    if not timestamp.isdigit():
        return Refusal(401, "malformed timestamp")
    if not verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
        return Refusal(401, "invalid or stale signature")
    problem = _malformed(body, headers.get("Content-Type", ""))
    return Refusal(400, problem) if problem else None


def _malformed(body: bytes, content_type: str) -> str | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    if "json" in content_type.lower():
        return None if isinstance(_json(text), dict) else "JSON body is not an object"
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        return None if isinstance(_json(form["payload"][0]), dict) else "payload is not a JSON object"
    if not form and text.strip():
        return "body is neither JSON nor a form"
    return None


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def log_refusal(refusal: Refusal) -> None:
    log.info("Slack request refused with %d: %s", refusal.status, refusal.reason)
