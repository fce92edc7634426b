"""Events through the real handler: drafts in DMs, what is ignored, mentions, retries, App Home."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.fakes.slack_api import BOT_ID, BOT_USER_ID, block_problems, visible_text
from tests.slack.test_commands import COLD_EN, COLD_NL
from tests.store.conftest import pg_schema_url  # noqa: F401 - a fresh PostgreSQL schema per test

POSTS = ("chat.postMessage", "chat.postEphemeral")
TENANT = "Mijn keukenkastjes zitten los en het aanrecht is kapot. Wanneer wordt de keuken vervangen?"


async def test_a_draft_in_a_dm_gets_the_card_in_its_thread(slack_bot):
    mark = slack_bot.api.mark()
    event = slack_bot.dm(COLD_NL)
    reply = await slack_bot.event(event)
    assert reply.status == 200 and reply.seconds < 1.0
    [post] = await slack_bot.api.wait("chat.postMessage", since=mark, settle=0.1)
    assert post.body["channel"] == "D0TEST" and post.body["thread_ts"] == event["ts"]
    assert block_problems(post.blocks) == [] and post.body["text"]
    assert "/100" in visible_text(post.blocks)


@pytest.mark.parametrize("text", ["hoi", "Hallo!", "hoe werkt dit?", "What can you do?", "help"])
async def test_a_greeting_or_question_to_the_bot_gets_help_not_a_review(slack_bot, text):
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm(text))
    [post] = await slack_bot.api.wait("chat.postMessage", since=mark, settle=0.1)
    assert "Aandacht" in post.body["text"] and "/100" not in visible_text(post.blocks)


@pytest.mark.parametrize("text", ["bedankt!", "Top, dank je", "thanks :pray:"])
async def test_thanks_after_a_card_gets_a_short_word_back(slack_bot, text):
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm(text, thread_ts="1700000000.000300"))
    [post] = await slack_bot.api.wait("chat.postMessage", since=mark, settle=0.1)
    assert post.body["thread_ts"] == "1700000000.000300"
    assert "Graag gedaan" in post.body["text"] and "/100" not in visible_text(post.blocks)


async def test_a_short_question_to_a_tenant_is_still_a_draft(slack_bot):
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm("Kunt u mij een foto van de lekkage sturen?"))
    [post] = await slack_bot.api.wait("chat.postMessage", since=mark, settle=0.1)
    assert "/100" in visible_text(post.blocks)


@pytest.mark.parametrize("extra", [
    {"subtype": "bot_message", "bot_id": "B0OTHER", "user": None},
    {"bot_id": BOT_ID, "user": BOT_USER_ID},  # the bot's own message
    {"subtype": "message_changed", "message": {"text": COLD_NL}},
    {"subtype": "message_deleted"},
    {"subtype": "channel_join"},
])
async def test_bots_own_edits_deletions_and_other_subtypes_are_ignored(slack_bot, extra):
    mark = slack_bot.api.mark()
    reply = await slack_bot.event(slack_bot.dm(COLD_NL, **extra))
    assert reply.status == 200
    assert await slack_bot.api.wait(*POSTS, since=mark, timeout=0.5) == []


async def test_channel_messages_are_not_reviewed(slack_bot):
    mark = slack_bot.api.mark()
    event = slack_bot.dm(COLD_NL)
    event.update(channel="C0TEST", channel_type="channel")
    assert (await slack_bot.event(event)).status == 200
    assert await slack_bot.api.wait(*POSTS, since=mark, timeout=0.5) == []


async def test_a_retried_event_never_makes_a_second_card(slack_bot):
    mark = slack_bot.api.mark()
    event = slack_bot.dm(COLD_NL)
    first = await slack_bot.event(event, event_id="EvSAME")
    retry = await slack_bot.event(event, event_id="EvSAME",
                                  headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    assert first.status == retry.status == 200
    assert len(await slack_bot.api.wait("chat.postMessage", since=mark, count=2, timeout=1.0)) == 1


async def test_a_retry_after_a_late_ack_is_skipped_even_when_this_process_never_saw_it(slack_bot):
    mark = slack_bot.api.mark()
    reply = await slack_bot.event(slack_bot.dm(COLD_NL), event_id="EvSEENELSEWHERE",
                                  headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert reply.status == 200
    assert await slack_bot.api.wait(*POSTS, since=mark, timeout=0.5) == []


async def test_a_retry_after_a_failed_delivery_is_handled_once(slack_bot):
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm(COLD_NL), event_id="EvLOST",
                          headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    assert len(await slack_bot.api.wait("chat.postMessage", since=mark, settle=0.1)) == 1


async def test_a_mention_reviews_the_text_after_it_privately_for_the_asker(slack_bot):
    mark = slack_bot.api.mark()
    ts = f"{time.time():.6f}"
    await slack_bot.event({"type": "app_mention", "channel": "C0TEST", "user": "U1", "ts": ts, "event_ts": ts,
                           "text": f"<@{BOT_USER_ID}> {COLD_EN}"})
    [post] = await slack_bot.api.wait("chat.postEphemeral", since=mark, settle=0.1)
    assert post.body["user"] == "U1" and post.body["channel"] == "C0TEST"
    assert block_problems(post.blocks) == [] and "Tone review" in visible_text(post.blocks)
    assert not slack_bot.api.calls_to("chat.postMessage", since=mark)


async def test_a_mention_without_text_in_a_thread_reviews_the_threads_first_message(slack_bot):
    slack_bot.api.threads["1700000000.000100"] = [{"type": "message", "user": "U2", "text": COLD_EN,
                                                   "ts": "1700000000.000100"}]
    mark = slack_bot.api.mark()
    ts = f"{time.time():.6f}"
    await slack_bot.event({"type": "app_mention", "channel": "C0TEST", "user": "U1", "ts": ts, "event_ts": ts,
                           "thread_ts": "1700000000.000100", "text": f"<@{BOT_USER_ID}>"})
    [post] = await slack_bot.api.wait("chat.postEphemeral", since=mark, settle=0.1)
    assert post.body["thread_ts"] == "1700000000.000100" and post.body["user"] == "U1"
    assert "Tone review" in visible_text(post.blocks)  # the parent is English; the card follows it
    [replies] = slack_bot.api.calls_to("conversations.replies", since=mark)
    assert replies.body["ts"] == "1700000000.000100"


async def test_a_draft_under_a_tenants_thread_takes_the_tenants_message_as_context(slack_bot):
    slack_bot.api.threads["1700000000.000200"] = [{"type": "message", "user": "U9", "text": TENANT,
                                                   "ts": "1700000000.000200"}]
    mark = slack_bot.api.mark()
    ts = f"{time.time():.6f}"
    await slack_bot.event({"type": "app_mention", "channel": "C0TEST", "user": "U1", "ts": ts, "event_ts": ts,
                           "thread_ts": "1700000000.000200", "text": f"<@{BOT_USER_ID}> {COLD_NL}"})
    [post] = await slack_bot.api.wait("chat.postEphemeral", since=mark, settle=0.1)
    assert "bericht van de huurder meegenomen" in visible_text(post.blocks)


REVISED_NL = COLD_NL.replace("U had dit overigens zelf kunnen nalezen.", "Ik bel u morgen om het uit te leggen.")


@pytest.mark.parametrize(("parent", "context_taken"), [
    (TENANT, True),  # the person pasted the tenant's message, then answered it in its thread
    ("&gt; " + TENANT + "\n\n" + COLD_EN, True),  # an earlier draft under the quoted tenant: that quote
    (COLD_NL, False),  # an earlier version of this draft: a revision, not the tenant
])
async def test_a_draft_in_a_dm_thread_takes_the_tenants_message_from_the_threads_start(
    slack_bot, parent, context_taken
):
    slack_bot.api.threads["1700000000.000300"] = [{"type": "message", "user": "U1", "text": parent,
                                                   "ts": "1700000000.000300"}]
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm(REVISED_NL, thread_ts="1700000000.000300"))
    [post] = await slack_bot.api.wait("chat.postMessage", since=mark, settle=0.1)
    assert post.body["thread_ts"] == "1700000000.000300"
    assert ("bericht van de huurder meegenomen" in visible_text(post.blocks)) is context_taken
    [replies] = slack_bot.api.calls_to("conversations.replies", since=mark)
    assert (replies.body["channel"], replies.body["ts"]) == ("D0TEST", "1700000000.000300")


async def test_a_draft_in_a_dm_thread_under_the_bots_own_card_has_no_tenant_context(slack_bot):
    slack_bot.api.threads["1700000000.000400"] = [{"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID,
                                                   "text": TENANT, "ts": "1700000000.000400"}]
    mark = slack_bot.api.mark()
    await slack_bot.event(slack_bot.dm(COLD_NL, thread_ts="1700000000.000400"))
    [post] = await slack_bot.api.wait("chat.postMessage", since=mark, settle=0.1)
    assert "/100" in visible_text(post.blocks) and "meegenomen" not in visible_text(post.blocks)


async def test_a_draft_under_a_quoted_tenant_message_takes_it_as_context(slack_bot):
    mark = slack_bot.api.mark()
    quoted = "\n".join(f"&gt; {line}" for line in TENANT.split(". "))
    await slack_bot.event(slack_bot.dm(f"{quoted}\n\n{COLD_NL}"))
    [post] = await slack_bot.api.wait("chat.postMessage", since=mark, settle=0.1)
    assert "bericht van de huurder meegenomen" in visible_text(post.blocks)


@pytest.mark.parametrize(("locale", "title", "label"), [
    ("nl-NL", "Aandacht: warmere reacties aan huurders", "Mens, geen proces"),
    ("en-US", "Aandacht: warmer replies to tenants", "Person, not process"),
])
async def test_app_home_explains_the_bot_and_the_rubric_in_the_users_language(slack_bot, locale, title, label):
    slack_bot.api.locales["U5"] = locale
    mark = slack_bot.api.mark()
    await slack_bot.event({"type": "app_home_opened", "user": "U5", "channel": "D0HOME", "tab": "home",
                           "event_ts": f"{time.time():.6f}"})
    [publish] = await slack_bot.api.wait("views.publish", since=mark)
    assert publish.body["user_id"] == "U5" and publish.body["view"]["type"] == "home"
    assert block_problems(publish.blocks, max_blocks=100) == []
    shown = visible_text(publish.blocks)
    assert title in shown and label in shown and "/toon" in shown


async def test_app_home_shows_blocks_from_providers_and_survives_a_broken_one(slack_bot):
    async def insights(home):
        return [{"type": "section", "text": {"type": "mrkdwn", "text": f"Inzichten voor {home.user_id}"}}]

    async def broken(home):
        raise RuntimeError("database down")

    slack_bot.services.home_blocks.extend([broken, insights])
    mark = slack_bot.api.mark()
    await slack_bot.event({"type": "app_home_opened", "user": "U6", "channel": "D0HOME", "tab": "home",
                           "event_ts": f"{time.time():.6f}"})
    [publish] = await slack_bot.api.wait("views.publish", since=mark)
    assert "Inzichten voor U6" in visible_text(publish.blocks)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_retry_reaching_another_server_on_the_same_database_makes_no_second_card(
    make_slack_bot, tmp_path, request, backend
):
    """Behind a load balancer Slack's retry may reach another process: the database claim holds."""
    url = request.getfixturevalue("pg_schema_url") if backend == "postgresql" else None
    first = await make_slack_bot(data_dir=tmp_path / "data", database_url=url)
    second = await make_slack_bot(data_dir=tmp_path / "data", database_url=url)
    await first.database_ready()
    await second.database_ready()
    mark = first.api.mark()
    event = first.dm(COLD_NL)
    assert (await first.event(event, event_id="EvTWICE")).status == 200
    retry = await second.event(event, event_id="EvTWICE",
                               headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    assert retry.status == 200
    assert len(await first.api.wait("chat.postMessage", since=mark, count=2, timeout=1.5)) == 1


async def test_the_same_event_at_two_servers_at_once_makes_one_card(make_slack_bot, tmp_path):
    first = await make_slack_bot(data_dir=tmp_path / "data")
    second = await make_slack_bot(data_dir=tmp_path / "data")
    mark = first.api.mark()
    event = first.dm(COLD_NL)
    replies = await asyncio.gather(*(bot.event(event, event_id="EvRACE") for bot in (first, second, first, second)))
    assert [reply.status for reply in replies] == [200] * 4
    assert len(await first.api.wait("chat.postMessage", since=mark, count=2, timeout=1.5)) == 1


async def test_with_the_database_away_every_draft_is_still_reviewed_and_retries_skipped_here(make_slack_bot):
    bot = await make_slack_bot(database_url="postgresql://postgres@127.0.0.1:1/gone", ready=False)
    mark = bot.api.mark()
    event = bot.dm(COLD_NL)
    await bot.event(event, event_id="EvNODB")
    await bot.event(event, event_id="EvNODB",
                    headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    await bot.event(bot.dm(COLD_NL), event_id="EvNODB2")
    assert len(await bot.api.wait("chat.postMessage", since=mark, count=3, timeout=1.5)) == 2
