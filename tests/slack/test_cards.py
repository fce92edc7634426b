"""Review -> Block Kit: what a person sees on the card, and Slack's limits, for any review."""

from __future__ import annotations

import json
import random

import pytest

from bot.present.packing import decode_draft, encode_draft
from bot.review.model import GUIDELINE_IDS, Finding, Review
from bot.review.offline import OfflineReviewer
from bot.slack import cards
from tests.fakes.slack_api import block_problems, visible_text
from tests.slack.test_commands import COLD_EN, COLD_NL


def review(lang: str = "nl", **changes) -> Review:
    verdicts = dict.fromkeys(GUIDELINE_IDS, "ok")
    verdicts.update({"person_not_policy": "issue", "respect": "issue", "no_with_care": "n/a"})
    base = {
        "language": lang, "score": 42, "verdicts": verdicts,
        "rewrite": "Beste mevrouw Jansen,\n\nIk leg het graag uit.",
        "findings": [
            Finding(guideline="person_not_policy", quote="Dat is ons beleid", start=0, end=17,
                    message="Beleid is geen mens.", suggestion="Leg het zelf uit."),
            Finding(guideline="respect", quote="U had dit zelf kunnen nalezen.", start=20, end=50,
                    message="Een verwijt.", suggestion="Laat dit weg."),
        ],
    }
    base.update(changes)
    return Review(**base)


def test_the_card_shows_score_bar_marks_quotes_and_suggestions():
    blocks = cards.build_review_blocks(review())
    assert block_problems(blocks) == []
    shown = visible_text(blocks)
    assert "*42/100*" in shown and "🟥" in shown and "⬜" in shown
    assert "⚠️ Mens, geen proces" in shown and "✅ Horen" in shown and "➖ Nee met zorg" in shown
    assert "> Dat is ons beleid" in shown and "→ Leg het zelf uit." in shown
    assert "```Beste mevrouw Jansen," in shown  # the warmer version in a code block: one click copies it


def test_each_issue_has_a_why_button_and_the_card_has_feedback_buttons_without_text():
    blocks = cards.build_review_blocks(review())
    why = [b["accessory"] for b in blocks if b.get("accessory", {}).get("action_id") == cards.ACTION_WHY]
    assert [w["value"] for w in why] == ["person_not_policy|nl", "respect|nl"]
    assert {w["text"]["text"] for w in why} == {"Waarom?"}
    [actions] = [b for b in blocks if b["type"] == "actions"]
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert labels == ["Nuttig", "Niet nuttig"]  # no model: no "Nog een versie"
    value = json.loads(actions["elements"][0]["value"])
    assert value == {"l": "nl", "g": ["person_not_policy", "respect"]}


def test_an_english_review_speaks_english():
    blocks = cards.build_review_blocks(review("en"), another_version="abc")
    shown = visible_text(blocks)
    assert "Tone review" in shown and "Person, not process" in shown and "Why?" in shown
    assert "Another version" in shown and "Waarom" not in shown


def test_a_tip_shows_under_its_guideline_with_its_author_only_where_there_is_an_issue():
    tips = {"respect": ("Beschrijf wat er nu gebeurt.", "Fatima"), "hear": ("Noem de vraag.", "Joost")}
    blocks = cards.build_review_blocks(review(), tips)
    assert block_problems(blocks) == []
    ids = [b.get("block_id") for b in blocks]
    tip_index = ids.index("aandacht_issue_respect") + 1
    assert "Tip van Fatima" in visible_text(blocks[tip_index]) and "Beschrijf wat" in visible_text(blocks[tip_index])
    assert "Joost" not in visible_text(blocks)  # "hear" is fine here: no tip needed


def test_a_warm_draft_says_there_is_nothing_to_improve_instead_of_repeating_it():
    verdicts = dict.fromkeys(GUIDELINE_IDS, "ok")
    blocks = cards.build_review_blocks(review(score=95, verdicts=verdicts, findings=[]))
    shown = visible_text(blocks)
    assert "al warm" in shown and "🟩" in shown and "```" not in shown


