"""The facts a rewrite must keep: found in Dutch and English letters, and reported when lost."""

from __future__ import annotations

import time

import pytest

from bot.review.facts import FACT_KINDS, extract_facts, missing_facts


def facts_of(text: str) -> list[tuple[str, str]]:
    return [(fact.kind, fact.text) for fact in extract_facts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De huur wordt € 1.250,50 per maand.", ("amount", "€ 1.250,50")),
        ("U krijgt EUR 45 terug.", ("amount", "EUR 45")),
        ("Dat kost 45 euro.", ("amount", "45 euro")),
        ("The deposit is £1,200.00.", ("amount", "£1,200.00")),
        ("We refunded $85 last week.", ("amount", "$85")),
        ("De borg van €750 staat klaar.", ("amount", "€750")),
        ("De monteur komt op 12 maart.", ("date", "12 maart")),
        ("Uw huurcontract loopt tot 12-03-2025.", ("date", "12-03-2025")),
        ("The inspection is on 3 March 2025.", ("date", "3 March 2025")),
        ("Ik kom maandag 4 november langs.", ("date", "maandag 4 november")),
        ("We will call on Friday, 7 February.", ("date", "Friday, 7 February")),
        ("Payment is due by March 3rd, 2026.", ("date", "March 3rd, 2026")),
        ("Ik bel u donderdag terug.", ("date", "donderdag")),
        ("We komen om 14.30 uur.", ("time", "14.30 uur")),
        ("De bus vertrekt om 8:00.", ("time", "8:00")),
        ("The plumber arrives at 10 am.", ("time", "10 am")),
        ("Uw melding heeft nummer LK-2025-03318.", ("reference", "LK-2025-03318")),
        ("Zie ref. 12345 in de bijlage.", ("reference", "12345")),
        ("Het dossiernummer 2024/7781 is bekend.", ("reference", "2024/7781")),
        ("De ketel geeft storingscode F28.", ("reference", "F28")),
        ("Bel mij op 06-12345678.", ("phone", "06-12345678")),
        ("Ons kantoor: 020-1234567.", ("phone", "020-1234567")),
        ("Call +31 6 12345678 any time.", ("phone", "+31 6 12345678")),
        ("Gratis via 0800-0234 bereikbaar.", ("phone", "0800-0234")),
        ("Of bel 010 123 45 67.", ("phone", "010 123 45 67")),
        ("Bereikbaar via 020 - 123 45 67.", ("phone", "020 - 123 45 67")),
        ("Bel (020) 1234567 op werkdagen.", ("phone", "(020) 1234567")),
        ("Call +31 (0)20 123 4567 please.", ("phone", "+31 (0)20 123 4567")),
        ("Mail naar k.bakker@woonhaven.nl vandaag.", ("email", "k.bakker@woonhaven.nl")),
        ("Het adres is 3512 JK Utrecht.", ("postcode", "3512 JK")),
        ("Ik woon aan de Kerkstraat 12 sinds mei.", ("address", "Kerkstraat 12")),
        ("De lekkage is op de Hoefijzerlaan 23-B.", ("address", "Hoefijzerlaan 23-B")),
        ("Wij komen naar de Jan van Galenstraat 104-3.", ("address", "Jan van Galenstraat 104-3")),
        ("Geachte mevrouw De Vries,", ("name", "De Vries")),
        ("Beste meneer van der Berg,", ("name", "van der Berg")),
        ("Geachte heer J. ter Horst,", ("name", "J. ter Horst")),
        ("Dear Mrs O'Neill,", ("name", "O'Neill")),
        ("Dear Mr Smith,", ("name", "Smith")),
        ("Beste meneer Yılmaz,", ("name", "Yılmaz")),
        ("Geachte mw. A.B. de Jong-van Dijk,", ("name", "A.B. de Jong-van Dijk")),
        ("Dear Mr McDonald,", ("name", "McDonald")),
        ("Met vriendelijke groet,\nSanne de Boer\nWoonservice", ("name", "Sanne de Boer")),
        ("De reparatie duurt 3 weken.", ("number", "3 weken")),
        ("U woont hier al 20 jaar.", ("number", "20 jaar")),
        ("The rent goes up by 4%.", ("number", "4%")),
        ("Het duurt nog twee weken.", ("number", "twee weken")),
        ("Your room 4.12 is on the list.", ("number", "room 4.12")),
    ],
)
def test_finds_each_kind_of_fact(text: str, expected: tuple[str, str]) -> None:
    assert expected in facts_of(text)


