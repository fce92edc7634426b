"""The learned layer as a user notices it: refusals and reproaches no phrase list holds, one detector for
review, rewrite and guard, and guards that accept a good model rewrite in other words.

The drafts here are written for these tests (not taken from the corpus or the evaluation sets).
"""

from __future__ import annotations

import pytest

from bot.review.llm import rewrite_problem
from bot.review.offline import OfflineReviewer
from bot.review.refusal import is_refusal

REVIEWER = OfflineReviewer()


@pytest.mark.parametrize(("sentence", "lang"), [
    ("De kosten van de nieuwe vloer vergoeden wij niet.", "nl"),  # no modal, verb at the end
    ("Een nieuwe schutting komt er dit jaar niet.", "nl"),
    ("Dat moet u zelf met de VvE oplossen.", "nl"),  # handed to someone else
    ("Replacing the fence is not something we do.", "en"),
])
def test_refusals_without_the_usual_words_are_seen(sentence, lang):
    assert is_refusal(sentence, lang)
    review = REVIEWER.review(f"{'Beste meneer Bos' if lang == 'nl' else 'Dear Mr Bos'},\n\n{sentence}\n\nIlse")
    assert review.verdicts["no_with_care"] != "n/a"


@pytest.mark.parametrize(("sentence", "lang"), [
    ("De monteur komt dinsdag om 8.00 uur bij u langs.", "nl"),
    ("The technician comes on Tuesday morning.", "en"),
])
def test_a_plain_yes_is_no_refusal(sentence, lang):
    assert not is_refusal(sentence, lang)


def test_a_reproach_in_polite_words_is_not_taken_seriously():
    review = REVIEWER.review("Beste mevrouw Smit,\n\nDat de afvoer verstopt raakt als je er vet in giet, had u "
                             "natuurlijk ook zelf kunnen bedenken.\n\nGroet,\nHenk")
    assert review.verdicts["respect"] == "issue"
    assert any(f.guideline == "respect" and f.quote for f in review.findings)  # a sentence is quoted


DRAFT_NL = ("Beste meneer Bos,\n\nDe kosten van de nieuwe vloer vergoeden wij niet. De monteur komt dinsdag om "
            "8.00 uur.\n\nMet vriendelijke groet,\nTeam Senioren 65+")
SOFTENED_NL = ("Beste meneer Bos,\n\nHelaas moet ik u teleurstellen: de kosten van de nieuwe vloer kunnen we niet "
               "vergoeden, omdat [reden in eigen woorden]. De monteur komt dinsdag om 8:00 uur.\n\n"
               "Met vriendelijke groet,\n[je naam]")
DRAFT_EN = "Dear Ms Lee,\n\nWe cannot refund the deposit of EUR 450.\n\nRent Collections"
SOFTENED_EN = ("Dear Ms Lee,\n\nI'm sorry, but I'm afraid we won't be able to refund the deposit of EUR 450, because "
               "[reason in your own words].\n\nKind regards,\n[your name]")


@pytest.mark.parametrize(("draft", "rewrite", "lang"), [(DRAFT_NL, SOFTENED_NL, "nl"), (DRAFT_EN, SOFTENED_EN, "en")])
def test_a_model_rewrite_that_keeps_the_decision_in_other_words_is_accepted(draft, rewrite, lang):
    """A softened refusal is the same decision; 8:00 is 8.00; a department sign-off may become a person."""
    assert rewrite_problem(draft, rewrite, None, lang, is_refusal(draft, lang)) is None


def test_a_model_rewrite_that_turns_the_no_into_a_yes_is_still_rejected():
    yes = SOFTENED_NL.replace("Helaas moet ik u teleurstellen: de kosten van de nieuwe vloer kunnen we niet "
                              "vergoeden, omdat [reden in eigen woorden].",
                              "Goed nieuws: de kosten van de nieuwe vloer vergoeden we.")
    assert rewrite_problem(DRAFT_NL, yes, None, "nl", True) == "decision"


def test_a_changed_time_is_still_a_lost_fact():
    assert rewrite_problem(DRAFT_NL, SOFTENED_NL.replace("8:00", "9:00"), None, "nl", True) == "facts"


def test_an_organisations_department_line_may_go_but_a_fact_in_the_body_may_not():
    from bot.review.facts import missing_facts

    assert missing_facts(DRAFT_EN, SOFTENED_EN) == []
    assert missing_facts(DRAFT_EN, SOFTENED_EN.replace("EUR 450", "the money")) == ["EUR 450"]


def test_a_minimising_order_becomes_a_plain_request_in_the_rewrite():
    review = REVIEWER.review("Beste meneer Smit,\n\nDe loodgieter kan pas volgende week komen. U moet maar even "
                             "wachten tot dan.\n\nGroet,\nIlse", "Mijn wc is al drie dagen verstopt, kan er vandaag iemand komen?")
    assert review.verdicts["respect"] == "issue"
    assert "Wilt u even wachten tot dan?" in review.rewrite and "maar even" not in review.rewrite
