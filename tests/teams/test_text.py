"""What a Teams user wrote, as the engine should see it."""

from __future__ import annotations

import pytest

from bot.review.quoting import split_tenant_quote
from bot.teams.text import (
    greeting_language,
    has_words,
    html_to_text,
    locale_language,
    message_text,
)

BOT = {"Aandacht"}


@pytest.mark.parametrize(("raw", "expected"), [
    ("<at>Aandacht</at> Beste mevrouw Jansen, we komen dinsdag.", "Beste mevrouw Jansen, we komen dinsdag."),
    ("<at>Aandacht</at>: Beste mevrouw", "Beste mevrouw"),
    ("Beste mevrouw, we komen dinsdag. <at>Aandacht</at>", "Beste mevrouw, we komen dinsdag."),
    ("<at>Aandacht</at> Beste meneer, <at>Jan Bakker</at> belt u.", "Beste meneer, Jan Bakker belt u."),
    ("<at>Aandacht</at>", ""),
    ("Beste mevrouw &amp; meneer", "Beste mevrouw & meneer"),
])
def test_message_text_reviews_the_words_around_the_bot_mention(raw, expected):
    assert message_text(raw, BOT) == expected


def test_without_a_known_bot_name_a_leading_mention_is_the_bot():
    assert message_text("<at>Toonbot</at> Beste mevrouw", set()) == "Beste mevrouw"


def test_html_message_becomes_paragraphs_of_plain_text():
    html = ("<div><p>Geachte heer,</p><p>Uw verzoek is <strong>afgewezen</strong>.<br>Zie &quot;het portaal&quot;."
            "</p><ul><li>punt een</li></ul><script>x()</script></div>")
    assert html_to_text(html) == 'Geachte heer,\n\nUw verzoek is afgewezen.\nZie "het portaal".\n\n- punt een'


@pytest.mark.parametrize(("text", "lang"), [
    ("hallo", "nl"), ("Hoi!", "nl"), ("help", "nl"), ("Hoe werkt dit?", "nl"), ("What can you do?", "en"),
    ("good morning", "en"),
])
def test_greetings_and_questions_to_the_bot_get_help(text, lang):
    assert greeting_language(text, "nl") == lang


@pytest.mark.parametrize("text", [
    "Hallo mevrouw Jansen, de monteur komt dinsdag.",
    "Beste meneer, kunt u ons helpen?",
    "Uw verzoek is afgewezen.",
])
def test_drafts_that_start_like_a_greeting_are_reviewed(text):
    assert greeting_language(text, "nl") is None


def test_ambiguous_greeting_follows_the_users_language():
    assert greeting_language("help", "en") == "en"
    assert greeting_language("hey", "nl") == "nl"


def test_quoted_tenant_message_above_the_draft_is_context():
    text = "> De verwarming is al een week kapot.\n> Wanneer komt er iemand?\n\nBeste mevrouw, de monteur komt."
    assert split_tenant_quote(text) == ("Beste mevrouw, de monteur komt.",
                                          "De verwarming is al een week kapot.\nWanneer komt er iemand?")
    assert split_tenant_quote("> Alleen geciteerd") == ("Alleen geciteerd", None)
    assert split_tenant_quote("Geen citaat") == ("Geen citaat", None)


def test_nothing_to_review():
    assert not has_words("👍 https://example.com/x 123")
    assert has_words("Ja")


def test_locale_decides_help_language():
    assert locale_language("en-GB") == "en"
    assert locale_language("nl-BE") == "nl" and locale_language(None) == "nl" and locale_language("de-DE") == "nl"
