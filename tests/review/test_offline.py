"""The offline reviewer as a whole: chat input, offsets, languages, long and empty drafts, data files."""

from __future__ import annotations

import asyncio

import pytest

from bot.review.language import detect_language
from bot.review.model import GUIDELINE_IDS, EmptyDraft, NoWords, OnlyGreeting, UnsupportedLanguage
from bot.review.offline import OfflineReviewer
from bot.review.text import prepare, split_sentences
from tests.review._drafts import review

COLD_NL = (
    "Geachte heer/mevrouw,\n\nNaar aanleiding van uw melding delen wij u mede dat deze in behandeling is "
    "genomen. Wij wijzen u erop dat u de lekkage eerder had moeten melden. Dat is ons beleid.\n\n"
    "Met vriendelijke groet,\nTeam Klantcontact"
)
WARM_NL = (
    "Beste mevrouw Veen,\n\nWat vervelend dat het al een week lekt bij uw dakraam, en dat u steeds emmers moet "
    "legen. U schrijft dat het vooral bij harde wind erger wordt. Dakdekker Joost komt donderdag 6 maart tussen "
    "8.00 en 12.00 uur. Hij dicht het lek meteen. Lukt dat niet, dan bel ik u dezelfde middag. U bereikt mij "
    "op 06 11 22 33 44.\n\nHartelijke groet,\nLisa Kramer"
)
TENANT_NL = "Het lekt al een week bij mijn dakraam, vooral bij harde wind. Ik moet steeds emmers legen. Groet, mw. Veen"


def test_every_review_has_all_seven_verdicts_and_the_offline_engine():
    result = review(COLD_NL)
    assert set(result.verdicts) == set(GUIDELINE_IDS)
    assert result.engine == "offline" and result.language == "nl"


def test_warm_scores_high_cold_scores_low_and_the_warmer_version_higher():
    cold, warm = review(COLD_NL, TENANT_NL), review(WARM_NL, TENANT_NL)
    assert not warm.issues() and warm.score >= 80
    assert len(cold.issues()) >= 4 and cold.score < 50
    assert warm.score > cold.score


def test_slack_markup_is_read_as_text_and_quotes_index_the_original():
    draft = (
        "Beste <@U123ABC>,\n\n*Inzake* uw melding delen wij u mede: zie <https://example.nl/portaal|het huurdersportaal> :wave:\n"
        "> quote van de huurder: wij wijzen u erop\n```\nteneinde code\n```\nGroet,\nTeam Klantcontact"
    )
    result = review(draft)
    quoted = [f.quote for f in result.findings if f.quote]
    assert "Inzake" in quoted and "huurdersportaal" in " ".join(quoted)
    assert not any("teneinde" in q or "wijzen u erop" in q for q in quoted)  # code and quoted lines skipped
    for finding in result.findings:
        if finding.quote:
            assert draft[finding.start : finding.end] == finding.quote


def test_the_prepared_text_maps_back_to_the_draft():
    draft = "Hoi <@U1>, zie <https://x.nl|de site> &amp; *dit*."
    prepared = prepare(draft)
    assert prepared.text == "Hoi , zie de site & dit."
    start = prepared.text.index("de site")
    a, b = prepared.span_in_draft(start, start + len("de site"))
    assert draft[a:b] == "de site"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Geachte mevr. A. de Vries, tel. 06-12345678. Wij komen op 14.30 uur.",
         ["Geachte mevr. A. de Vries, tel. 06-12345678.", "Wij komen op 14.30 uur."]),
        ("U betaalt € 1.250,50 per jan. 2026. Mail j.jansen@corp.nl. Klaar!",
         ["U betaalt € 1.250,50 per jan. 2026.", "Mail j.jansen@corp.nl.", "Klaar!"]),
        ("Zie https://www.corp.nl/a.b. Dhr. Bos komt o.a. dinsdag. Bijv. om 9.00 uur.",
         ["Zie https://www.corp.nl/a.b.", "Dhr. Bos komt o.a. dinsdag.", "Bijv. om 9.00 uur."]),
        ("Dear Mr. Smith, e.g. Tuesday. The plumber comes at 10.30. Thanks!",
         ["Dear Mr. Smith, e.g. Tuesday.", "The plumber comes at 10.30.", "Thanks!"]),
    ],
)
def test_sentence_splitter_keeps_abbreviations_times_amounts_and_addresses_whole(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("Beste mevrouw, de monteur komt dinsdag bij u langs.", None, "nl"),
        ("Dear Ms Smith, the engineer will visit you on Tuesday.", None, "en"),
        ("Prima", "en", "en"),
        ("Prima", None, "nl"),
        ("Sehr geehrte Frau Meier, wir können die Heizung leider nicht reparieren.", None, None),
        ("Bonjour madame, nous ne pouvons pas réparer le chauffage cette semaine.", None, None),
        ("Sayın Yılmaz, kira ödemesi için teşekkür ederim ama ev çok soğuk.", None, None),
        ("مرحبا، لا أستطيع دفع الإيجار هذا الشهر", None, None),
    ],
)
def test_language_detection(text, hint, expected):
    assert detect_language(text, hint) == expected


