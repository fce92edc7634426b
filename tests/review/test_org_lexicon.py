"""An organisation adds its own phrases through AANDACHT_LEXICON_PATHS, without touching the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.review.courtesy import markers_found
from bot.review.engines import make_reviewer
from bot.review.lexicon import load_lexicon
from bot.review.model import Review
from bot.settings import Settings

ORG_RULES = r"""
[[rule]]
id = "org-wachtlijst"
guideline = "person_not_policy"
kind = "policy"
patterns = ['\bwoonruimteverdeelsysteem\b']
message = "'{match}' is een woord van ons systeem, niet van de huurder."
suggestion = "Zeg in gewone woorden hoe het zoeken naar een woning werkt."
"""

DRAFT = (
    "Beste meneer Bakker,\n\nU schrijft dat u al lang zoekt naar een kleinere woning. Ik begrijp dat dat "
    "zwaar is. Uw inschrijving staat in het woonruimteverdeelsysteem. Ik bel u vrijdag om de opties "
    "door te nemen.\n\nGroet,\nAnouk"
)


def reviews_without_and_with(own_lexicon: str, draft: str, folder: Path) -> tuple[Review, Review]:
    """``draft`` reviewed with the built-in lexicon, and with ``own_lexicon`` as the organisation's file."""
    own = folder / "corporatie.toml"
    own.write_text(own_lexicon, encoding="utf-8")
    plain = make_reviewer(Settings(_env_file=None), "offline").review(draft)
    extended = make_reviewer(Settings(_env_file=None, lexicon_paths=str(own)), "offline").review(draft)
    return plain, extended


def test_an_organisations_own_phrase_is_found_and_quoted(tmp_path):
    plain, extended = reviews_without_and_with(ORG_RULES, DRAFT, tmp_path)

    assert plain.verdicts["person_not_policy"] == "ok"
    assert extended.verdicts["person_not_policy"] == "issue"
    quotes = [f.quote for f in extended.findings if f.guideline == "person_not_policy"]
    assert "woonruimteverdeelsysteem" in quotes
    assert extended.score < plain.score


ORG_COURTESY = """
[[courtesy]]
id = "org_curt"
weight = -3.0
phrases = ["conform afspraak"]
"""

FRIENDLY = (
    "Beste meneer Bakker,\n\nU schrijft dat de kraan in de keuken lekt. Wat vervelend. Conform afspraak komt de "
    "monteur dinsdag 14 mei tussen 8.00 en 12.00 uur. U kunt mij bellen op 06-12345678.\n\nGroet,\nAnouk"
)


def test_an_organisations_own_courtesy_markers_move_the_score(tmp_path):
    plain, extended = reviews_without_and_with(ORG_COURTESY, FRIENDLY, tmp_path)

    assert extended.verdicts == plain.verdicts  # courtesy moves the score, never a verdict
    assert extended.score < plain.score


def test_an_organisations_table_with_a_known_id_adds_phrases_to_that_marker(tmp_path):
    own = tmp_path / "dank.toml"
    own.write_text('[[courtesy]]\nid = "gratitude"\nweight = 2.0\nphrases = ["merci"]\n', encoding="utf-8")
    assert "gratitude" not in markers_found("Merci voor de foto.", load_lexicon("nl"))
    assert "gratitude" in markers_found("Merci voor de foto.", load_lexicon("nl", [str(own)]))
    assert load_lexicon("nl") is load_lexicon("nl", [])  # one lexicon per language and list of files


def _org_file(tmp_path, text: str):
    path = tmp_path / "organisatie.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("rule", "named"), [
    # a misspelt field: the file, the rule's id and the field are named
    (('id = "huisstijl-1"\nguideline = "respect"\npatterns = ["zoals bekend"]\nmesage = "Belerend."\n'
      'suggestion = "Laat het weg."\n'), ("organisatie.toml", "huisstijl-1", "mesage")),
    # an unknown guideline and rewrite action
    ('id = "r2"\nguideline = "respct"\npatterns = ["x"]\nmessage = "m"\nsuggestion = "s"\nrewrite = "shout"\n',
     ("r2", "guideline", "rewrite")),
])
def test_an_organisation_file_with_a_mistake_fails_at_load_naming_file_rule_and_field(tmp_path, rule, named):
    from bot.review.lexicon import LexiconError
    from bot.review.offline import OfflineReviewer

    path = _org_file(tmp_path, "[[rule]]\n" + rule)
    with pytest.raises(LexiconError) as failure:
        OfflineReviewer(lexicon_paths=[path])
    assert all(word in str(failure.value) for word in named)


def test_a_pattern_that_is_no_regular_expression_fails_at_load(tmp_path):
    from bot.review.lexicon import LexiconError
    from bot.review.offline import OfflineReviewer

    path = _org_file(tmp_path, '[signals]\nrefusal = ["(kan niet"]\n')
    with pytest.raises(LexiconError, match="regular expression"):
        OfflineReviewer(lexicon_paths=[path])


