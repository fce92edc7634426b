"""hear: a reply must show it read this tenant's message, not any message."""

from __future__ import annotations

import pytest

from tests.review._drafts import quotes, review

TENANT_NL = (
    "Sinds vrijdag lekt de kraan in de keuken en staat er elke ochtend een plas water onder het aanrecht. "
    "Ik heb de hoofdkraan dichtgedraaid. Wanneer kan er een loodgieter komen? Groet, Els de Wit"
)
TENANT_EN = (
    "The extractor fan in my bathroom has been rattling loudly for two weeks and now it has stopped. "
    "The mirror is dripping wet after every shower. When can someone fix it? Thanks, Omar Haddad"
)


@pytest.mark.parametrize(
    ("draft", "tenant"),
    [
        (
            ("Geachte heer/mevrouw,\n\nNaar aanleiding van uw bericht delen wij u mede dat uw melding is "
            "geregistreerd. Wij nemen zo spoedig mogelijk contact met u op.\n\nAfdeling Klantcontact"),
            TENANT_NL,
        ),
        (
            ("Dear resident,\n\nThank you for contacting us. Your request has been registered and will be "
            "processed in due course.\n\nCustomer Service Team"),
            TENANT_EN,
        ),
    ],
)
def test_a_template_reply_does_not_hear_the_tenant(draft, tenant):
    result = review(draft, tenant)
    assert result.verdicts["hear"] == "issue"
    assert quotes(result, "hear"), "the template words are quoted"


@pytest.mark.parametrize(
    ("draft", "tenant"),
    [
        (
            ("Beste mevrouw De Wit,\n\nU schrijft dat de kraan in de keuken sinds vrijdag lekt en dat er elke "
            "ochtend water onder het aanrecht staat. Goed dat u de hoofdkraan al heeft dichtgedraaid. "
            "Loodgieter Sander komt morgen tussen 8.00 en 10.00 uur. Bel mij gerust op 010 123 45 67.\n\n"
            "Groet,\nMila Jansen"),
            TENANT_NL,
        ),
        (
            ("Dear Mr Haddad,\n\nYou mention the bathroom fan rattled for two weeks and has now stopped, so the "
            "mirror is dripping after every shower. An electrician will come on Thursday between 9:00 and "
            "12:00 to replace the fan. You can reach me on 020 555 12 34.\n\nKind regards,\nAnna Smit"),
            TENANT_EN,
        ),
    ],
)
def test_a_reply_that_takes_up_the_tenants_words_hears_them(draft, tenant):
    assert review(draft, tenant).verdicts["hear"] == "ok"


def test_hear_compares_with_this_tenants_message_not_any_reflective_phrase():
    draft = (
        "Beste mevrouw De Wit,\n\nU schrijft dat uw buren overlast geven met hun hond. Wij sturen de "
        "wijkbeheerder langs.\n\nGroet,\nMila Jansen"
    )
    assert review(draft).verdicts["hear"] == "ok"  # without her message, the reflection counts
    assert review(draft, TENANT_NL).verdicts["hear"] == "issue"  # but it is not what she wrote about


def test_thanks_for_your_mail_without_more_is_a_stock_phrase():
    draft = "Beste mevrouw Kaya,\n\nBedankt voor uw mail. De glazenwasser komt vrijdag.\n\nGroet,\nRuud Kok"
    result = review(draft)
    assert result.verdicts["hear"] == "issue"
    assert "Bedankt voor uw mail" in quotes(result, "hear")


@pytest.mark.parametrize(("draft", "lang"), [("Komt in orde!", "nl"), ("Noted, thanks.", "en")])
def test_a_reply_of_a_few_words_does_not_show_this_message_was_read(draft, lang):
    assert review(draft, language=lang).verdicts["hear"] == "issue"


def test_a_short_reply_that_takes_up_the_tenants_words_is_heard():
    assert review("U schrijft dat de bel kapot is: ik bel u morgen.", language="nl").verdicts["hear"] == "ok"


def test_a_letter_greeting_without_a_name_is_generic_and_gets_a_name_placeholder():
    draft = "Geachte,\n\nDe schilder komt op 2 juni de kozijnen schilderen.\n\nGroet,\nEva Pool"
    result = review(draft)
    assert "Geachte," in quotes(result, "hear")
    assert result.rewrite.startswith("Beste [naam van de huurder],")


def test_an_informal_hallo_without_a_name_is_not_counted_against_hearing():
    draft = "Hallo,\n\nJe schrijft dat de bel het niet doet. De monteur komt dinsdag om 10.00 uur.\n\nGroet,\nEva"
    assert review(draft).verdicts["hear"] == "ok"
