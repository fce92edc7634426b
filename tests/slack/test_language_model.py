"""With a language model configured: the offline card at once, replaced by the model's review;
"Nog een versie" asks the model for another rewrite. The real LLMReviewer and openai SDK run
against the local fake OpenAI-compatible server (the network edge)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from bot.slack import cards
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.slack_api import block_problems, visible_text
from tests.slack.test_commands import COLD_NL
from tests.slack.test_shortcuts import shortcut

REWRITE = (
    "Beste [naam],\n\nU vraagt om een nieuwe keuken. Die vervangen we nu nog niet, omdat keukens pas na "
    "20 jaar worden vervangen. Wat wel kan: [wat wel kan].\n\nMet vriendelijke groet,\n[je naam]"
)


def model_answer(rewrite: str = REWRITE) -> dict:
    return {
        "findings": [
            {"guideline": "person_not_policy", "quote": "Dat is ons beleid", "message": "Beleid is geen mens.",
             "suggestion": "Leg het zelf uit."},
            {"guideline": "respect", "quote": "U had dit overigens zelf kunnen nalezen.",
             "message": "Een verwijt.", "suggestion": "Laat dit weg."},
        ],
        "verdicts": {"hear": "issue", "acknowledge": "issue", "no_with_care": "issue",
                     "person_not_policy": "issue", "respect": "issue", "next_step": "issue",
                     "plain_language": "ok"},
        "score": 25,
        "rewrite": rewrite,
    }


@pytest.fixture
def openai_fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
async def llm_bot(make_slack_bot, openai_fake):
    return await make_slack_bot(openai_api_key="sk-test-not-a-secret", openai_base_url=openai_fake.base_url,
                                model="fake-model", llm_timeout=3.0)


async def test_toon_shows_the_offline_card_then_replaces_it_with_the_models(llm_bot, openai_fake):
    openai_fake.answer(model_answer())
    mark = llm_bot.api.mark()
    reply = await llm_bot.command("/toon", COLD_NL)
    assert reply.status == 200 and reply.seconds < 1.0
    first, second = await llm_bot.api.wait("response_url", since=mark, count=2, settle=0.1)
    assert first.body["response_type"] == "ephemeral" and not first.body.get("replace_original")
    assert "taalmodel kijkt nog mee" in visible_text(first.blocks)
    assert second.body["replace_original"] is True
    assert "Beoordeeld door het taalmodel" in visible_text(second.blocks)
    assert "Leg het zelf uit." in visible_text(second.blocks)
    for call in (first, second):
        assert block_problems(call.blocks) == []
        buttons = [e for b in call.blocks if b["type"] == "actions" for e in b["elements"]]
        assert "Nog een versie" in [b["text"]["text"] for b in buttons]
    assert len(openai_fake.requests) == 1


async def test_a_failing_model_leaves_the_offline_review_with_a_note(llm_bot, openai_fake):
    openai_fake.default = ("status", 500)
    mark = llm_bot.api.mark()
    await llm_bot.command("/toon", COLD_NL)
    first, second = await llm_bot.api.wait("response_url", since=mark, count=2, timeout=10, settle=0.1)
    assert "kijkt nog mee" in visible_text(first.blocks)
    shown = visible_text(second.blocks)
    assert "Beoordeeld met de vaste regels" in shown and "taalmodel" in shown  # the fallback note
    assert "kijkt nog mee" not in shown


async def test_another_version_asks_the_model_again_and_replaces_the_card(llm_bot, openai_fake):
    openai_fake.answer(model_answer())
    openai_fake.answer(model_answer(REWRITE.replace("U vraagt om", "U wilt graag")))
    mark = llm_bot.api.mark()
    await llm_bot.command("/toon", COLD_NL)
    _, card = await llm_bot.api.wait("response_url", since=mark, count=2)
    [another] = [e for b in card.blocks if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == cards.ACTION_ANOTHER]
    mark = llm_bot.api.mark()
    await llm_bot.interaction({"type": "block_actions", "trigger_id": "5.6.again",
                               "container": {"type": "message", "is_ephemeral": True},
                               "response_url": llm_bot.api.response_url("again"),
                               "actions": [{"type": "button", "action_id": cards.ACTION_ANOTHER,
                                            "value": another["value"], "block_id": "b", "action_ts": "1"}]})
    [replaced] = await llm_bot.api.wait("response_url", since=mark, settle=0.1)
    assert replaced.body["replace_original"] is True and block_problems(replaced.blocks) == []
    assert "U wilt graag" in visible_text(replaced.blocks)
    assert len(openai_fake.requests) == 2
    assert openai_fake.requests[1]["messages"] != openai_fake.requests[0]["messages"]  # a new variant


async def test_a_dm_card_is_updated_in_place(llm_bot, openai_fake):
    openai_fake.answer(model_answer())
    mark = llm_bot.api.mark()
    await llm_bot.event(llm_bot.dm(COLD_NL))
    [posted] = await llm_bot.api.wait("chat.postMessage", since=mark)
    [updated] = await llm_bot.api.wait("chat.update", since=mark, settle=0.1)
    assert updated.body["channel"] == "D0TEST" and updated.body["ts"] == posted.response["ts"]
    assert "Beoordeeld door het taalmodel" in visible_text(updated.blocks)
    assert len(llm_bot.api.calls_to("chat.postMessage", since=mark)) == 1


async def test_the_shortcut_modal_is_updated_with_the_models_review(llm_bot, openai_fake):
    openai_fake.answer(model_answer())
    mark = llm_bot.api.mark()
    await llm_bot.interaction(shortcut(COLD_NL))
    [opened] = await llm_bot.api.wait("views.open", since=mark)
    [updated] = await llm_bot.api.wait("views.update", since=mark, settle=0.1)
    assert "kijkt nog mee" in visible_text(opened.body["view"]["blocks"])
    assert updated.body["view_id"] == "V0TEST"
    assert block_problems(updated.blocks, max_blocks=100) == []
    assert "Beoordeeld door het taalmodel" in visible_text(updated.blocks)


async def test_a_mention_gets_the_models_review_as_a_second_private_card(llm_bot, openai_fake):
    """An API-posted ephemeral cannot be updated: the model's review follows it, once."""
    openai_fake.answer(model_answer())
    mark = llm_bot.api.mark()
    await llm_bot.event({"type": "app_mention", "channel": "C0TEST", "user": "U1", "ts": "1.000001",
                         "event_ts": "1.000001", "text": f"<@U0BOT> {COLD_NL}"})
    first, second = await llm_bot.api.wait("chat.postEphemeral", since=mark, count=2, settle=0.2)
    assert "beoordeling volgt hieronder" in visible_text(first.blocks)
    assert "Beoordeeld door het taalmodel" in visible_text(second.blocks)
    assert first.body["user"] == second.body["user"] == "U1"


async def test_a_mention_with_a_failing_model_keeps_one_card(llm_bot, openai_fake):
    openai_fake.default = ("status", 500)
    mark = llm_bot.api.mark()
    finished: asyncio.Queue = asyncio.Queue()
    llm_bot.services.review_observers.append(finished.put)  # told once the model path has ended
    await llm_bot.event({"type": "app_mention", "channel": "C0TEST", "user": "U1", "ts": "1.000002",
                         "event_ts": "1.000002", "text": f"<@U0BOT> {COLD_NL}"})
    final = await asyncio.wait_for(finished.get(), 10)
    assert final.review.engine == "offline" and len(openai_fake.requests) >= 1  # the model was asked, failed
    # a second card would have been posted before the review was reported finished
    assert len(llm_bot.api.calls_to("chat.postEphemeral", since=mark)) == 1
