"""The offline rewrite: warmer tone, same substance, clearly marked placeholders."""

from __future__ import annotations

import re

import pytest

from bot.review.facts import missing_facts
from bot.review.refusal import is_refusal
from bot.review.rewrite import rewrite_is_safe, split_long_sentences
from tests.review._drafts import quotes, review

COLD_REFUSAL_NL = (
    "Geachte heer/mevrouw Haan,\n\nUw badkamer is geplaatst in 2004. Uw verzoek KV-2025-1234 om vervanging "
    "van de badkamer is afgewezen. Wij wijzen u erop dat u de kitnaden zelf dient te onderhouden. Zoals eerder "
    "aangegeven geschiedt vervanging conform ons onderhoudsbeleid pas na 25 jaar. Voor vragen verwijzen wij "
    "u naar het formulier op onze website.\n\nHoogachtend,\nAfdeling Onderhoud"
)
COLD_EN = (
    "Dear Sir,\n\nAs previously stated, your rent of €712.40 from 1 July is correct per our rent policy. "
    "You should have checked the letter of 3 May. We will look into your other questions in due course.\n\n"
    "Regards,\nRent Team"
)


@pytest.mark.parametrize("draft", [COLD_REFUSAL_NL, COLD_EN])
def test_the_rewrite_keeps_every_fact_and_scores_higher_with_fewer_issues(draft):
    before = review(draft)
    after = review(before.rewrite)
    assert missing_facts(draft, before.rewrite) == []
    assert after.score > before.score
    assert len(after.issues()) < len(before.issues())


def test_a_refusal_stays_a_refusal_with_placeholders_for_reason_and_alternative():
    rewrite = review(COLD_REFUSAL_NL).rewrite
    assert is_refusal(rewrite, "nl")
    assert "afgewezen" in rewrite
    assert "[reden in eigen woorden]" in rewrite and "[wat wel kan]" in rewrite


def test_department_sign_off_gets_a_name_placeholder_and_blame_goes():
    rewrite = review(COLD_REFUSAL_NL).rewrite
    assert "[uw naam]" in rewrite
    assert "wijzen u erop" not in rewrite and "Zoals eerder aangegeven" not in rewrite
    assert "Geachte heer/mevrouw" not in rewrite and "Haan" in rewrite


def test_placeholders_are_in_the_drafts_language_and_clearly_marked():
    english = review(COLD_EN).rewrite
    assert "[your name]" in english and "[" in english
    assert not re.search(r"\[(?:uw|wat|reden)", english)
    dutch = review(COLD_REFUSAL_NL).rewrite
    assert not re.search(r"\[(?:your|what|the reason)", dutch)


def test_the_rewrite_adds_no_number_date_or_promise_of_its_own():
    for draft in (COLD_REFUSAL_NL, COLD_EN):
        rewrite = review(draft).rewrite
        assert set(re.findall(r"\d+", rewrite)) <= set(re.findall(r"\d+", draft))
        assert not re.search(r"vergoeding|compensation|we komen|we will visit", rewrite, re.IGNORECASE)


def test_a_sentence_with_a_fact_is_never_dropped_even_when_it_blames():
    draft = (
        "Beste meneer Pool,\n\nU had de schade van € 340,00 op 12 maart eerder moeten melden. "
        "Ik bel u vrijdag om 10.00 uur. U bereikt mij op 06 55 44 33 22.\n\nGroet,\nAnke Zee"
    )
    rewrite = review(draft).rewrite
    assert "€ 340,00" in rewrite and "12 maart" in rewrite


def test_the_guard_rejects_lost_facts_new_numbers_and_a_lost_refusal():
    original = "Een nieuwe keuken kan helaas niet. Uw keuken is uit 2009. Bel mij op 06 12 34 56 78."
    assert rewrite_is_safe(original, original, "nl")
    assert not rewrite_is_safe(original, original.replace("2009", "[jaar]"), "nl")
    assert not rewrite_is_safe(original, original + " De monteur komt op 3 juni.", "nl")
    assert not rewrite_is_safe(original, original.replace("kan helaas niet", "kan"), "nl")


