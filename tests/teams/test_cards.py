"""Review -> Adaptive Card: what a person sees in Teams, in the draft's language, within Teams' limits."""

from __future__ import annotations

import json

from bot.review.model import GUIDELINE_IDS, Finding, Review
from bot.review.rubric import guidelines
from bot.teams import cards
from tests.teams.adaptive import problems, submit_actions, texts

DRAFT_NL = ("Geachte heer/mevrouw, uw verzoek is afgewezen conform het beleid. "
            "Wij verwijzen u naar het huurdersportaal.")


def rewrite_shown(content: dict) -> str:
    """The warmer version as Teams shows it: its literal lines, a blank line where a paragraph starts."""
    lines: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "RichTextBlock":
                if node.get("spacing") == "Medium":
                    lines.append("")
                lines.append("".join(run["text"] for run in node["inlines"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(content)
    return "\n".join(lines)


def review_nl(**changes) -> Review:
    start = DRAFT_NL.index("conform het beleid")
    portal = DRAFT_NL.index("Wij verwijzen u naar het huurdersportaal")
    values = {
        "language": "nl", "score": 38,
        "verdicts": {"hear": "issue", "acknowledge": "issue", "no_with_care": "issue", "person_not_policy": "issue",
                  "respect": "ok", "next_step": "issue", "plain_language": "n/a"},
        "findings": [
            Finding(guideline="person_not_policy", quote="conform het beleid", start=start,
                    end=start + len("conform het beleid"), message="Verwijzen naar beleid voelt als wegsturen.",
                    suggestion="Leg in je eigen woorden uit waarom."),
            Finding(guideline="person_not_policy", quote="Wij verwijzen u naar het huurdersportaal",
                    start=portal, end=portal + 40, message="Het portaal is geen antwoord.",
                    suggestion="Help zelf met de aanvraag."),
            Finding(guideline="acknowledge", message="Het ongemak van de huurder wordt niet benoemd.",
                    suggestion="Benoem wat dit voor de huurder betekent."),
        ],
        "rewrite": "Beste mevrouw Jansen, helaas kunnen we de keuken nu niet vervangen, omdat ...",
        "engine": "offline",
    }
    values.update(changes)
    return Review(**values)


def test_review_card_is_valid_adaptive_card_1_5():
    content = cards.review_card(review_nl())
    assert problems(content) == []
    assert content["version"] == "1.5" and content["type"] == "AdaptiveCard"
    assert json.loads(json.dumps(content)) == content  # plain JSON, nothing Teams cannot parse


def test_review_card_shows_score_guidelines_quotes_suggestions_and_rewrite_in_dutch():
    review = review_nl()
    shown = texts(cards.review_card(review))
    assert "38/100" in shown
    for g in guidelines().values():
        assert g.label("nl") in shown
    assert "aandacht nodig" in shown and "in orde" in shown and "niet van toepassing" in shown
    for finding in review.findings:
        if finding.quote:
            assert f"“{finding.quote}”" in shown
        assert finding.suggestion in shown
        assert finding.message in shown
    assert "Ontbreekt" in shown  # the finding about something missing says so instead of quoting
    assert "Warmere versie" in shown and rewrite_shown(cards.review_card(review)) == review.rewrite


def test_review_card_buttons_why_per_guideline_and_feedback():
    review = review_nl()
    actions = submit_actions(cards.review_card(review))
    why = [a for a in actions if a["title"] == "Waarom?"]
    assert [a["data"]["guideline"] for a in why] == ["person_not_policy", "acknowledge"]  # once each
    assert all(a["data"][cards.ACTION_KEY] == "why" for a in why)
    feedback = {a["title"]: a["data"] for a in actions if a["data"][cards.ACTION_KEY] == "feedback"}
    assert set(feedback) == {"Nuttig", "Niet nuttig"}
    assert feedback["Nuttig"]["useful"] is True and feedback["Niet nuttig"]["useful"] is False
    assert feedback["Nuttig"]["guidelines"] == review.issues()
    # the feedback button carries counts' keys only, never the draft
    assert "beleid" not in json.dumps(feedback)


def test_english_review_gives_english_card():
    review = Review(
        language="en", score=91, verdicts={g: "ok" for g in GUIDELINE_IDS},
        findings=[Finding(guideline="plain_language", quote="pursuant to", start=0, end=11,
                          message="Officialese.", suggestion="Say 'under'.")],
        rewrite="Dear Ms Smith, ...",
    )
    content = cards.review_card(review)
    shown = texts(content)
    assert problems(content) == []
    for g in guidelines().values():
        assert g.label("en") in shown
    assert "Tone score" in shown and "Warmer version" in shown and "Why?" in shown
    assert "Useful" in shown and "Not useful" in shown
    assert "Waarom?" not in shown and "Warmere versie" not in shown and "Nuttig" not in shown


def test_huge_review_is_shortened_visibly_and_fits_in_a_teams_message():
    long_quote = "conform het beleid " * 400
    findings = [Finding(guideline=GUIDELINE_IDS[i % 7], quote=long_quote, start=0, end=len(long_quote),
                        message="Waarom dit niet werkt. " * 60, suggestion=f"Wat beter werkt ({i}). " * 60)
                for i in range(60)]
    review = review_nl(findings=findings, rewrite="Een hele lange warmere versie. " * 3000)
    content = cards.review_card(review)
    assert problems(content) == []
    assert cards.card_bytes(content) <= cards.MAX_CARD_BYTES
    shown = texts(content)
    assert "(ingekort)" in shown
    assert "En nog" in shown  # the findings not shown are counted, not silently dropped


def test_team_tip_shown_once_under_its_guideline():
    content = cards.review_card(review_nl(), tips={"person_not_policy": "Bel de huurder even als het kan."})
    shown = texts(content)
    assert shown.count("Bel de huurder even als het kan.") == 1
    assert "Tip van je team" in shown


def test_help_and_welcome_cards_in_both_languages():
    nl = cards.help_card("nl", welcome=True)
    en = cards.help_card("en")
    assert problems(nl) == [] and problems(en) == []
    assert "Welkom!" in texts(nl) and "Toon checken" in texts(nl)
    assert "Check tone" in texts(en) and "Welkom" not in texts(en)
    for g in guidelines().values():
        assert g.label("nl") in texts(nl) and g.label("en") in texts(en)


def test_why_card_explains_the_guideline():
    content = cards.why_card("hear", "nl")
    assert problems(content) == []
    assert texts(content).startswith("Horen: waarom dit telt\n")  # a heading, not "Waarom? Horen"
    assert texts(cards.why_card("hear", "en")).startswith("Hear: why this matters\n")
    assert guidelines()["hear"].explain["nl"] in texts(content)


def test_the_warmer_version_keeps_its_lines_and_its_characters_for_copying():
    letter = "Beste *meneer* De_Boer,\n\nIk bel u donderdag.\n- de kastjes\n\nMet vriendelijke groet,\nSanne de Vries"
    content = cards.review_card(review_nl(rewrite=letter))
    assert problems(content) == []
    # literal text runs (no markdown): the signature stays on its own line, * and _ stay as typed
    assert rewrite_shown(content) == letter
    assert letter not in texts(content)  # not in a markdown TextBlock, where one newline would vanish


def test_a_warm_draft_is_not_repeated_as_its_own_warmer_version():
    warm = review_nl(score=96, verdicts=dict.fromkeys(GUIDELINE_IDS, "ok"), findings=[],
                     rewrite="Beste mevrouw Jansen, ik bel u donderdag.")
    content = cards.review_card(warm)
    shown = texts(content)
    assert "al warm" in shown and "Warmere versie" not in shown and rewrite_shown(content) == ""


def test_a_repeated_quote_with_the_same_advice_is_shown_once_with_a_count():
    same = Finding(guideline="hear", quote="heer/mevrouw", start=8, end=20, message="Een standaardaanhef.",
                   suggestion="Noem de huurder bij naam.")
    content = cards.review_card(review_nl(findings=[same] * 6))
    shown = texts(content)
    assert shown.count("Noem de huurder bij naam.") == 1 and "“heer/mevrouw” (6×)" in shown


def test_the_notification_names_the_score_and_what_to_fix_first():
    summary = cards.review_summary(review_nl())
    # "Horen" comes first in the rubric; with no finding of its own, its direction says what to do
    assert summary.startswith("Toonscore 38/100. ⚠️ Horen: Begin met wat de huurder schreef")
    with_quote = cards.review_summary(review_nl(verdicts=dict.fromkeys(GUIDELINE_IDS, "ok") | {"person_not_policy": "issue"}))
    assert with_quote == ("Toonscore 38/100. ⚠️ Mens, geen proces: “conform het beleid” → "
                          "Leg in je eigen woorden uit waarom.")
    assert summary.endswith("Nog 4 richtlijnen op de kaart.")
    warm = Review(language="en", score=93, verdicts=dict.fromkeys(GUIDELINE_IDS, "ok"), rewrite="Dear Ms Smith")
    assert cards.review_summary(warm) == "Tone score 93/100. Every guideline is fine. Well done."


def test_a_shortened_warmer_version_says_so_under_it_not_inside_the_text_to_copy():
    letter = "Beste mevrouw Jansen,\n\n" + "We repareren de kastjes en vervangen het werkblad. " * 400
    content = cards.review_card(review_nl(rewrite=letter))
    assert problems(content) == [] and cards.card_bytes(content) <= cards.MAX_CARD_BYTES
    copied = rewrite_shown(content)
    assert copied.endswith(" …") and "ingekort" not in copied
    assert copied[:-2].split()[-1] in letter.split()  # ends on a whole word of the letter
    assert "(ingekort): de rest past niet op één kaart." in texts(content)


def test_the_score_colour_uses_the_same_bands_as_the_slack_card():
    from bot.slack.cards import score_line

    def colour(score: int) -> str:
        header = cards.review_card(review_nl(score=score))["body"][0]
        return header["columns"][0]["items"][0]["color"]

    for score, teams, slack in ((85, "Good", "🟩"), (55, "Warning", "🟨"), (49, "Attention", "🟥")):
        assert colour(score) == teams and slack in score_line(review_nl(score=score))
