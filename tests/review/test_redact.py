"""Personal data is replaced by placeholders before text leaves, and comes back afterwards."""

from __future__ import annotations

import pytest

from bot.review.redact import redact, restore, unknown_placeholders

LETTER = (
    "Beste meneer van der Berg,\n\n"
    "U schreef ons vanaf Hoefijzerlaan 23-B, 1234AB Amersfoort over de kapotte cv-ketel. "
    "Wij storten het bedrag van € 85,00 terug op NL91 ABNA 0417 1643 00. "
    "Bel gerust naar 020-1234567 of mail naar p.vdberg@voorbeeld.nl.\n\n"
    "Met vriendelijke groet,\n"
    "Karin Smit\n"
    "Afdeling Verhuur"
)


def redacted(text: str) -> tuple[str, dict[str, str]]:
    (out,), mapping = redact(text)
    return out, mapping


def test_a_letter_loses_every_piece_of_personal_data_and_gets_it_back() -> None:
    out, mapping = redacted(LETTER)
    for value in ("van der Berg", "Hoefijzerlaan 23-B", "1234AB", "NL91 ABNA 0417 1643 00",
                  "020-1234567", "p.vdberg@voorbeeld.nl", "Karin Smit"):
        assert value not in out, value
        assert value in mapping.values(), value
    # what the model needs for tone stays: the amount, the department, the words
    assert "€ 85,00" in out and "Afdeling Verhuur" in out and "kapotte cv-ketel" in out
    assert restore(out, mapping) == LETTER


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Geachte mevrouw de Boer,", "de Boer"),
        ("Geachte mevrouw Anja de Boer,", "Anja de Boer"),
        ("Beste meneer van der Berg,", "van der Berg"),
        ("Geachte heer A.B. van den Heuvel-Jansen,", "A.B. van den Heuvel-Jansen"),
        ("Ik sprak gisteren met Dhr. Yılmaz over de sleutel.", "Yılmaz"),
        ("Dear Mrs O'Neill,", "O'Neill"),
        ("Dear Ms. Clarke, thank you", "Clarke"),
        ("Hoi Fatima,", "Fatima"),
    ],
)
def test_names_after_a_salutation_with_tussenvoegsels(text: str, name: str) -> None:
    out, mapping = redacted(text)
    assert name not in out
    assert mapping["[NAAM_1]"] == name


@pytest.mark.parametrize(
    "text",
    ["Geachte heer/mevrouw,", "Beste huurder,", "Dear Sir or Madam,", "Hi team,", "Geachte bewoners,"],
)
def test_a_salutation_without_a_name_is_left_alone(text: str) -> None:
    out, mapping = redacted(text)
    assert out == text and mapping == {}


def test_a_signature_name_is_hidden_but_a_department_is_not() -> None:
    out, _ = redacted("Tot donderdag.\n\nGroet,\nPiet Jansen\nTeam Klantcontact")
    assert "Piet Jansen" not in out and "Team Klantcontact" in out
    out, _ = redacted("Thanks for your patience.\n\nKind regards,\nHousing Team")
    assert out.endswith("Housing Team")


def test_a_name_found_once_is_hidden_everywhere_in_both_texts() -> None:
    (draft, message), mapping = redact(
        "Mevrouw De Boer, wat vervelend. Ik bel Anja morgen.",
        "Hallo,\nDe verwarming is weer stuk.\n\nGroet,\nAnja de Boer",
    )
    assert "Boer" not in draft and "Anja" not in draft and "Anja de Boer" not in message
    assert restore(draft, mapping) == "Mevrouw De Boer, wat vervelend. Ik bel Anja morgen."


def test_the_same_value_gets_the_same_placeholder_in_draft_and_message() -> None:
    (draft, message), mapping = redact("Uw nummer 06-12345678 klopt.", "Bel mij op 06 1234 5678 of 06-12345678.")
    assert "[TELEFOON_1]" in draft
    assert message.count("[TELEFOON_1]") == 2  # "06 1234 5678" is the same number
    assert list(mapping) == ["[TELEFOON_1]"]


@pytest.mark.parametrize(
    "phone", ["06-12345678", "0612345678", "06 1234 5678", "020-1234567", "020 123 4567", "+31 6 1234 5678",
              "+31 (0)20 123 4567", "0031 6 12345678", "0800-1234", "0900-1234567"],
)
def test_dutch_phone_numbers(phone: str) -> None:
    out, mapping = redacted(f"Bel {phone} even.")
    assert out == "Bel [TELEFOON_1] even." and mapping["[TELEFOON_1]"] == phone


@pytest.mark.parametrize("text", ["om 09.30 uur", "op 12-03-2025", "dossier 2024-00123", "€ 1.250,50", "12 10 2025"])
def test_times_dates_amounts_and_references_are_not_phone_numbers(text: str) -> None:
    assert redacted(text) == (text, {})


def test_valid_iban_spaced_and_unspaced_but_not_one_with_a_wrong_checksum() -> None:
    out, mapping = redacted("Op NL91ABNA0417164300 of NL91 ABNA 0417 1643 00 of NL91ABNA0417164301.")
    assert out == "Op [IBAN_1] of [IBAN_1] of NL91ABNA0417164301."
    assert mapping == {"[IBAN_1]": "NL91ABNA0417164300"}


