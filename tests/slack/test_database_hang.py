"""A database that accepts connections but never answers stops nothing: not start-up, not the card, not /tip."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.conftest import start_slack_bot
from tests.hung_database import hung_postgres
from tests.slack.test_commands import COLD_NL


@pytest.fixture
def hung_url():
    with hung_postgres() as url:
        yield url


async def test_with_a_hung_database_the_server_starts_and_the_card_comes(slack_api, hung_url, tmp_path):
    import aiohttp

    async with aiohttp.ClientSession() as session:
        started = time.monotonic()
        bot, runner = await start_slack_bot(slack_api, session, database_url=hung_url, data_dir=tmp_path)
        try:
            assert time.monotonic() - started < 2  # start-up does not wait on the migration
            mark = slack_api.mark()
            reply = await bot.command("/toon", COLD_NL)
            assert reply.status == 200
            cards = await slack_api.wait("response_url", since=mark, timeout=8)
            assert cards and cards[0].body.get("blocks")  # the review, without tips
        finally:
            await runner.cleanup()


async def test_with_a_hung_database_tip_says_storage_is_away_within_seconds(slack_api, hung_url, tmp_path):
    import aiohttp

    async with aiohttp.ClientSession() as session:
        bot, runner = await start_slack_bot(slack_api, session, database_url=hung_url, data_dir=tmp_path,
                                            lead_ids="ULEAD")
        try:
            mark = slack_api.mark()
            started = time.monotonic()
            await bot.command("/tip", "add Begin met wat de huurder schreef.", user="ULEAD")
            answers = await slack_api.wait("response_url", since=mark, timeout=8)
            assert time.monotonic() - started < 8
            assert answers and "opslag" in str(answers[0].body)
        finally:
            await runner.cleanup()


async def test_healthz_says_degraded_while_the_database_is_away(slack_api, hung_url, tmp_path):
    import aiohttp

    async with aiohttp.ClientSession() as session:
        bot, runner = await start_slack_bot(slack_api, session, database_url=hung_url, data_dir=tmp_path)
        try:
            deadline = time.monotonic() + 10
            health = {}
            while time.monotonic() < deadline:
                async with session.get(f"{bot.url}/healthz") as response:
                    assert response.status == 200
                    health = await response.json()
                if health.get("status") == "degraded":
                    break
                await asyncio.sleep(0.3)
            assert health == {"ok": True, "status": "degraded", "database": "unavailable"}
        finally:
            await runner.cleanup()


async def test_a_sqlite_file_locked_for_long_costs_seconds_not_the_card(make_slack_bot, slack_api, tmp_path):
    import sqlite3

    bot = await make_slack_bot(lead_ids="ULEAD", data_dir=tmp_path / "data")
    holder = sqlite3.connect(tmp_path / "data" / "aandacht.db", timeout=1, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the file for a long time
    try:
        mark = slack_api.mark()
        started = time.monotonic()
        await bot.command("/tip", "add Begin met wat de huurder schreef.", user="ULEAD")
        answers = await slack_api.wait("response_url", since=mark, timeout=8)
        assert time.monotonic() - started < 6 and answers and "opslag" in str(answers[0].body)
        mark = slack_api.mark()
        await bot.command("/toon", COLD_NL)
        cards = await slack_api.wait("response_url", since=mark, timeout=8)
        assert cards and cards[0].body.get("blocks")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
