"""Courtesy: courteous wording scores above curt wording, in Dutch and English, without touching verdicts."""

from __future__ import annotations

import pytest

from bot.review.courtesy import courtesy, markers_found
from bot.review.lexicon import load_lexicon
from bot.review.offline import OfflineReviewer

REVIEWER = OfflineReviewer()
LEXICON = {lang: load_lexicon(lang) for lang in ("nl", "en")}

# (courteous, neutral, curt) versions of one request, our own sentences.
TRIPLES = {
    "nl": [
        ("Dank u wel! Zou u mij misschien de meterstand willen sturen?", "Stuur mij de meterstand.",
         "Waarom heeft u de meterstand nog steeds niet gestuurd??"),
        ("Fijn dat u het meldt. Kunt u mij zeggen wanneer u thuis bent?", "Ik hoor wanneer u thuis bent.",
         "U moet gewoon doorgeven wanneer u thuis bent."),
        ("Excuses voor het wachten, het spijt me echt.", "De monteur komt later.",
         "Maar wat is eigenlijk het probleem?"),
    ],
    "en": [
        ("Thanks so much! Could you perhaps send me the meter reading?", "Send me the meter reading.",
         "Why have you still not sent the meter reading??"),
        ("Hi Anna, good question. I think the heating might need a new valve.", "The heating needs a new valve.",
         "You actually broke the valve, obviously."),
        ("Sorry for the wait, I really appreciate your patience.", "The engineer is coming later.",
         "So what is the point of calling again?"),
    ],
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_courteous_above_neutral_above_curt(lang: str) -> None:
    for polite, neutral, curt in TRIPLES[lang]:
        lexicon = LEXICON[lang]
        assert courtesy(polite, lexicon) > courtesy(neutral, lexicon) > courtesy(curt, lexicon), (polite, neutral, curt)
        assert courtesy(polite, lexicon) > 0 > courtesy(curt, lexicon)


@pytest.mark.parametrize(
    ("lang", "text", "marker", "present"),
    [
        ("en", "Could you please check the tap?", "please", True),
        ("en", "Please check the tap.", "please", False),
        ("en", "Please check the tap.", "please_start", True),
        ("en", "What a lovely garden you have.", "direct_question", False),
        ("en", "What did the engineer say?", "direct_question", True),
        ("nl", "Wat vervelend dat de lift weer stuk is.", "direct_question", False),
        ("nl", "Wat heeft de monteur gezegd?", "direct_question", True),
        ("nl", "Kunt u mij graag even bellen?", "please", True),
        ("nl", "U moet de sleutel inleveren.", "second_person_order", True),
        ("nl", "U kunt mij altijd bellen.", "second_person_order", False),
        ("en", "I'm sorry, can you call me back?", "apologizing", True),
        ("en", "@jan: thanks, that helps!", "gratitude", True),
        ("en", "I understand why you are worried.", "why", False),  # not a question: empathy
        ("en", "Why is the door still not fixed?", "why", True),
        ("en", "You can reach me on 020 123 4567.", "attending", True),
        ("nl", "U schrijft dat de kraan lekt.", "attending", True),
    ],
)
def test_markers_count_where_the_strategy_is(lang: str, text: str, marker: str, present: bool) -> None:
    assert (marker in markers_found(text, LEXICON[lang])) is present


def test_a_marker_counts_once_however_often_it_is_repeated() -> None:
    once = courtesy("Bedankt voor uw bericht.", LEXICON["nl"])
    repeated = courtesy("Bedankt voor uw bericht. Bedankt, bedankt, bedankt!", LEXICON["nl"])
    assert repeated == pytest.approx(once, abs=0.2)
    assert -1 < courtesy("WHY?? Why?! Why not?? You actually, really, obviously failed!!", LEXICON["en"]) < 0


NL = "Beste mevrouw De Vries,\n\n{extra}Het plafond van uw badkamer is nat sinds de storm. {question}\n\n" \
     "Met vriendelijke groet,\nSanne Bakker"
EN = "Dear Mr Patel,\n\n{extra}The boiler in your flat has been broken since Monday. {question}\n\n" \
     "Kind regards,\nSam Jones"


@pytest.mark.parametrize(
    ("template", "courteous", "curt"),
    [
        (NL, ("Fijn dat u het meteen meldt. ", "Zou u mij misschien een foto willen sturen?"),
         ("", "Waarom heeft u geen foto gestuurd?")),
        (NL, ("", "Zou u mij willen laten weten hoe laat u thuis bent?"), ("", "Hoe laat bent u thuis?")),
        (EN, ("", "Could you perhaps send me a photo?"), ("", "Why did you not send a photo?")),
        (EN, ("Thanks for letting me know so quickly. ", "Would you send me a photo of the boiler?"),
         ("", "What is the make of the boiler?")),
    ],
)
def test_the_courteous_version_of_a_reply_scores_higher_with_the_same_verdicts(
    template: str, courteous: tuple[str, str], curt: tuple[str, str]
) -> None:
    warm = REVIEWER.review(template.format(extra=courteous[0], question=courteous[1]))
    cold = REVIEWER.review(template.format(extra=curt[0], question=curt[1]))
    assert warm.verdicts == cold.verdicts  # courtesy moves the score, never a verdict
    assert warm.score > cold.score


def test_courtesy_stays_within_the_fixed_score_rules() -> None:
    # four issues stay below 50 however courteous the words; no issue stays at 80 or more however curt
    courteous_but_cold = (
        "Beste heer Jansen,\n\nHartelijk dank voor uw vriendelijke bericht inzake de keuken, fijn dat u het meldt. "
        "Zou u misschien willen weten dat uw verzoek middels deze brief conform ons beleid is afgewezen? Excuses, "
        "dit is niet mogelijk.\n\n"
        "Met vriendelijke groet,\nTeam Klantcontact"
    )
    review = REVIEWER.review(courteous_but_cold)
    assert len(review.issues()) >= 4 and review.score < 50
    curt_but_fine = (
        "Beste heer Jansen,\n\nU schrijft dat de voordeur van uw flat niet sluit. Wat vervelend, zeker 's avonds. "
        "Maar waarom belt u pas nu?? Wat is eigenlijk het probleem met de sleutel? "
        "De monteur komt dinsdag 14 mei tussen 8.00 en 12.00 uur. "
        "U kunt mij bellen op 06-12345678.\n\nMet vriendelijke groet,\nSanne Bakker"
    )
    assert courtesy(curt_but_fine, LEXICON["nl"]) < -0.5
    review = REVIEWER.review(curt_but_fine)
    assert not review.issues() and review.score >= 80


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_lexicon_markers_are_complete(lang: str) -> None:
    markers = LEXICON[lang].courtesy.markers
    ids = [marker.id for marker in markers]
    assert len(ids) == len(set(ids)) >= 15
    assert all(marker.position in ("start", "inside", "any") and marker.weight != 0 for marker in markers)
    assert any(marker.weight > 0 for marker in markers) and any(marker.weight < 0 for marker in markers)


def test_the_sign_off_does_not_count() -> None:
    body = "Beste heer Jansen,\n\nDe monteur komt dinsdag.\n\n"
    plain = REVIEWER.review(body + "Groet,\nSanne Bakker")
    warm_closing = REVIEWER.review(body + "Met hartelijke groet en dank,\nSanne Bakker")
    assert plain.score == warm_closing.score