def test_bsn_only_when_it_passes_the_eleven_test() -> None:
    out, mapping = redacted("BSN 111222333 en 1112.22.333; kenmerk 111222334 blijft staan.")
    assert out == "BSN [BSN_1] en [BSN_1]; kenmerk 111222334 blijft staan."
    assert mapping == {"[BSN_1]": "111222333"}


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Kerkstraat 12 te Utrecht", "ADRES", "Kerkstraat 12"),
        ("op de Hoefijzerlaan 23-B.", "ADRES", "Hoefijzerlaan 23-B"),
        ("Burgemeester de Withstraat 3a", "ADRES", "Burgemeester de Withstraat 3a"),
        ("postcode 3511 AB 12 Utrecht", "POSTCODE", "3511 AB 12"),
        ("in 3511AB.", "POSTCODE", "3511AB"),
        ("at 221 Baker Street 4", "ADRES", "Baker Street 4"),
    ],
)
def test_addresses_and_postcodes(text: str, kind: str, value: str) -> None:
    out, mapping = redacted(text)
    assert value not in out and mapping[f"[{kind}_1]"] == value


def test_restore_forgives_a_model_that_bends_a_placeholder_and_reports_invented_ones() -> None:
    mapping = {"[NAAM_1]": "Anja de Boer"}
    assert restore("Beste [naam 1], en [NAAM_1].", mapping) == "Beste Anja de Boer, en Anja de Boer."
    assert unknown_placeholders(restore("Beste [NAAM_2],", mapping)) == ["[NAAM_2]"]


def test_text_that_already_holds_a_placeholder_lookalike_is_not_confused() -> None:
    text = "Vul [NAAM_1] in.\nGroet,\nPiet Jansen"
    out, mapping = redacted(text)
    assert "[NAAM_1]" in out and mapping == {"[NAAM_2]": "Piet Jansen"}
    assert restore(out, mapping) == text


def test_a_name_after_a_closing_in_running_text_or_at_the_very_end() -> None:
    (message,), _ = redact("Waarom hoor ik niks? Groet, Henk Wouters")
    assert message == "Waarom hoor ik niks? Groet, [NAAM_1]"
    (message,), mapping = redact("Kan er iemand komen om me binnen te laten? Roos de Jong")
    assert mapping == {"[NAAM_1]": "Roos de Jong"}
    (message,), mapping = redact("The front door still doesn't lock. Tomasz Nowak, Bachlaan 17-B")
    assert set(mapping.values()) == {"Tomasz Nowak", "Bachlaan 17-B"}


@pytest.mark.parametrize(
    "signature",
    ["Ruben Veenstra\nReparatieservice", "Petra Mulder\nWoonconsulent", "Sophie Claassen\nRent Officer",
     "Tom Verbeek\nRepairs Desk"],
)
def test_the_role_under_a_name_stays_visible(signature: str) -> None:
    name, role = signature.split("\n")
    out, mapping = redacted(f"Tot dan.\n\nMet vriendelijke groet,\n{signature}")
    assert list(mapping.values()) == [name] and out.endswith(f"\n{role}")


@pytest.mark.parametrize("department", ["Income Management", "Projectteam Marnixkwartier", "Afdeling Verhuur",
                                        "Rent Administration"])
def test_a_department_sign_off_is_not_a_name(department: str) -> None:
    # the model must see a department sign-off: it is what person_not_policy is about
    text = f"Uw verzoek is afgewezen.\n\n{department}"
    assert redacted(text) == (text, {})


def test_street_names_without_a_common_suffix_come_from_the_facts_module() -> None:
    out, mapping = redacted("Adres genoteerd: Appelgaarde 5.")
    assert out == "Adres genoteerd: [ADRES_1]." and mapping == {"[ADRES_1]": "Appelgaarde 5"}


# --- a realistic exchange, both sides: nothing personal may leave


TENANT_LETTER = (
    "Hello,\n\nSince Monday the heating in our flat does not work and our daughter is ill. We called twice. "
    "Can someone come before the weekend?\n\nRavi and Siobhan Lindqvist"
)
TENANT_WITHOUT_CLOSING = (
    "Goedemiddag,\n\nDe lift in ons portiek is al een week stuk en mijn moeder kan de trap niet op.\n\n"
    "Fenna Zwart\nKarel Doormanstraat 14\n06 41 22 33 01"
)
DRAFT_REPLY = (
    "Dear Ravi and Siobhan,\n\nI'm sorry the heating has been off since Monday. Our technician visited "
    "mevrouw K. Bakker next door on the Karel Doormanstraat and will come to you on Thursday.\n\n"
    "Kind regards,\nIlse"
)


@pytest.mark.parametrize("text", [TENANT_LETTER, TENANT_WITHOUT_CLOSING, DRAFT_REPLY])
def test_names_streets_and_initials_never_leave_in_a_realistic_exchange(text):
    (redacted,), mapping = redact(text)
    for personal in ("Ravi", "Siobhan", "Lindqvist", "Fenna", "Zwart", "Doormanstraat", "Bakker", "06 41 22 33 01"):
        assert personal not in redacted
    assert all(restore(redacted, mapping).count(word) == text.count(word) for word in ("Ravi", "Bakker"))


def test_the_tenants_names_are_hidden_in_the_draft_too():
    (_tenant, draft), _ = redact(TENANT_LETTER, "Dear Siobhan,\n\nWe come on Thursday. Say hello to Ravi.")
    assert "Siobhan" not in draft and "Ravi" not in draft


def test_an_association_after_a_name_is_not_taken_for_a_surname():
    (redacted,), _ = redact("Ik sprak met mevrouw K. Bakker van de VvE over de lift.")
    assert redacted == "Ik sprak met mevrouw [NAAM_1] van de VvE over de lift."