@pytest.mark.parametrize(
    "draft",
    ["", "   \n\t ", "<@U123> :smile:", "```\nalleen code\n```", "https://www.example.org/portaal", "👍 12:30",
     "<https://www.example.org|> <@U123> *** ~~~"],
)
def test_empty_or_markup_only_drafts_raise_empty_draft(draft):
    with pytest.raises(EmptyDraft) as error:
        OfflineReviewer().review(draft)
    assert "tekst" in error.value.message("nl")


def test_another_language_raises_unsupported_language_with_a_kind_message():
    with pytest.raises(UnsupportedLanguage) as error:
        OfflineReviewer().review("Sehr geehrte Frau Meier, wir können die Heizung leider nicht reparieren.")
    assert "Nederlands" in error.value.message("nl") and "English" in error.value.message("en")


def test_a_short_draft_follows_the_language_hint():
    assert OfflineReviewer().review("Komt goed, cheers", language="en").language == "en"


def test_a_long_draft_is_reviewed_up_to_the_limit_and_says_so():
    draft = WARM_NL + "\n\n" + ("Teneinde dit te regelen, komt de monteur. " * 40)
    result = OfflineReviewer(max_chars=400).review(draft)
    assert result.notes and "400" not in result.notes[0] or "eerste" in result.notes[0]
    assert all(f.end is None or f.end <= 400 for f in result.findings)
    assert result.rewrite.endswith(draft[-60:])  # the unreviewed rest is kept as it was
    english = OfflineReviewer(max_chars=300).review("Dear Ms Smith, the engineer will visit you soon. " * 20)
    assert "only the first" in english.notes[0]


def test_areview_gives_the_same_review():
    reviewer = OfflineReviewer()
    assert asyncio.run(reviewer.areview(COLD_NL)) == reviewer.review(COLD_NL)


def test_an_organisation_can_add_its_own_phrases(tmp_path):
    extra = tmp_path / "corporatie.toml"
    extra.write_text(
        """
[[rule]]
id = "eigen-jargon"
guideline = "plain_language"
kind = "officialese"
patterns = ['\\bWoonwijzer-procedure\\b']
message = "'{match}' kent de huurder niet."
suggestion = "Leg uit wat er gebeurt."
weight = 2.0
""",
        encoding="utf-8",
    )
    draft = "Beste meneer Ek,\n\nDit loopt via de Woonwijzer-procedure. Ik bel u dinsdag om 9.00 uur.\n\nGroet,\nLotte Dam"
    assert OfflineReviewer().review(draft).verdicts["plain_language"] == "ok"
    with_extra = OfflineReviewer(lexicon_paths=[extra]).review(draft)
    assert with_extra.verdicts["plain_language"] == "issue"
    assert "Woonwijzer-procedure" in [f.quote for f in with_extra.findings]


@pytest.mark.parametrize(
    "draft",
    ["Kind regards,\n\nMark Evans\nNeighbourhood officer\nT 010-2223344", "Beste mevrouw Özdemir,\n"],
)
def test_a_draft_with_only_a_greeting_or_a_sign_off_asks_for_the_message_instead_of_scoring_it(draft):
    with pytest.raises(OnlyGreeting) as raised:
        OfflineReviewer().review(draft)
    assert "aanhef of afsluiting" in raised.value.message("nl")
    assert isinstance(raised.value, EmptyDraft)  # every surface that handles an empty draft handles this


def test_short_last_lines_after_a_greeting_are_a_reply_not_a_signature():
    review = OfflineReviewer().review("Hoi Sam,\n\nKomt goed\n")
    assert 0 <= review.score <= 100


@pytest.mark.parametrize("draft", [":tada: :tada:", "<https://www.example.nl/huren>", "🏠 👋 2026"])
def test_a_draft_without_words_says_what_it_sees_instead_of_no_text_yet(draft):
    with pytest.raises(NoWords) as raised:
        OfflineReviewer().review(draft)
    assert "alleen emoji" in raised.value.message("nl") and "only emoji" in raised.value.message("en")
    assert isinstance(raised.value, EmptyDraft)


def test_a_one_line_message_that_starts_with_a_greeting_is_reviewed_not_taken_for_a_greeting():
    review = OfflineReviewer().review("Beste meneer, uw verzoek om een nieuwe keuken is afgewezen.\n")
    assert review.verdicts["no_with_care"] == "issue"
