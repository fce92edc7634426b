"""next_step: who does what and when, and how to reach a person."""

from __future__ import annotations

import pytest

from tests.review._drafts import quotes, review


@pytest.mark.parametrize(
    ("draft", "quoted"),
    [
        ("Beste mevrouw Roos,\n\nWij nemen uw melding in behandeling.\n\nGroet,\nTim Kok", "in behandeling"),
        ("Beste mevrouw Roos,\n\nWe laten u zo snel mogelijk weten wanneer de schilder komt.\n\nGroet,\nTim Kok",
         "zo snel mogelijk"),
        ("Dear Ms Rose,\n\nWe will look into it and get back to you.\n\nRegards,\nTim Cook", "look into it"),
    ],
)
def test_vague_promises_without_a_moment_or_a_person_are_issues(draft, quoted):
    result = review(draft)
    assert result.verdicts["next_step"] == "issue"
    assert any(quoted.lower() in q.lower() for q in quotes(result, "next_step"))


def test_no_step_at_all_is_a_missing_finding():
    result = review("Beste mevrouw Roos,\n\nUw melding is ontvangen.\n\nGroet,\nTim Kok")
    assert result.verdicts["next_step"] == "issue"


@pytest.mark.parametrize(
    "draft",
    [
        ("Beste mevrouw Roos,\n\nDe schilder komt maandag 12 mei om 8.00 uur. U kunt mij bereiken op "
        "06 98 76 54 32.\n\nGroet,\nTim Kok"),
        ("Beste mevrouw Roos,\n\nIk bel u morgen voor 12.00 uur terug. Bel mij gerust als het eerder nodig is: "
        "020 765 43 21.\n\nGroet,\nTim Kok"),
        ("Dear Ms Rose,\n\nThe painter will come on Monday 12 May at 8:00. You can reach me on 020 765 4321."
        "\n\nRegards,\nTim Cook"),
        ("Dear Ms Rose,\n\nI'll get back to you within two working days. Call me on 020 765 4321 if it gets "
        "worse.\n\nRegards,\nTim Cook"),
    ],
)
def test_a_moment_and_a_way_to_reach_a_person_is_a_next_step(draft):
    assert review(draft).verdicts["next_step"] == "ok"


@pytest.mark.parametrize(
    "draft",
    [
        ("Beste meneer Claes,\n\nDe loodgieter is maandag bij u geweest. Woensdag bel ik u om te horen of het lek "
        "weg is.\n\nGroet,\nAnouk Smit"),
        ("Beste meneer Claes,\n\nIk heb uw vraag doorgegeven aan mijn collega Ilse. Zij belt u donderdagochtend "
        "over de planning.\n\nGroet,\nAnouk Smit"),
        ("Dear Mr Claes,\n\nThe plumber visited on Monday. I will call you on Wednesday to hear whether the leak "
        "has stopped.\n\nKind regards,\nAnouk Smith"),
    ],
)
def test_a_named_person_who_calls_the_tenant_at_a_set_moment_is_a_next_step(draft):
    assert review(draft).verdicts["next_step"] == "ok"
