"""acknowledge: name the tenant's trouble when they report a problem; not needed for a neutral question."""

from __future__ import annotations

import pytest

from tests.review._drafts import review

PROBLEM_NL = "Al drie dagen geen warm water en ik heb twee kleine kinderen. Ik word er gek van. Groet, Sara"
PROBLEM_EN = "Our heating has been broken since Sunday and the flat is freezing. We are really worried. Tom"


@pytest.mark.parametrize(
    ("draft", "tenant"),
    [
        ("Beste Sara,\n\nDe monteur komt donderdag om 9.00 uur. Bel mij op 06 12 34 56 78.\n\nGroet,\nKim", PROBLEM_NL),
        ("Dear Tom,\n\nAn engineer will visit on Friday at 10:00. Call me on 020 123 4567.\n\nRegards,\nKim", PROBLEM_EN),
    ],
)
def test_a_practical_reply_to_a_problem_without_a_word_for_it_is_an_issue(draft, tenant):
    result = review(draft, tenant)
    assert result.verdicts["acknowledge"] == "issue"
    missing = [f for f in result.findings if f.guideline == "acknowledge"]
    assert missing and missing[0].quote is None  # something is missing: no quote


@pytest.mark.parametrize(
    ("opener", "tenant"),
    [
        ("Wat vervelend dat u al drie dagen zonder warm water zit, met twee kleine kinderen.", PROBLEM_NL),
        ("Ik kan me goed voorstellen dat u er gek van wordt.", PROBLEM_NL),
        ("Drie dagen zonder warm water: geen wonder dat u het zat bent.", PROBLEM_NL),
        ("I'm sorry to hear the flat is freezing.", PROBLEM_EN),
        ("That sounds exhausting, and I understand why you are worried.", PROBLEM_EN),
        ("I can imagine how cold the flat must be.", PROBLEM_EN),
    ],
)
def test_acknowledging_sentences_in_many_forms(opener, tenant):
    if tenant is PROBLEM_NL:
        draft = f"Beste Sara,\n\n{opener} De monteur komt donderdag om 9.00 uur.\n\nGroet,\nKim"
    else:
        draft = f"Dear Tom,\n\n{opener} An engineer will visit on Friday at 10:00.\n\nRegards,\nKim"
    assert review(draft, tenant).verdicts["acknowledge"] == "ok"


def test_with_the_tenants_message_a_bare_formula_does_not_name_their_trouble():
    tenant = "Sinds vrijdag lekt de kraan in de keuken en staat er elke ochtend water onder het aanrecht. Els"
    step = " De loodgieter komt dinsdag om 9.00 uur. Bel mij op 06 12 34 56 78.\n\nGroet,\nMila"
    assert review("Beste Els,\n\nWat vervelend." + step, tenant).verdicts["acknowledge"] == "issue"
    assert review("Beste Els,\n\nWat vervelend dat de kraan lekt." + step, tenant).verdicts["acknowledge"] == "ok"


def test_a_formula_of_regret_is_no_acknowledgement():
    draft = "Beste Sara,\n\nWij betreuren het ongemak. De monteur komt donderdag om 9.00 uur.\n\nGroet,\nKim"
    assert review(draft, PROBLEM_NL).verdicts["acknowledge"] == "issue"


@pytest.mark.parametrize(
    ("draft", "tenant"),
    [
        (
            ("Beste meneer Bos,\n\nJa, u mag een schutting van 1,80 meter plaatsen. Bel mij gerust op "
            "06 12 34 56 78.\n\nGroet,\nKim"),
            "Mag ik in mijn achtertuin een houten schutting zetten? Groet, Jan Bos",
        ),
        (
            ("Dear Ms Lee,\n\nYes, you can paint the living room in any colour you like. Call me on "
            "020 123 4567 with any questions.\n\nRegards,\nKim"),
            "May I paint my living room green? Best, Jane Lee",
        ),
    ],
)
def test_a_neutral_question_needs_no_acknowledgement(draft, tenant):
    assert review(draft, tenant).verdicts["acknowledge"] == "ok"


@pytest.mark.parametrize(
    "draft",
    [
        (
            "Hi Tom,\n\nThanks for checking with us before putting up a shed. Good of you! A shed up to 2 metres "
            "high is fine, as long as it causes no nuisance to the neighbours. Questions? You can reach me on "
            "020-5556677.\n\nBest wishes,\nNora"
        ),
        (
            "Beste Bram,\n\nIk waardeer het dat u eerst vraagt of u een zonnescherm mag ophangen. Dat mag, als het "
            "lichtgrijs is en de buren er geen overlast van hebben. Vragen? Bel mij op 030-4445566.\n\nGroet,\nNora Blom"
        ),
    ],
)
def test_appreciating_the_tenants_effort_in_a_good_news_reply_is_acknowledgement(draft):
    # 'nuisance'/'overlast' in a condition makes the engine look for an acknowledgement; the thanks is one
    assert review(draft).verdicts["acknowledge"] == "ok"


@pytest.mark.parametrize(
    ("draft", "lang"),
    [
        (("Beste meneer Wouters,\n\nDe intercom is buiten gebruik. De monteur komt dinsdag 8 april om 10.00 uur. "
         "Bel mij gerust op 040-1231234.\n\nGroet,\nSaskia Vos"), "nl"),
        (("Beste meneer Wouters,\n\nDe sleutels zijn niet ingeleverd. De kosten van een nieuw slot (€ 95) worden aan u "
         "in rekening gebracht. Bel mij gerust op 040-1231234.\n\nGroet,\nSaskia Vos"), "nl"),
        (("Dear Mr Walters,\n\nThe entry phone is out of order. The engineer comes on Tuesday 8 April at 10:00. "
         "You can reach me on 040-1231234.\n\nKind regards,\nSaskia Fox"), "en"),
    ],
)
def test_a_broken_service_or_a_charge_to_the_tenant_needs_a_word_of_acknowledgement(draft, lang):
    assert review(draft, language=lang).verdicts["acknowledge"] == "issue"