def test_every_fact_is_the_text_at_its_offsets_and_has_a_known_kind() -> None:
    letter = (
        "Geachte mevrouw Jansen,\n\nOp dinsdag 4 november om 9.30 uur komt de monteur naar de "
        "Molenweg 11, 2315 AB Leiden. Uw melding LK-2025-1187 kost u € 35,00. Bel 071-5123456 of "
        "mail info@wonen.nl.\n\nMet vriendelijke groet,\nPieter van Dam"
    )
    found = extract_facts(letter)
    assert len(found) >= 9
    for fact in found:
        assert letter[fact.start : fact.end] == fact.text
        assert fact.kind in FACT_KINDS
    assert [fact.start for fact in found] == sorted(fact.start for fact in found)
    ends = [fact.end for fact in found]
    assert all(end <= next_start for end, next_start in zip(ends, [f.start for f in found[1:]], strict=False))


def test_a_date_with_its_weekday_is_one_fact_not_three() -> None:
    assert facts_of("Ik kom maandag 4 november.") == [("date", "maandag 4 november")]


def test_a_phone_number_does_not_swallow_the_number_after_it() -> None:
    assert facts_of("Bel 06 12345678 3 keer.") == [("phone", "06 12345678"), ("number", "3 keer")]


def test_a_date_or_an_amount_is_not_a_phone_number() -> None:
    kinds = {kind for kind, _ in facts_of("Op 01-03-2025 betaalde u € 0,50 en 012345.")}
    assert "phone" not in kinds


def test_a_department_signature_is_not_a_name() -> None:
    assert facts_of("Met vriendelijke groet,\nTeam Reparatieverzoeken") == []
    assert ("name", "Lars Brouwer") in facts_of("Kind regards,\nLars Brouwer\nTenant Services")


def test_a_salutation_does_not_reach_into_the_next_line() -> None:
    assert facts_of("Dear Mr Smith\nThank you for writing.") == [("name", "Smith")]


def test_a_word_after_a_house_number_is_not_an_addition() -> None:
    assert ("address", "Zwanenkade 5") in facts_of("De kozijnen van de Zwanenkade 5 nu vervangen.")
    assert ("address", "Kerkstraat 12 A") in facts_of("Ik woon op Kerkstraat 12 A, op de eerste verdieping.")


def test_plain_words_are_not_facts() -> None:
    assert facts_of("Wat vervelend dat u zo lang moest wachten. Ik help u graag verder.") == []
    assert facts_of("Thank you for letting us know; I am sorry about the noise.") == []


def test_missing_facts_lists_what_a_rewrite_lost_once_in_order() -> None:
    draft = "Uw melding LK-2025-0001 over € 120,00 plannen we op 3 juni. Bel 06-11223344. LK-2025-0001."
    rewrite = "Wat vervelend. Uw melding LK-2025-0001 plannen we in. Bel gerust."
    assert missing_facts(draft, rewrite) == ["€ 120,00", "3 juni", "06-11223344"]


def test_missing_facts_ignores_line_breaks_and_spacing() -> None:
    draft = "De monteur komt op\n12 maart tussen 8.00 en 12.00 uur naar de Kerkstraat  12."
    rewrite = "De monteur komt op 12 maart tussen 8.00 en 12.00 uur naar de Kerkstraat\n12. Fijn!"
    assert missing_facts(draft, rewrite) == []


def test_missing_facts_notices_a_changed_amount() -> None:
    assert missing_facts("You will get €310 back.", "You will get €300 back.") == ["€310"]


def test_missing_facts_of_a_text_without_facts_is_empty() -> None:
    assert missing_facts("Dank u wel voor uw bericht.", "") == []


@pytest.mark.parametrize(
    "text",
    ["1 " * 5000, "0-" * 5000 + "x", "A" * 20000, "Van " * 3000 + "straat", "groet,\n" * 2000,
     "a." * 5000 + "@x", "€1" * 5000, "mevrouw " * 2000, "Ā-" * 5000, "Ā'" * 5000, "0 - " * 3000 + "x",
     "(" + "0 " * 3000],
)
def test_long_odd_input_takes_little_time(text: str) -> None:
    started = time.perf_counter()
    extract_facts(text)
    assert time.perf_counter() - started < 1.0