def test_a_warm_draft_is_left_as_it_is():
    draft = (
        "Beste mevrouw Veen,\n\nWat vervelend dat het al een week lekt bij uw dakraam. U schrijft dat het bij "
        "harde wind erger wordt. Dakdekker Joost komt donderdag 6 maart om 8.00 uur. U bereikt mij op "
        "06 11 22 33 44.\n\nHartelijke groet,\nLisa Kramer"
    )
    assert review(draft).rewrite == draft


def test_long_sentences_are_cut_at_a_clause_boundary():
    sentence = (
        "De monteur heeft de ketel gisteren nagekeken en de druk opnieuw ingesteld; daarna heeft hij ook de "
        "radiatoren in de woonkamer en de slaapkamer ontlucht zodat alles weer goed warm wordt."
    )
    result = split_long_sentences(sentence, "nl")
    assert result.count(".") == 2 and "Daarna" in result


def test_english_formulas_before_that_go_and_the_sentence_stays_a_sentence():
    draft = (
        "Dear Mr Ray,\n\nHaving given your request careful consideration, we regret to inform you that we are unable "
        "to grant permission for a shed taller than 2 metres, because it would block your neighbours' light. "
        "Thank you for your email, in which you explain that your bikes no longer fit. I will call you on "
        "Monday at 10:00 to look at a smaller shed together; you can reach me on 020 123 4567.\n\nKind regards,\n"
        "Ann Lee"
    )
    rewrite = review(draft).rewrite
    assert "We are unable to grant permission" in rewrite and "regret to inform" not in rewrite
    assert "You mention that your bikes no longer fit" in rewrite


def test_a_referral_that_tells_the_tenant_an_option_keeps_its_words():
    draft = (
        "Beste mevrouw Stam,\n\nEen urgentieverklaring kan ik u helaas niet geven. U kunt wel reageren op het "
        "woningaanbod via WoningNet. Zoals eerder aangegeven is dat de snelste weg.\n\nGroet,\nAfdeling Verhuur"
    )
    rewrite = review(draft).rewrite
    assert "U kunt wel reageren op het woningaanbod via WoningNet." in rewrite
    assert "[hoe helpt u zelf?" in rewrite and "[uw naam]" in rewrite


@pytest.mark.parametrize(
    ("draft", "softened"),
    [
        (("Beste meneer Lin,\n\nU moet de ramen elke dag openzetten, anders komt de schimmel terug. De schilder komt "
         "dinsdag om 9.00 uur; bel mij op 06 12 34 56 78.\n\nGroet,\nNina Blom"),
         "Wilt u de ramen elke dag openzetten?"),
        (("Dear Mr Lin,\n\nYou must keep the hallway clear of bikes. The painter comes on Tuesday at 9:00; call me on "
         "020 123 4567.\n\nRegards,\nNina Bloom"),
         "Could you keep the hallway clear of bikes?"),
    ],
)
def test_an_order_becomes_a_question_and_the_threat_after_it_goes(draft, softened):
    rewrite = review(draft).rewrite
    assert softened in rewrite
    assert "anders komt" not in rewrite and "You must" not in rewrite


def test_a_bare_title_greeting_stays_on_top_and_becomes_a_personal_salutation():
    draft = (
        "Mevrouw,\n\nUw parkeerplaats onder de flat wordt later opgeleverd. De aannemer heeft vertraging.\n\n"
        "Met vriendelijke groet,\nKees Mulder"
    )
    rewrite = review(draft).rewrite
    assert rewrite.startswith("Beste mevrouw [achternaam],\n\n")
    assert "Mevrouw," not in rewrite


def test_an_english_greeting_to_all_residents_is_a_salutation_not_the_first_sentence():
    draft = (
        "To all tenants,\n\nThe heating in block B is off on 3 March for maintenance.\n\nRegards,\nTom Hill"
    )
    rewrite = review(draft).rewrite
    assert rewrite.startswith("To all tenants,\n\n")


def test_a_placeholder_after_a_last_sentence_without_a_full_stop_starts_a_new_sentence():
    rewrite = review("Akkoord", language="nl").rewrite
    assert "Akkoord. Ik [" in rewrite


