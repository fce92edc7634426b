"""The repository on SQLite and PostgreSQL: what leads and staff would notice if it went wrong."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from bot.store.repository import K_ANONYMITY, MAX_TIP_CHARS, Counts, Store, StoreError
from bot.store.weeks import week_key

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday, ISO week 48


def add(store: Store, workspace: str, text_: str, guideline: str | None = None, author: str = "ULEAD"):
    return store.add_tip(workspace, text_, author_id=author, author_name="Sanne", guideline=guideline)


def all_cells(store: Store) -> list[str]:
    """Every value in every table, as text: what someone with the database file could read."""
    cells = []
    with store.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                cells.extend(str(value) for value in row)
    return cells


def test_a_tip_comes_back_as_it_was_added(store):
    tip = add(store, "T1", "  Noem eerst wat de huurder schreef.  ", "hear")
    assert tip.id > 0
    [listed] = store.list_tips("T1")
    assert (listed.text, listed.guideline, listed.author_name) == ("Noem eerst wat de huurder schreef.", "hear", "Sanne")
    assert listed.created_at.tzinfo is not None and listed.created_at == listed.updated_at


def test_list_filters_by_guideline(store):
    add(store, "T1", "Algemene tip")
    add(store, "T1", "Horen-tip", "hear")
    add(store, "T1", "Erkennen-tip", "acknowledge")
    assert [t.text for t in store.list_tips("T1", "hear")] == ["Horen-tip"]
    assert len(store.list_tips("T1")) == 3


def test_one_workspace_never_sees_or_changes_another_workspaces_tips(store):
    mine = add(store, "T1", "Alleen voor team 1", "hear")
    assert store.list_tips("T2") == []
    assert store.pick_tip("T2") is None and store.pick_tip("T2", "hear") is None
    assert store.get_tip("T2", mine.id) is None
    assert store.remove_tip("T2", mine.id) is False
    assert store.edit_tip("T2", mine.id, "gekaapt") is None
    assert [t.text for t in store.list_tips("T1")] == ["Alleen voor team 1"]


def test_edit_changes_text_and_guideline_and_updated_time(store):
    tip = add(store, "T1", "Oud", "hear")
    later = tip.created_at + timedelta(hours=1)
    edited = store.edit_tip("T1", tip.id, "Nieuw", guideline="acknowledge", now=later)
    assert (edited.text, edited.guideline, edited.updated_at) == ("Nieuw", "acknowledge", later)
    assert store.get_tip("T1", tip.id).created_at == tip.created_at


def test_remove_deletes_only_that_tip(store):
    keep, drop = add(store, "T1", "blijft"), add(store, "T1", "weg")
    assert store.remove_tip("T1", drop.id) is True
    assert store.remove_tip("T1", drop.id) is False
    assert [t.id for t in store.list_tips("T1")] == [keep.id]


def test_pick_takes_turns_through_a_guidelines_tips(store):
    for n in range(3):
        add(store, "T1", f"tip {n}", "hear")
    add(store, "T1", "andere richtlijn", "respect")
    seen = [store.pick_tip("T1", "hear").text for _ in range(6)]
    assert seen == ["tip 0", "tip 1", "tip 2"] * 2
    assert {t.guideline for t in store.pick_tips("T1", ["hear", "respect", "next_step"]).values()} == {
        "hear",
        "respect",
    }


@pytest.mark.parametrize(
    "bad", ["", "   ", "x" * (MAX_TIP_CHARS + 1)], ids=["empty", "blank", "too-long"]
)
def test_invalid_tips_are_refused_and_nothing_is_stored(store, bad):
    with pytest.raises(ValueError):
        add(store, "T1", bad)
    with pytest.raises(ValueError):
        add(store, "T1", "goede tekst", guideline="no_such_guideline")
    assert store.list_tips("T1") == []


def test_a_failing_write_is_reported_and_leaves_nothing_half_written(store):
    """record_review writes team counts, then the person's trend; when the second write fails,
    the first is rolled back too."""
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE user_trends"))
    with pytest.raises(StoreError) as raised:
        store.record_review("T1", "U1", {"hear": "issue"}, now=NOW)
    assert "opslag" in raised.value.message("nl") and "storage" in raised.value.message("en")
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM insight_counts")).scalar() == 0


def test_feedback_is_counted_per_guideline_and_workspace(store):
    for helpful in (True, True, False):
        store.record_feedback("T1", "hear", helpful, now=NOW)
    store.record_feedback("T2", "hear", False, now=NOW)
    tally = store.feedback("T1")["hear"]
    assert (tally.helpful, tally.not_helpful) == (2, 1)
    assert store.feedback("T2")["hear"].helpful == 0
    assert store.feedback("T1", weeks=[week_key(NOW) - 1]) == {}


NEXT_WEEK = NOW + timedelta(days=7)


def test_team_figures_appear_only_when_five_different_people_contributed(store):
    for _ in range(10):  # one busy person is still one person
        store.record_review("T1", "U0", {"hear": "issue", "plain_language": "ok"}, now=NOW)
    for person in range(1, K_ANONYMITY - 1):
        store.record_review("T1", f"U{person}", {"hear": "ok"}, now=NOW)
    [week, _] = store.team_insights("T1", weeks=2, now=NEXT_WEEK)
    assert (week.people, week.shown, dict(week.counts)) == (K_ANONYMITY - 1, False, {})

    store.record_review("T1", "U-fifth", {"hear": "issue"}, now=NOW)
    [week, _] = store.team_insights("T1", weeks=2, now=NEXT_WEEK)
    assert week.shown and week.people == K_ANONYMITY
    assert (week.counts["hear"].reviews, week.counts["hear"].issues) == (14, 11)
    assert store.team_insights("T2", weeks=2, now=NEXT_WEEK)[0].people == 0


def test_a_lead_comparing_two_views_this_week_cannot_read_one_colleagues_review(store):
    for person in range(K_ANONYMITY):
        store.record_review("T1", f"U{person}", {"hear": "ok", "respect": "ok"}, now=NOW)
    before = store.team_insights("T1", weeks=2, now=NOW)
    store.record_review("T1", "U-colleague", {"hear": "issue", "respect": "issue"}, now=NOW)
    after = store.team_insights("T1", weeks=2, now=NOW)
    assert before == after  # the colleague's verdicts show in no difference of two views
    assert not after[-1].shown and after[-1].counts == {} and after[-1].people == 0
    finished = store.team_insights("T1", weeks=2, now=NEXT_WEEK)[0]
    assert finished.shown and finished.counts["hear"].issues == 1  # once the week is over, as a whole


def test_each_week_is_judged_on_its_own(store):
    last_week = NOW - timedelta(days=7)
    for person in range(K_ANONYMITY):
        store.record_review("T1", f"U{person}", {"hear": "issue"}, now=last_week)
    store.record_review("T1", "U0", {"hear": "ok"}, now=NOW)
    earlier, current, _ = store.team_insights("T1", weeks=3, now=NEXT_WEEK)
    assert earlier.shown and earlier.counts["hear"].issues == K_ANONYMITY
    assert not current.shown and current.counts == {}


def test_own_trend_is_kept_under_a_salted_hash_never_the_user_id(store):
    store.record_review("T1", "U12345", {"hear": "issue", "respect": "ok", "next_step": "n/a"}, now=NOW)
    store.record_review("T1", "U12345", {"hear": "ok"}, now=NOW)
    store.record_review("T1", "UOTHER", {"hear": "issue"}, now=NOW)
    trend = store.user_trend("T1", "U12345", weeks=2, now=NOW)
    assert list(trend) == [week_key(NOW) - 1, week_key(NOW)]
    assert trend[week_key(NOW)]["hear"].reviews == 2 and trend[week_key(NOW)]["hear"].issues == 1
    assert "next_step" not in trend[week_key(NOW)]  # n/a is not a review of that guideline
    assert not any("U12345" in cell or "UOTHER" in cell for cell in all_cells(store))


def test_the_same_person_hashes_differently_per_workspace_and_salt(open_store):
    store = open_store()
    assert store.user_hash("T1", "U1") == store.user_hash("T1", "U1")
    assert store.user_hash("T1", "U1") != store.user_hash("T2", "U1")
    # A second process (fresh cache) uses the salt stored in the database: same hash.
    assert open_store().user_hash("T1", "U1") == store.user_hash("T1", "U1")
    salted = open_store(hash_salt="from-settings")
    assert salted.user_hash("T1", "U1") != store.user_hash("T1", "U1")


def test_a_person_sees_and_erases_what_is_stored_about_them(store):
    add(store, "T1", "Mijn tip", "hear", author="U1")
    add(store, "T1", "Andermans tip", author="U2")
    store.set_schedule("T1", "C1", weekday=0, hour=9, timezone="Europe/Amsterdam", created_by="U1")
    store.record_review("T1", "U1", {"hear": "issue"}, now=NOW)
    store.record_review("T1", "U2", {"hear": "ok"}, now=NOW)

    mine = store.my_data("T1", "U1")
    assert [t.text for t in mine.tips] == ["Mijn tip"]
    assert [s.channel for s in mine.schedules] == ["C1"]
    assert mine.trend[week_key(NOW)]["hear"].issues == 1

    erased = store.erase_my_data("T1", "U1")
    assert (erased.trend_rows, erased.tips_anonymised, erased.schedules_anonymised) == (1, 1, 1)
    after = store.my_data("T1", "U1")
    assert after.tips == [] and after.schedules == [] and after.trend == {}
    assert "U1" not in all_cells(store) and "Sanne" in all_cells(store)  # U2's tip keeps its author
    assert [t.text for t in store.list_tips("T1")] == ["Mijn tip", "Andermans tip"]  # the team keeps the tip
    assert store.user_trend("T1", "U2", weeks=1, now=NOW)[week_key(NOW)]["hear"].reviews == 1


def test_counts_older_than_the_retention_period_are_removed(store):
    store.record_review("T1", "U1", {"hear": "issue"}, now=NOW - timedelta(days=400))
    store.record_feedback("T1", "hear", True, now=NOW - timedelta(days=400))
    store.record_review("T1", "U1", {"hear": "ok"}, now=NOW - timedelta(days=300))
    removed = store.purge_old_counts(12, now=NOW)
    assert removed == 3  # the old team count, the old own-trend row and the old feedback row
    assert sum(len(week) for week in store.my_data("T1", "U1").trend.values()) == 1
    assert store.feedback("T1") == {}


def test_a_week_is_claimed_exactly_once(store):
    store.set_schedule("T1", "C1", weekday=0, hour=9, timezone="Europe/Amsterdam", created_by="U1")
    assert store.claim_week("T1", "C1", 202648) is True
    assert store.claim_week("T1", "C1", 202648) is False
    assert store.claim_week("T2", "C1", 202648) is False  # no such schedule in T2
    store.release_week("T1", "C1", 202648, previous=0)
    assert store.claim_week("T1", "C1", 202648) is True
    assert store.claim_week("T1", "C1", 202649) is True


def test_changing_a_schedule_keeps_this_weeks_claim(store):
    store.set_schedule("T1", "C1", weekday=0, hour=9, timezone="Europe/Amsterdam", created_by="U1")
    store.claim_week("T1", "C1", 202648)
    changed = store.set_schedule("T1", "C1", weekday=4, hour=15, timezone="UTC", created_by="U2")
    assert (changed.weekday, changed.hour, changed.last_run_week) == (4, 15, 202648)
    assert len(store.list_schedules("T1")) == 1 and store.list_schedules("T2") == []
    assert store.remove_schedule("T1", "C1") == 1 and store.list_schedules() == []


def test_a_slack_event_is_claimed_exactly_once_per_workspace(store):
    assert store.claim_event("T1", "Ev01", now=NOW) is True
    assert store.claim_event("T1", "Ev01", now=NOW + timedelta(seconds=5)) is False  # Slack's retry
    assert store.claim_event("T2", "Ev01", now=NOW) is True  # another workspace's event


def test_event_claims_older_than_an_hour_are_removed(store):
    store.claim_event("T1", "EvOLD", now=NOW - timedelta(minutes=61))
    store.claim_event("T1", "EvNEW", now=NOW - timedelta(minutes=5))
    assert store.purge_event_claims(now=NOW) == 1
    assert store.claim_event("T1", "EvOLD", now=NOW) is True  # forgotten
    assert store.claim_event("T1", "EvNEW", now=NOW) is False  # still claimed


def test_setting_the_hash_salt_after_first_use_loses_nobodys_data_rights(open_store):
    before = open_store()  # no AANDACHT_HASH_SALT yet: a random salt per workspace, kept in the database
    before.record_review("T1", "U1", {"hear": "issue", "respect": "ok"}, now=NOW)
    later = open_store(hash_salt="a-salt-set-later")  # as the README advises, set after the first use
    later.record_review("T1", "U1", {"hear": "ok"}, now=NOW)
    mine = later.my_data("T1", "U1")
    assert sum(c.reviews for week in mine.trend.values() for c in week.values()) == 3  # both keys' rows
    assert later.user_trend("T1", "U1", weeks=1, now=NOW)[week_key(NOW)]["hear"] == Counts(2, 1)
    erased = later.erase_my_data("T1", "U1")
    assert erased.trend_rows == 3
    assert later.my_data("T1", "U1").trend == {}
