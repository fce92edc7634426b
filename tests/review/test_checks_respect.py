"""respect: no blame, lecturing, "as stated before", minimising, capitals or several exclamation marks."""

from __future__ import annotations

import pytest

from tests.review._drafts import quotes, review


def nl(sentence: str) -> str:
    return f"Beste meneer Lin,\n\n{sentence} De monteur komt dinsdag om 9.00 uur.\n\nGroet,\nNina Blom"


def en(sentence: str) -> str:
    return f"Dear Mr Lin,\n\n{sentence} The engineer will come on Tuesday at 9:00.\n\nRegards,\nNina Bloom"


@pytest.mark.parametrize(
    ("draft", "quoted"),
    [
        (nl("U had de lekkage eerder moeten melden."), "U had de lekkage eerder moeten"),
        (nl("Wij wijzen u erop dat u de ramen dagelijks moet openen."), "Wij wijzen u erop"),
        (nl("Zoals reeds eerder aangegeven kunnen wij hier niets aan doen."), "Zoals reeds eerder aangegeven"),
        (nl("Het gaat slechts om een kleine lekkage."), "slechts"),
        (nl("Dit is NIET ONS PROBLEEM."), "NIET ONS PROBLEEM"),
        (nl("Wij komen dinsdag!!!"), "!!!"),
        (en("You should have reported the leak sooner."), "You should have reported"),
        (en("As previously stated, we cannot help."), "As previously stated"),
        (en("These things happen, and we ask for your understanding."), "These things happen"),
        (en("THIS IS THE LAST TIME WE COME."), "THIS IS THE LAST TIME WE COME"),
    ],
)
def test_blame_lecturing_minimising_and_shouting_are_issues(draft, quoted):
    result = review(draft)
    assert result.verdicts["respect"] == "issue"
    assert any(quoted.lower() in q.lower() or q.lower() in quoted.lower() for q in quotes(result, "respect"))


@pytest.mark.parametrize(
    "draft",
    [
        nl("Uw AOW en de WMO-aanvraag nemen we samen door."),
        nl("Wat leuk dat u gaat verhuizen!"),
        nl("U schrijft dat de medewerker zei: 'dat had u zelf moeten uitzoeken'. Dat had niet mogen gebeuren."),
        en("Thank you for letting me know about the leak."),
        en("There will be no bailiffs while we work on a plan together."),
        nl("Daar had u niet op moeten wachten, mijn excuses."),
        en("You shouldn't have had to wait this long."),
    ],
)
def test_acronyms_one_exclamation_quoted_words_and_reassurance_are_fine(draft):
    assert review(draft).verdicts["respect"] == "ok"


def test_gewoon_that_waves_the_tenant_off_is_minimising_and_only_that_word_goes():
    draft = (
        "Beste meneer Aksoy,\n\nDe cv-ketel is oud. U kunt gewoon de thermostaat hoger zetten tot de monteur "
        "komt.\n\nGroet,\nLinda Vos"
    )
    result = review(draft)
    assert "gewoon" in quotes(result, "respect")
    assert "U kunt de thermostaat hoger zetten" in result.rewrite


def test_telling_tenants_to_stop_calling_is_not_taking_them_seriously():
    result = review("Dear residents,\n\nPlease stop emailing us about the bins.\n\nRegards,\nAmy Hart")
    assert result.verdicts["respect"] == "issue"
    assert "stop emailing" in quotes(result, "respect")
