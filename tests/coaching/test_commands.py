"""The tip commands are parsed once, for Slack and Teams alike."""

from __future__ import annotations

import pytest

from bot.coaching import commands as c


@pytest.mark.parametrize(("words", "guideline"), [
    ("horen", "hear"), ("Hear", "hear"), ("erkennen", "acknowledge"), ("nee met zorg", "no_with_care"),
    ("Explain a no with care", "no_with_care"), ("heldere taal", "plain_language"),
    ("plain_language", "plain_language"), ("Mens, geen proces", "person_not_policy"),
    ("volgende stap", "next_step"), ("take seriously", "respect"), ("B1", "plain_language"),
])
def test_guideline_names_in_dutch_english_and_by_id(words, guideline):
    assert c.guideline_named(words) == guideline
    assert c.split_guideline(f"{words} De tip zelf.") == (guideline, "De tip zelf.")


def test_a_tip_that_starts_with_an_ordinary_word_keeps_it():
    assert c.split_guideline("Nee zeggen mag, met uitleg.") == (None, "Nee zeggen mag, met uitleg.")
    assert c.parse("toevoegen Mensen lezen graag hun eigen woorden terug.") == \
        c.AddTip(None, "Mensen lezen graag hun eigen woorden terug.")
    assert c.parse("toevoegen nee Leg uit waarom.") == c.AddTip("no_with_care", "Leg uit waarom.")
    assert c.parse("toevoegen nee: leg uit waarom.") == c.AddTip("no_with_care", "leg uit waarom.")
    assert c.parse("add b1 schrijf kort.") == c.AddTip("plain_language", "schrijf kort.")


@pytest.mark.parametrize(("typed", "command"), [
    ("", c.PickTip()),
    ("horen", c.PickTip("hear")),
    ("lijst b1", c.ListTips("plain_language")),
    ("add [nee met zorg] Zeg wat wel kan.", c.AddTip("no_with_care", "Zeg wat wel kan.")),
    ("wijzig #4 stap Noem een dag.", c.EditTip(4, "next_step", "Noem een dag.")),
    ("verwijder 12", c.RemoveTip(12)),
    ("wis 12", c.RemoveTip(12)),
    ("remove", c.NeedNumber()),
    ("week", c.ShowWeek()),
    ("week uit", c.StopWeek(None)),
    ("week <#C0AB12CD|x> wo 14:00", c.SetWeek("C0AB12CD", 2, 14)),
    ("week here Friday", c.SetWeek("C0HERE", 4, 9)),
    ("week #team maandag", c.SetWeek(None, 0, 9, "#team")),
    ("mijn-gegevens", c.MyData()),
    ("erase-my-data", c.Erase()),
    ("bananen", c.Help(unknown_word="bananen")),
])
def test_what_people_type_becomes_one_typed_command(typed, command):
    assert c.parse(typed, here="C0HERE") == command


def test_a_bare_wis_no_longer_erases_someones_data():
    """``wis`` removed a tip in Teams and erased your own data in Slack; it now only removes a tip."""
    assert c.parse("wis") == c.NeedNumber()
    assert c.parse("wis-mijn-gegevens") == c.Erase()


@pytest.mark.parametrize(("message", "words"), [
    ("tip", ""), ("Tip horen", "horen"), ("tips lijst", "lijst"), ("tip toevoegen b1 Kort.", "toevoegen b1 Kort."),
    ("Tip: bel de huurder terug", None), ("Tips voor uw tuin vindt u hieronder.", None),
    ("tip " + "x" * 900, None),
])
def test_in_a_chat_only_a_real_tip_command_is_taken_for_one(message, words):
    assert c.after_tip_word(message) == words
