"""person_not_policy: speak as a person, not as policy, a portal or a department."""

from __future__ import annotations

import pytest

from tests.review._drafts import quotes, review


@pytest.mark.parametrize(
    ("draft", "quoted"),
    [
        ("Beste mevrouw Smit,\n\nDat is ons beleid. De monteur komt dinsdag om 9.00 uur.\n\nGroet,\nBram Vos",
         "ons beleid"),
        ("Beste mevrouw Smit,\n\nU kunt de storing melden via het huurdersportaal.\n\nGroet,\nBram Vos",
         "via het huurdersportaal"),
        ("Dear Ms Smith,\n\nPer our policy, pets are not allowed in this block.\n\nRegards,\nBram Fox",
         "Per our policy"),
        ("Dear Ms Smith,\n\nPlease refer to the tenant portal for your options.\n\nRegards,\nBram Fox",
         "Please refer to"),
    ],
)
def test_policy_and_portal_referrals_are_quoted(draft, quoted):
    result = review(draft)
    assert result.verdicts["person_not_policy"] == "issue"
    assert any(quoted.lower() in q.lower() for q in quotes(result, "person_not_policy"))


@pytest.mark.parametrize(
    ("signature", "verdict"),
    [
        ("Met vriendelijke groet,\nTeam Klantcontact", "issue"),
        ("Met vriendelijke groet,\nAfdeling Verhuur", "issue"),
        ("Met vriendelijke groet,\nEva de Graaf\nTeam Klantcontact", "ok"),
        ("Kind regards,\nCustomer Service Team", "issue"),
        ("Kind regards,\nEva Green\nCustomer Service Team", "ok"),
        ("Met vriendelijke groet,\nWoonstichting De Kern", "issue"),
        ("Met vriendelijke groet,\nLisa de Vries\nMooiland Wonen", "ok"),
        ("Groet, Mustafa", "ok"),
    ],
)
def test_a_department_sign_off_versus_a_name(signature, verdict):
    body = "Beste mevrouw Smit,\n\nDe monteur komt dinsdag om 9.00 uur.\n\n"
    if signature.startswith("Kind"):
        body = "Dear Ms Smith,\n\nThe engineer will come on Tuesday at 9:00.\n\n"
    assert review(body + signature).verdicts["person_not_policy"] == verdict


def test_helping_with_the_form_is_not_sending_the_tenant_away():
    draft = (
        "Beste mevrouw Smit,\n\nU hoeft geen formulier in te vullen: ik regel de vergoeding voor u.\n\n"
        "Groet,\nBram Vos"
    )
    assert review(draft).verdicts["person_not_policy"] == "ok"


@pytest.mark.parametrize("signoff", ["Vastgoedbeheer", "Klantcontact Noord", "Klantencentrum", "Onderhoud"])
def test_a_department_word_as_the_whole_sign_off_is_a_department(signoff):
    draft = f"Beste mevrouw Dekker,\n\nDe glazenwasser komt dinsdag 9 juni langs.\n\nMet vriendelijke groet,\n{signoff}"
    result = review(draft)
    assert signoff in quotes(result, "person_not_policy")
    assert "[uw naam]\n" + signoff in result.rewrite


@pytest.mark.parametrize(
    ("draft", "quoted"),
    [
        (("Beste mevrouw Eze,\n\nDe lift staat stil door een storing bij de leverancier. Daar kunnen wij helaas niets "
         "aan doen.\n\nGroet,\nMark Oost"), "Daar kunnen wij helaas niets aan doen"),
        (("Dear Ms Eze,\n\nThe lift is down because of a fault at the supplier. There is nothing we can do about "
         "it.\n\nRegards,\nMark East"), "There is nothing we can do"),
    ],
)
def test_saying_nothing_can_be_done_closes_the_door(draft, quoted):
    assert quoted in quotes(review(draft), "person_not_policy")
