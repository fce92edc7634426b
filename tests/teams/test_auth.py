"""Authentication on the Teams route: the Agents SDK's own JWT check, on /api/messages only."""

from __future__ import annotations

import asyncio

from tests.teams.conftest import message

COLD = "Uw verzoek is afgewezen conform het beleid. Zie het huurdersportaal."


async def test_activity_without_token_is_refused_and_nothing_is_sent(secured_bot, connector):
    status, body = await secured_bot.post(message(connector, COLD))
    assert status == 401
    assert "error" in body
    await asyncio.sleep(0.3)
    assert connector.sent == []  # not even a typing indicator goes to the serviceUrl


async def test_forged_or_malformed_token_is_refused(secured_bot, connector):
    for header in ("Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer "):
        status, _ = await secured_bot.post(message(connector, COLD), headers={"Authorization": header})
        assert status == 401, header
    await asyncio.sleep(0.3)
    assert connector.sent == []


async def test_invoke_without_token_is_refused(secured_bot, connector):
    activity = message(connector, None, type="invoke", name="composeExtension/fetchTask",
                       value={"commandId": "checkTone", "commandContext": "message",
                              "messagePayload": {"body": {"contentType": "text", "content": COLD}}})
    status, body = await secured_bot.post(activity)
    assert status == 401
    assert "task" not in (body or {})


async def test_health_check_is_not_behind_the_teams_token(secured_bot):
    async with secured_bot.session.get(f"{secured_bot.url}/healthz") as resp:
        assert resp.status == 200


async def test_anonymous_access_admits_activities_without_token(bot, connector):
    status, _ = await bot.post(message(connector, COLD))
    assert status == 202
    assert await connector.wait_for_messages(1)


async def test_malformed_activities_get_400_not_a_server_error(bot, connector):
    broken = [
        {"type": 5, "conversation": {"id": "a:x"}},
        {"type": "message", "id": "m-1", "conversation": {"id": "a:x"}, "text": "Beste mevrouw"},  # no serviceUrl
        [],
    ]
    for activity in broken:
        status, _ = await bot.post(activity)
        assert status == 400, activity
    await asyncio.sleep(0.2)
    assert connector.sent == []


def _unsigned_token(header: dict) -> str:
    import base64
    import json

    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    claims = {"iss": "https://api.botframework.com", "aud": "app-id", "exp": 4102444800}
    return f"{part(header)}.{part(claims)}.c2lnbmF0dXJl"


async def test_a_token_without_a_key_id_gets_401_not_a_server_error(secured_bot, connector):
    for header in ({"alg": "none", "typ": "JWT"}, {"alg": "HS256", "typ": "JWT"}, {"alg": "RS256", "typ": "JWT"}):
        status, _ = await secured_bot.post(message(connector, COLD),
                                           headers={"Authorization": f"Bearer {_unsigned_token(header)}"})
        assert status == 401, header
    await asyncio.sleep(0.3)
    assert connector.sent == []
