"""no_with_care: a no needs a reason in human terms and what is possible instead; n/a without a no."""

from __future__ import annotations

import pytest

from bot.review.refusal import find_refusals, is_refusal
from tests.review._drafts import quotes, review


@pytest.mark.parametrize(
    "draft",
    [
        "Beste meneer Kok,\n\nUw verzoek om een tweede parkeervergunning is afgewezen.\n\nGroet,\nIris Bakker",
        "Beste meneer Kok,\n\nEen tweede parkeervergunning kunnen wij u niet geven.\n\nGroet,\nIris Bakker",
        "Dear Mr Cook,\n\nYour request for a second parking permit has been rejected.\n\nRegards,\nIris Baker",
        "Dear Mr Cook,\n\nUnfortunately we cannot offer you a second parking permit.\n\nRegards,\nIris Baker",
    ],
)
def test_a_bare_no_is_an_issue_and_quoted(draft):
    result = review(draft)
    assert result.verdicts["no_with_care"] == "issue"
    assert quotes(result, "no_with_care")


@pytest.mark.parametrize(
    "draft",
    [
        ("Beste meneer Kok,\n\nEen tweede parkeervergunning kan ik u helaas niet geven, omdat er minder plekken "
        "zijn dan woningen. Wat wel kan: uw bezoek parkeert gratis op het terrein aan de Dorpsweg.\n\n"
        "Groet,\nIris Bakker"),
        ("Dear Mr Cook,\n\nI can't give you a second parking permit, because there are fewer spaces than homes. "
        "What I can do instead is give your visitors a free pass for the car park on Church Road.\n\n"
        "Regards,\nIris Baker"),
    ],
)
def test_a_no_with_a_reason_and_an_alternative_is_ok(draft):
    assert review(draft).verdicts["no_with_care"] == "ok"


def test_a_reason_that_is_only_policy_is_no_reason():
    draft = (
        "Beste meneer Kok,\n\nEen tweede vergunning kan ik u niet geven, omdat dit conform ons beleid is. "
        "Wat wel kan: bezoek parkeert aan de Dorpsweg.\n\nGroet,\nIris Bakker"
    )
    assert review(draft).verdicts["no_with_care"] == "issue"


@pytest.mark.parametrize(
    "draft",
    [
        ("Beste mevrouw Ali,\n\nDe monteur komt dinsdag om 10.00 uur. Bent u niet thuis, bel dan 06 12 34 56 78."
        "\n\nGroet,\nIris Bakker"),
        ("Dear Ms Ali,\n\nThe engineer will come on Tuesday at 10:00. If you are not at home, call 020 123 4567."
        "\n\nRegards,\nIris Baker"),
    ],
)
def test_without_a_refusal_the_guideline_does_not_apply(draft):
    assert review(draft).verdicts["no_with_care"] == "n/a"


def test_refusal_helpers_find_the_refusing_sentence_only():
    text = "Dank voor uw vraag. Een nieuwe keuken is helaas niet mogelijk. Bent u niet thuis, bel dan."
    spans = find_refusals(text, "nl")
    assert [text[a:b] for a, b in spans] == ["Een nieuwe keuken is helaas niet mogelijk."]
    assert is_refusal("We can't allow a dog in the flat.", "en")
    assert not is_refusal("I can imagine you can't sleep with that noise.", "en")
    assert not is_refusal("Ik kan me voorstellen dat u niet kunt slapen.", "nl")


@pytest.mark.parametrize(
    ("draft", "lang"),
    [
        ("Ik ga niet akkoord met uw voorstel om de huur van december later te betalen.", "nl"),
        ("Wij nemen de schilderkosten niet over.", "nl"),
        ("Wij sturen geen schoonmaakbedrijf voor de galerij.", "nl"),
        ("We will not replace the garden fence this year.", "en"),
    ],
)
def test_turning_down_a_proposal_or_a_cost_is_a_refusal(draft, lang):
    assert is_refusal(draft, lang)
    assert review(draft, language=lang).verdicts["no_with_care"] == "issue"


def test_the_tenant_not_agreeing_is_not_a_refusal_by_the_writer():
    assert not is_refusal("Bent u het niet eens? U kunt bezwaar maken als u niet akkoord gaat.", "nl")


@pytest.mark.parametrize(
    ("draft", "lang"),
    [
        ("Een nieuwe lift komt er voorlopig niet.", "nl"),
        ("Er komt geen tweede fietsenrek bij de flat.", "nl"),
        ("Ik kan daar helaas niets aan veranderen.", "nl"),
        ("Wij hebben geen zeggenschap over de parkeerplaatsen van de gemeente.", "nl"),
        ("Storage in the hallway is not something we allow.", "en"),
        ("Who cleans the stairs is something you will have to agree between yourselves.", "en"),
    ],
)
def test_a_no_without_a_modal_or_handed_back_is_a_refusal(draft, lang):
    assert is_refusal(draft, lang)


@pytest.mark.parametrize(
    ("draft", "lang"),
    [
        ("Er komen geen kosten voor u bij.", "nl"),
        ("Komt er niet snel iemand, bel ons dan gerust.", "nl"),
        ("Is this not something we could fix this week?", "en"),
    ],
)
def test_what_only_looks_like_such_a_no_is_not_one(draft, lang):
    assert not is_refusal(draft, lang)
