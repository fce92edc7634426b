"""plain_language: B1 level — everyday words, sentences up to about 25 words, active voice."""

from __future__ import annotations

import pytest

from tests.review._drafts import quotes, review

LONG_NL = (
    "Naar aanleiding van uw verzoek inzake de vervanging van de voordeur delen wij u mede dat deze "
    "werkzaamheden conform de planning in het tweede kwartaal zullen worden uitgevoerd, waarbij u tijdig "
    "middels een brief nader zult worden geïnformeerd over de exacte datum."
)
LONG_EN = (
    "With regard to your request concerning the replacement of the front door, we hereby inform you that "
    "the aforementioned works will be carried out in the second quarter pursuant to the maintenance "
    "schedule, and you will be informed of the exact date in due course by letter."
)


@pytest.mark.parametrize(
    ("draft", "quoted"),
    [
        (f"Beste meneer Ek,\n\n{LONG_NL}\n\nGroet,\nLotte Dam", "inzake"),
        (f"Dear Mr Ek,\n\n{LONG_EN}\n\nRegards,\nLotte Dam", "hereby"),
        (("Beste meneer Ek,\n\nTeneinde de lekkage te verhelpen, komt de loodgieter derhalve dinsdag.\n\nGroet,\n"
         "Lotte Dam"), "Teneinde"),
    ],
)
def test_officialese_and_long_sentences_are_issues(draft, quoted):
    result = review(draft)
    assert result.verdicts["plain_language"] == "issue"
    assert quoted in quotes(result, "plain_language")


def test_the_stijlgids_pairs_are_in_the_lexicon():
    draft = (
        "Beste meneer Ek,\n\nMet betrekking tot uw vraag: vanwege het feit dat de monteur ziek is, komt hij "
        "later.\n\nGroet,\nLotte Dam"
    )
    result = review(draft)
    assert result.verdicts["plain_language"] == "issue"
    rewrite = result.rewrite.lower()
    assert "met betrekking tot" not in rewrite and "over uw vraag" in rewrite
    assert "vanwege het feit dat" not in rewrite and "omdat" in rewrite


@pytest.mark.parametrize(
    "draft",
    [
        ("Beste meneer Ek,\n\nDe nieuwe voordeur komt in juni. Ik laat u een week van tevoren weten op welke dag."
        "\n\nGroet,\nLotte Dam"),
        ("Dear Mr Ek,\n\nYour new front door will be fitted in June. I'll tell you the day a week before."
        "\n\nRegards,\nLotte Dam"),
        "Beste meneer Ek,\n\nIndien u vragen heeft, bel mij gerust.\n\nGroet,\nLotte Dam",  # one formal word
    ],
)
def test_short_everyday_sentences_are_plain(draft):
    assert review(draft).verdicts["plain_language"] == "ok"
