"""The offline rewrite changes tone, not substance: a cold sentence that tells the tenant something stays.

RUBRIC.md, "What a rewrite must never do": a warmer rewrite keeps the decision and every fact and
promises nothing new. A sentence that says who pays, what the tenant has to do or that someone will
get in touch is kept in a warmer form (the lecturing opening goes, an order becomes a question, a
vague promise gets a marked placeholder); only a sentence without information of its own, such as a
stock formula or bare blame, may be left out.
"""

from __future__ import annotations

import pytest

from bot.review.facts import missing_facts
from tests.review._drafts import review

WHO_PAYS_NL = (
    "Beste mevrouw Dekker,\n\nNaar aanleiding van uw bericht delen wij u het volgende mede. De loodgieter komt "
    "dinsdag 14 april om 9.00 uur naar de Lindelaan 4. Wij wijzen u erop dat schade door kalkaanslag voor rekening "
    "van de huurder komt. U had dit eerder moeten melden. U bereikt mij op 06 12 34 56 78.\n\nGroet,\nKim Vos"
)
MUST_DO_NL = (
    "Beste meneer Bos,\n\nDe dakgoot boven uw keuken is verstopt door bladeren. Daarom dient u zelf de dakgoot "
    "schoon te maken. De hovenier snoeit de boom op vrijdag 8 mei. Bel mij gerust op 06 98 76 54 32.\n\n"
    "Groet,\nEva de Wit"
)
VAGUE_NL = (
    "Beste mevrouw Lam,\n\nWat vervelend dat uw voordeur klemt. Ik heb de timmerman gevraagd ernaar te kijken. "
    "Hij neemt binnenkort contact met u op.\n\nGroet,\nTom Kok"
)
WHO_PAYS_EN = (
    "Dear Sir/Madam,\n\nThank you for contacting us. We would remind you that tenants are responsible for "
    "clearing their own gutters. If a bike is left in the hallway again, we will have it removed at your expense. "
    "Ref: GT-2026-0042.\n\nRegards,\nEstates Team"
)
VAGUE_EN = (
    "Dear Ms Hart,\n\nI'm sorry the bathroom fan is still broken. The contractor will contact you shortly. "
    "Your reference is FN-2026-0310.\n\nKind regards,\nJo Reed"
)


def test_who_pays_stays_without_the_lecturing_opening():
    rewrite = review(WHO_PAYS_NL).rewrite
    assert "schade door kalkaanslag voor rekening van de huurder komt" in rewrite
    assert "wijzen u erop" not in rewrite


def test_a_stock_formula_and_bare_blame_may_go():
    rewrite = review(WHO_PAYS_NL).rewrite
    assert "delen wij u het volgende mede" not in rewrite
    assert "eerder moeten melden" not in rewrite
    assert missing_facts(WHO_PAYS_NL, rewrite) == []


def test_what_the_tenant_must_do_stays_as_a_question():
    rewrite = review(MUST_DO_NL).rewrite
    assert "Wilt u daarom zelf de dakgoot schoonmaken?" in rewrite
    assert "dient u" not in rewrite


@pytest.mark.parametrize(
    ("draft", "kept"),
    [
        (VAGUE_NL, "Hij neemt binnenkort contact met u op [wanneer?]."),
        (VAGUE_EN, "The contractor will contact you shortly [when?]."),
    ],
)
def test_a_vague_promise_stays_a_promise_with_a_placeholder_for_when(draft, kept):
    before = review(draft)
    assert kept in before.rewrite
    # the marked promise and a way to reach the writer make the next step complete on a second look
    assert "next_step" in before.issues() and "next_step" not in review(before.rewrite).issues()


def test_english_responsibilities_and_costs_stay_and_the_reminder_goes():
    rewrite = review(WHO_PAYS_EN).rewrite
    assert "Tenants are responsible for clearing their own gutters." in rewrite
    assert "we will have it removed at your expense" in rewrite
    assert "remind you" not in rewrite and "Thank you for contacting us" not in rewrite


@pytest.mark.parametrize("draft", [WHO_PAYS_NL, MUST_DO_NL, VAGUE_NL, WHO_PAYS_EN, VAGUE_EN])
def test_the_kept_sentences_still_read_warmer(draft):
    before = review(draft)
    after = review(before.rewrite)
    assert missing_facts(draft, before.rewrite) == []
    assert after.score > before.score
    assert len(after.issues()) < len(before.issues())


def test_a_referral_that_says_who_handles_it_keeps_its_words_with_the_help_placeholder():
    draft = (
        "Geachte heer/mevrouw,\n\nEen invalidenparkeerplaats voor uw deur kunnen wij niet aanleggen. Voor een "
        "invalidenparkeerplaats verwijzen wij u naar de gemeente Zwolle.\n\nAfdeling Wonen"
    )
    rewrite = review(draft).rewrite
    assert "Voor een invalidenparkeerplaats verwijzen wij u naar de gemeente Zwolle." in rewrite
    assert "[hoe helpt u zelf?" in rewrite
    assert "kunnen wij niet aanleggen" in rewrite  # the refusal stays a refusal


def test_a_duty_after_a_lecturing_opening_stays_as_a_kind_question():
    draft = (
        "Beste mevrouw Brouwer,\n\nWij wijzen u erop dat u de galerij vrij dient te houden van fietsen.\n\n"
        "Groet,\nPeter Lam"
    )
    rewrite = review(draft).rewrite
    assert "Wilt u de galerij vrij houden van fietsen?" in rewrite or "Wilt u de galerij vrijhouden van fietsen?" in rewrite
    assert "wijzen u erop" not in rewrite


@pytest.mark.parametrize(
    ("request_sentence", "question"),
    [
        ("Wij verzoeken u met klem de kliko binnen te zetten.", "Wilt u de kliko binnenzetten?"),
        ("Wij verzoeken u vriendelijk maar dringend de scooter uit de berging te verwijderen.",
         "Wilt u de scooter uit de berging verwijderen?"),
    ],
)
def test_an_urgent_request_is_kept_as_a_kind_question_not_dropped(request_sentence, question):
    draft = f"Beste meneer Aydin,\n\n{request_sentence}\n\nGroet,\nPeter Lam"
    result = review(draft)
    assert result.verdicts["respect"] == "issue"
    assert question in result.rewrite


def test_an_inverted_request_to_send_something_keeps_its_words_in_plain_dutch():
    draft = (
        "Geachte heer Pinas,\n\nTer afronding van uw huuropzegging verzoeken wij u middels bijgaand formulier uw "
        "nieuwe adres door te geven.\n\nHoogachtend,\nAfdeling Verhuur"
    )
    rewrite = review(draft).rewrite
    assert "uw nieuwe adres door te geven" in rewrite
    assert "met het formulier in de bijlage" in rewrite and "in de bijlage formulier" not in rewrite
