"""Tips and counts in Teams, from the same store as Slack, scoped by the Microsoft 365 tenant."""

from __future__ import annotations

import asyncio

import pytest

from bot.review.engines import make_reviewer
from bot.store.repository import Store
from tests.teams.adaptive import texts
from tests.teams.conftest import make_settings, message
from tests.teams.test_messages import COLD_NL


async def wait_until(condition, timeout: float = 5.0) -> bool:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


async def test_feedback_is_counted_per_guideline_for_this_tenant_only(bot, connector, database_url):
    activity = message(connector, None, value={"aandacht": "feedback", "useful": False,
                                               "guidelines": ["hear", "next_step"], "lang": "nl"})
    await bot.post(activity)
    await connector.wait_for_messages(1)
    store = Store.open(database_url)
    try:
        tally = store.feedback("tenant-1")
        assert tally["hear"].not_helpful == 1 and tally["next_step"].not_helpful == 1
        assert tally["hear"].helpful == 0
        assert not any(t.helpful or t.not_helpful for t in store.feedback("another-tenant").values())
    finally:
        store.close()


async def test_a_shown_review_is_counted_for_the_person_without_text(bot, connector, database_url):
    await bot.post(message(connector, COLD_NL))
    await connector.wait_for_messages(1)
    store = Store.open(database_url)
    try:
        def counted() -> bool:
            trend = store.user_trend("tenant-1", "aad-user-1")
            return any(counts.reviews for week in trend.values() for counts in week.values())

        assert await wait_until(counted)
        assert not any(c.reviews for w in store.user_trend("another-tenant", "aad-user-1").values()
                       for c in w.values())
    finally:
        store.close()


async def test_team_tip_appears_under_its_guideline_in_the_review(bot, connector, database_url):
    review = make_reviewer(make_settings(), "offline").review(COLD_NL, language="nl")
    guidelines_with_findings = [f.guideline for f in review.findings]
    if not guidelines_with_findings:
        pytest.skip("the offline engine in this tree finds nothing in the cold draft (placeholder engine)")
    guideline = guidelines_with_findings[0]
    store = Store.open(database_url)
    try:
        store.add_tip("tenant-1", "Bel de huurder als het nieuws slecht is.", author_id="u1",
                      author_name="Fatima", guideline=guideline)
        store.add_tip("another-tenant", "Tip van een andere organisatie.", author_id="u2",
                      author_name="Kees", guideline=guideline)
    finally:
        store.close()
    await bot.post(message(connector, COLD_NL))
    [reply] = await connector.wait_for_messages(1)
    shown = texts(reply.activity["attachments"][0]["content"])
    assert "Bel de huurder als het nieuws slecht is. (Fatima)" in shown
    assert "andere organisatie" not in shown