def test_a_long_rewrite_and_long_quotes_are_shortened_visibly_within_slacks_limits():
    long_text = "Dit is een hele lange zin over de keuken die maar doorgaat. " * 400  # ~24,000 characters
    findings = [Finding(guideline="respect", quote=long_text[:5000], start=0, end=5000, message=long_text,
                        suggestion=long_text)] * 30
    blocks = cards.build_review_blocks(review(rewrite=long_text, findings=findings))
    assert block_problems(blocks) == [] and len(blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
    assert "…" in visible_text(blocks)
    modal = cards.review_modal(review(rewrite=long_text, findings=findings))
    assert block_problems(modal["blocks"], max_blocks=100) == []


def test_slack_markup_in_quotes_and_rewrite_is_escaped():
    blocks = cards.build_review_blocks(review(rewrite="Hoi <!channel> & <@U1>", findings=[
        Finding(guideline="respect", quote="<!here>", start=0, end=7, message="m", suggestion="s &")]))
    shown = visible_text(blocks)
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown and "&lt;!here&gt;" in shown


def test_the_notification_names_the_score_and_what_to_fix_first_in_the_drafts_language():
    message = cards.review_message(review())
    assert message["text"] == ("Toonbeoordeling: 42/100, koel. ⚠️ Mens, geen proces: “Dat is ons beleid” → "
                               "Leg het zelf uit. Nog 1 richtlijn op de kaart.")
    english = cards.review_message(review("en", score=85, verdicts=dict.fromkeys(GUIDELINE_IDS, "ok"), findings=[]))
    assert english["text"] == "Tone review: 85/100, warm."


def test_the_notification_of_a_cold_engine_review_is_one_readable_line():
    for draft, lang in ((COLD_NL, "nl"), (COLD_EN, "en")):
        result = OfflineReviewer().review(draft)
        shown = cards.review_message(result)["text"]
        assert f"{result.score}/100" in shown and "⚠️" in shown and len(shown) < 400
        first = cards.guideline(result.issues()[0]).label(lang)
        assert first in shown and ("richtlijnen op de kaart" if lang == "nl" else "guidelines on the card") in shown


def test_repeated_words_with_the_same_advice_are_shown_once_with_a_count():
    repeated = [Finding(guideline="hear", quote="heer/mevrouw", start=8, end=20, message="Standaard.",
                        suggestion="Noem de huurder bij naam.")] * 6
    repeated += [Finding(guideline="hear", quote="Geachte", start=0, end=7, message="Standaard.",
                         suggestion="Noem de huurder bij naam.")]
    verdicts = dict.fromkeys(GUIDELINE_IDS, "ok") | {"hear": "issue"}
    blocks = cards.build_review_blocks(review(verdicts=verdicts, findings=repeated))
    [issue] = [b for b in blocks if b.get("block_id") == "aandacht_issue_hear"]
    shown = issue["text"]["text"]
    assert shown.count("Noem de huurder bij naam.") == 1
    assert "> heer/mevrouw (6×)  ·  Geachte" in shown


def test_a_long_quote_is_cut_after_a_whole_word_with_an_ellipsis():
    quote = "Wij verwijzen u naar het huurdersportaal voor alle informatie over onderhoud " * 8
    finding = Finding(guideline="respect", quote=quote, start=0, end=len(quote), message="m", suggestion="s")
    blocks = cards.build_review_blocks(review(findings=[finding]))
    [issue] = [b for b in blocks if b.get("block_id") == "aandacht_issue_respect"]
    quote_line = next(line for line in issue["text"]["text"].split("\n") if line.startswith("> "))
    assert quote_line.endswith("…")
    last_word = quote_line[2:-1].split()[-1]
    assert last_word in quote.split()  # a whole word of the draft, not half of one


def test_the_draft_travels_in_the_button_only_when_it_fits():
    packed = encode_draft(COLD_NL, "Mijn keuken is kapot.", "nl")
    assert packed is not None and len(packed) <= 2000
    assert decode_draft(packed) == (COLD_NL, "Mijn keuken is kapot.", "nl")
    rng = random.Random(1)
    noise = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(6000))
    assert encode_draft(noise, None, "nl") is None


@pytest.mark.parametrize("gid", GUIDELINE_IDS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_why_modal_is_valid_and_explains_in_its_language(gid, lang):
    view = cards.why_modal(gid, lang)
    assert block_problems(view["blocks"], max_blocks=100) == []
    assert len(view["title"]["text"]) <= 24


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_app_home_is_valid_and_leaves_room_for_providers(lang):
    extra = [{"type": "section", "text": {"type": "mrkdwn", "text": f"extra {i}"}} for i in range(200)]
    view = cards.home_view(lang, extra)
    assert len(view["blocks"]) == 100 and block_problems(view["blocks"], max_blocks=100) == []


@pytest.mark.parametrize("draft", [COLD_NL, COLD_EN])
def test_a_cold_draft_gets_issues_from_the_engine_and_a_valid_card(draft):
    """Only 'a cold draft has issues' is assumed of the engine; the card must hold whatever it finds."""
    result = OfflineReviewer().review(draft)
    assert result.issues()
    blocks = cards.build_review_blocks(result, another_version=encode_draft(draft, None, result.language))
    assert block_problems(blocks) == []
    assert any(b.get("block_id", "").startswith("aandacht_issue_") for b in blocks)


def test_a_long_warmer_version_without_paragraphs_is_split_between_words():
    words = "Beste mevrouw Jansen, wij komen donderdagochtend langs om het aanrecht te repareren. " * 60
    blocks = cards.build_review_blocks(review(rewrite=words))
    chunks = [b["text"]["text"].strip("`") for b in blocks if b.get("text", {}).get("text", "").startswith("```")]
    assert len(chunks) >= 2
    vocabulary = set(words.split())
    for chunk in chunks:
        assert chunk.split()[0] in vocabulary and chunk.rstrip("…\n").split()[-1] in vocabulary


def test_no_heading_or_remark_stands_over_nothing():
    blocks = cards.build_review_blocks(review(rewrite="  ", notes=["", "Dit concept is lang."]))
    assert block_problems(blocks) == []
    shown = visible_text(blocks)
    assert "Warmere versie" not in shown and "Dit concept is lang." in shown
    assert all(e["text"].strip() for b in blocks if b["type"] == "context" for e in b["elements"])