def test_a_refusal_that_names_policy_asks_once_for_the_reason_before_the_next_step():
    draft = "Uw verzoek om een extra berging is afgewezen, dat is ons beleid."
    rewrite = review(draft, language="nl").rewrite
    assert rewrite.count("[leg in eigen woorden uit waarom]") + rewrite.count("[reden in eigen woorden]") == 1
    assert rewrite.index("[wat wel kan]") < rewrite.index("Ik [wat u gaat doen]")


def test_a_slack_emoji_shortcode_keeps_the_space_before_it():
    draft = "Hoi Fatima, ik heb je melding over de deurbel gezien :eyes: Wat vervelend dat die het niet doet."
    assert "gezien :eyes:" in review(draft).rewrite


def test_a_greeting_on_the_same_line_as_the_message_stays_first_with_the_opener_after_it():
    draft = "Hallo meneer Peters, de sleutel van de fietsenberging is kwijt en wordt niet vervangen."
    rewrite = review(draft, language="nl").rewrite
    assert rewrite.startswith("Hallo meneer Peters,\n\n")
    assert "De sleutel van de fietsenberging" in rewrite  # the message's first word is capitalised after the opener


def test_a_reply_that_says_je_gets_placeholders_that_say_je_too():
    draft = "Hoi Daan,\n\nJe aanvraag voor een tweede brievenbus is afgewezen.\n\nGroet,\nMarieke"
    rewrite = review(draft).rewrite
    outside_brackets = re.sub(r"\[[^\]]*\]", "", rewrite)
    assert not re.search(r"\b(?:U|u|uw|Wilt)\b", outside_brackets), rewrite


def test_a_reply_that_says_u_keeps_u_in_its_placeholders():
    draft = "Beste meneer Smit,\n\nUw aanvraag voor een tweede brievenbus is afgewezen.\n\nGroet,\nMarieke"
    assert "U kunt mij bereiken" in review(draft).rewrite


def test_beste_heer_becomes_beste_meneer():
    draft = "Beste heer Kuipers,\n\nUw verzoek om een extra stopcontact is afgewezen.\n\nGroet,\nTeam Techniek"
    assert review(draft).rewrite.startswith("Beste meneer Kuipers,")


@pytest.mark.parametrize(
    ("draft", "reflected", "placeholder"),
    [
        (("Beste meneer Vos,\n\nBedankt voor uw bericht over de kapotte brievenbus in portiek 12. De slotenmaker komt "
         "woensdag 3 juni om 9.00 uur. Bel mij gerust op 050-3332211.\n\nGroet,\nInge Mol"),
         "U schrijft over de kapotte brievenbus in portiek 12.", "U schrijft dat ["),
        (("Dear Mr Fox,\n\nThank you for your email regarding the broken letterbox in block 12. The locksmith comes "
         "on Wednesday 3 June at 9:00. You can reach me on 050-3332211.\n\nKind regards,\nInge Moll"),
         "You wrote to us about the broken letterbox in block 12.", "You mention that ["),
    ],
)
def test_a_stock_thanks_that_names_the_subject_becomes_you_wrote_about_it(draft, reflected, placeholder):
    before = review(draft)
    assert before.verdicts["hear"] == "issue"
    assert reflected in before.rewrite
    assert placeholder not in before.rewrite
    assert review(before.rewrite).verdicts["hear"] == "ok"


def test_a_warning_with_an_order_inside_becomes_one_kind_question():
    draft = (
        "Beste mevrouw Lont,\n\nLet op: u dient de voordeur van het portiek 's nachts op slot te doen.\n\n"
        "Groet,\nBas Wit"
    )
    rewrite = review(draft).rewrite
    assert "Wilt u de voordeur van het portiek 's nachts op slot doen?" in rewrite
    assert "Let op" not in rewrite and "dient" not in rewrite


def test_an_english_order_after_an_opening_clause_becomes_a_question():
    draft = (
        "Dear Mr Grant,\n\nDuring the works on 4 May, you must move your car from the courtyard. "
        "You can reach me on 020-4443322.\n\nKind regards,\nAlex Moore"
    )
    assert "During the works on 4 May, could you move your car from the courtyard?" in review(draft).rewrite


