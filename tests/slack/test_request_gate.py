"""What reaches the log and what answers junk: drafts never in the log, junk never a 500."""

from __future__ import annotations

import json
import logging
import urllib.parse

import pytest

from bot.logs import OneLineFormatter
from tests.slack.test_commands import COLD_NL

SECRET_WORDS = "Vertrouwelijk over mevrouw Q7Jansen, IBAN NL91ABNA0417164300, BSN 111222333"
FORM = "application/x-www-form-urlencoded"


def toon(bot, text: str = SECRET_WORDS) -> str:
    return urllib.parse.urlencode({"command": "/toon", "text": text, "user_id": "U1", "team_id": "T0TEST",
                                   "channel_id": "C1", "response_url": bot.api.response_url("gate")})


async def test_a_request_with_a_wrong_signature_leaves_no_draft_words_in_the_log(slack_bot, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="aandacht")
    forged = await slack_bot.post(toon(slack_bot), FORM, secret="rotated-secret")
    stale = await slack_bot.post(toon(slack_bot), FORM, timestamp=1)
    event = json.dumps({"type": "event_callback", "event": {"type": "message", "text": SECRET_WORDS}})
    forged_event = await slack_bot.post(event, "application/json", secret="rotated-secret")
    assert (forged.status, stale.status, forged_event.status) == (401, 401, 401)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "refused with 401" in logged  # the reason is kept ...
    for word in ("Q7Jansen", "NL91ABNA0417164300", "111222333"):
        assert word not in logged  # ... the body is not


def test_user_text_in_a_log_message_cannot_start_a_new_log_line():
    record = logging.LogRecord("aandacht.slack", logging.WARNING, __file__, 1,
                               "reason: %s", ("x\n2026-12-04 19:00:00,000 WARNING aandacht: FORGED",), None)
    line = OneLineFormatter("%(levelname)s %(name)s: %(message)s").format(record)
    assert "\n" not in line and "FORGED" in line


@pytest.mark.parametrize(("body", "content_type"), [
    ("null", "application/json"),
    ("[]", "application/json"),
    ('{"type": "event_callback", ', "application/json"),
    ("payload=notjson", FORM),
    ("payload=%5B1%5D", FORM),
])
async def test_junk_gets_401_unsigned_and_400_signed_never_a_500(slack_bot, body, content_type, caplog):
    async with slack_bot.session.post(f"{slack_bot.url}/slack/events", data=body,
                                      headers={"Content-Type": content_type}) as unsigned:
        assert unsigned.status == 401
    signed = await slack_bot.post(body, content_type)
    assert signed.status == 400
    assert not [r for r in caplog.records if r.exc_info]  # no traceback


async def test_a_timestamp_that_is_not_a_number_gets_401(slack_bot):
    headers = {"Content-Type": FORM, "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}
    async with slack_bot.session.post(f"{slack_bot.url}/slack/events", data="command=/toon&text=x",
                                      headers=headers) as response:
        assert response.status == 401


async def test_a_signed_well_formed_command_still_gets_its_card(slack_bot):
    mark = slack_bot.api.mark()
    reply = await slack_bot.post(toon(slack_bot, COLD_NL), FORM)
    assert reply.status == 200
    assert await slack_bot.api.wait("response_url", since=mark, timeout=5)