def test_a_check_with_a_broken_organisation_file_says_so_in_one_line(tmp_path):
    import os
    import subprocess
    import sys

    path = _org_file(tmp_path, '[[rule]]\nid = "r3"\nguideline = "respect"\npatterns = ["x"]\nmessage = "m"\n')
    env = {**os.environ, "AANDACHT_LEXICON_PATHS": str(path)}
    env.pop("OPENAI_API_KEY", None)
    result = subprocess.run([sys.executable, "-m", "bot", "check", "-"], input="Beste Jan, ik bel u morgen.",
                            capture_output=True, text=True, env=env, timeout=30, check=False)
    assert result.returncode == 2
    assert "r3" in result.stderr and "suggestion" in result.stderr and "Traceback" not in result.stderr


def test_every_pattern_of_the_built_in_lexicons_compiles():
    """At run time the built-in files are checked field by field only (compiling all would slow check)."""
    import tomllib
    from importlib.resources import files

    from bot.review.lexicon_schema import validate_lexicon_file

    for lang in ("nl", "en"):
        data = tomllib.loads(files("bot.data.lexicon").joinpath(f"{lang}.toml").read_text(encoding="utf-8"))
        validate_lexicon_file(data, f"{lang}.toml", compile_patterns=True)


def test_an_organisation_rewords_what_a_check_says_and_a_misspelt_guideline_fails_loudly(tmp_path):
    own = tmp_path / "corporatie.toml"
    own.write_text('[messages.hear]\ntemplate = "Dit antwoord kan naar iedereen; zo doen wij dat niet bij '
                   'Woonkring."\n', encoding="utf-8")
    draft = "Beste mevrouw Yilmaz,\n\nDe monteur komt dinsdag om 10.00 uur.\n\nGroet,\nMo"
    tenant = "Mijn verwarming doet het al een week niet en ik heb een baby."
    review = make_reviewer(Settings(_env_file=None, lexicon_paths=str(own)), "offline").review(draft, tenant)
    assert any("zo doen wij dat niet bij Woonkring" in f.message for f in review.findings if f.guideline == "hear")
    assert load_lexicon("nl", [str(own)]).message("hear", "stock_phrase") == load_lexicon("nl").message(
        "hear", "stock_phrase")  # what the file does not reword stays
    misspelt = tmp_path / "typo.toml"
    misspelt.write_text('[messages.respct]\nsuggestion = "Schrijf gewoon."\n', encoding="utf-8")
    with pytest.raises(Exception, match="respct"):
        load_lexicon("nl", [str(misspelt)])


def test_both_built_in_lexicons_word_every_sentence_the_checks_say():
    nl, en = load_lexicon("nl").messages, load_lexicon("en").messages
    assert nl.keys() == en.keys() and all(nl[g].keys() == en[g].keys() for g in nl)
    assert {"hear", "acknowledge", "no_with_care", "plain_language", "respect", "next_step"} <= nl.keys()


def test_an_organisation_gives_the_rewrite_its_own_placeholder(tmp_path):
    own = tmp_path / "placeholders.toml"
    own.write_text('[rewrite]\nreach = "U bereikt mij via [uw directe nummer of de chat in Mijn Woonkring]."\n',
                   encoding="utf-8")
    draft = "Geachte heer/mevrouw,\n\nUw melding is in behandeling.\n\nMet vriendelijke groet,\nTeam Klantcontact"
    plain = make_reviewer(Settings(_env_file=None), "offline").review(draft, "Mijn douche lekt.")
    own_words = make_reviewer(Settings(_env_file=None, lexicon_paths=str(own)), "offline").review(
        draft, "Mijn douche lekt.")
    assert "Mijn Woonkring" in own_words.rewrite and "Mijn Woonkring" not in plain.rewrite
    nl, en = load_lexicon("nl").rewrite_words, load_lexicon("en").rewrite_words
    assert nl.keys() == en.keys() and {"acknowledge", "hear", "next_step", "when", "reach"} <= nl.keys()


@pytest.mark.parametrize("text", [
    "wij halen de oude kast weg en zetten de nieuwe erin",
    "Nee, dat doen we niet; de buurman heeft een losse tegel",
    "boekenkast, ombouw en zeker geen wegwerpkeuken",
])
def test_patterns_joined_into_one_find_what_each_finds_in_the_same_order(text):
    """Joining shares a leading \\b between neighbours; a pattern with its own top-level "|" keeps it apart."""
    from bot.review.lexicon import _combine

    patterns = [r"\bkast\b", r"\bweg\w*", r"tegel", r"\bnee|ombouw", r"\bniet\b", r"kast", r"\bzeker\s+geen\b"]
    one_by_one = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    joined = _combine(patterns)
    assert [m.span() for m in joined.finditer(text)] == [m.span() for m in one_by_one.finditer(text)]
    assert joined.pattern.count(r"\b(?:") == 3  # three runs of patterns that start with \b