def test_per_the_lease_is_hiding_behind_the_contract():
    draft = "Dear Mr Grant,\n\nUnder the lease, pets need written permission.\n\nKind regards,\nAlex Moore"
    assert "Under the lease" in quotes(review(draft), "person_not_policy")


@pytest.mark.parametrize(
    "draft",
    [
        ("Dear Mr Shah,\n\nYour request for a second parking permit was rejected. This is our policy.\n\n"
        "Regards,\nKim Bell"),
        ("Beste meneer Shah,\n\nUw verzoek om een tweede parkeervergunning is afgewezen. Dat is ons beleid.\n\n"
        "Groet,\nKim Bel"),
    ],
)
def test_a_refusal_next_to_a_policy_sentence_asks_once_for_the_reason_and_that_counts_as_one(draft):
    rewrite = review(draft).rewrite
    asked = sum(rewrite.count(p) for p in ("[leg in eigen woorden uit waarom]", "[reden in eigen woorden]",
                                          "[explain in your own words why]", "[the reason, in your own words]"))
    assert asked == 1
    assert review(rewrite).verdicts["no_with_care"] == "ok"


def test_a_minimising_statement_before_a_comma_is_not_cut_down_to_its_second_half():
    draft = (
        "Dear Mr Ray,\n\nIt is only a bit of condensation, nothing to panic about. The fitter comes on Monday. "
        "You can reach me on 020-1112299.\n\nRegards,\nJo Hart"
    )
    rewrite = review(draft).rewrite
    assert "Nothing to panic about" not in rewrite  # on its own it minimises even more
    assert "The fitter comes on Monday." in rewrite


def test_a_windows_draft_gets_a_rewrite_with_windows_line_ends_only():
    draft = "Geachte heer Bos,\r\n\r\nUw verzoek om een schotel op het balkon is afgewezen.\r\n\r\nHoogachtend,\r\nTeam Wonen\r\n"
    rewrite = review(draft).rewrite
    assert "\r\n" in rewrite and "\n" not in rewrite.replace("\r\n", "")


def test_a_dismissive_maar_said_to_the_tenant_goes_but_the_rest_of_the_sentence_stays():
    from bot.review.offline import OfflineReviewer

    review = OfflineReviewer().review(
        "Beste meneer Pinas,\n\nDe aannemer plant de schilder pas in mei in. U moet maar even afwachten wat "
        "de VvE besluit.\n\nGroet,\nKarin", "Wanneer wordt de gevel eindelijk geschilderd?")
    assert any(f.guideline == "respect" and f.quote == "maar" for f in review.findings)
    assert "afwachten wat de VvE besluit" in review.rewrite and "maar even" not in review.rewrite
    calm = OfflineReviewer().review("Beste mevrouw,\n\nDat moet maar even duren: de leverancier heeft het "
                                    "onderdeel pas vrijdag.\n\nGroet,\nIlse", "Wanneer komt de monteur?")
    assert not any(f.quote == "maar" for f in calm.findings)  # "moet maar" not said to the tenant


def test_a_refusal_kept_word_for_word_is_not_sent_back_to_the_detector():
    """The guard keeps a rewrite whose refusal sentences all stand in it unchanged, even where the
    detector, reading the sentence among new ones, would now doubt it."""
    from bot.review import rewrite
    from bot.review.lexicon import load_lexicon

    no = "sorry die grens is 80 jaar, daar kan ik niks aan veranderen"
    original = f"Hoi,\n\n{no}\n\nMo"
    rewritten = (f"Beste meneer,\n\nWat vervelend dat u hier zo lang op wacht. {no} Wat wel kan: [wat wel kan]. "
                 "Ik bel u vrijdag.\n\nGroet,\nMo")
    lexicon = load_lexicon("nl")
    assert not rewrite.refuses(rewritten, lexicon)  # the detector alone would reject this good rewrite
    assert rewrite._keeps_substance(original, rewritten, lexicon, [], True, [no])
    changed = rewritten.replace("daar kan ik niks aan veranderen", "dat kan ik voor u veranderen")
    assert not rewrite._keeps_substance(original, changed, lexicon, [], True, [no])
