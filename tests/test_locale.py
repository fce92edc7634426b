"""The text catalogue: every sentence in both languages, with the same placeholders, and every key
the code asks for exists."""

from __future__ import annotations

import re
import string

import pytest

from bot.locale import LANGUAGES, catalogue, say
from tests.conftest import REPO


def placeholders(entry) -> set[str]:
    texts = entry.values() if isinstance(entry, dict) else [entry]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_hold_the_same_keys_placeholders_and_plurals():
    nl, en = catalogue("nl"), catalogue("en")
    assert set(nl) == set(en)
    for key in nl:
        assert placeholders(nl[key]) == placeholders(en[key]), key
        assert isinstance(nl[key], dict) == isinstance(en[key], dict), key
        if isinstance(nl[key], dict):
            assert set(nl[key]) == set(en[key]) == {"one", "other"}, key


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    asked = set()
    for path in (REPO / "bot").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        asked |= set(re.findall(r"\bsay\(\s*f?\"([a-z_]+\.[a-z_]+)\"", source))
        asked |= {f"tips.{key}" for key in re.findall(r"\btips_say\(\s*\"([a-z_]+)\"", source)}
    assert asked, "the scan found no lookups"
    assert asked - set(catalogue("nl")) == set()


def test_plurals_and_named_values_are_filled_in():
    assert say("tips.list_more", "nl", count=1) == "…en nog 1 tip."
    assert say("tips.list_more", "en", count=3) == "…and 3 more tips."
    assert say("tips.removed", "en", id=12) == "Tip #12 is removed."
    assert say("tips.removed", "fr", id=12) == "Tip #12 is verwijderd."  # an unknown language gets Dutch
    with pytest.raises(KeyError):
        say("tips.removed", "nl")  # a placeholder left open is a bug, not an empty spot
    with pytest.raises(TypeError):
        say("tips.list_more", "nl")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_sentence_is_left_empty_or_untranslated_by_accident(lang):
    other = catalogue("en" if lang == "nl" else "nl")
    for key, entry in catalogue(lang).items():
        texts = entry.values() if isinstance(entry, dict) else [entry]
        assert all(text.strip() for text in texts), key
        long_and_same = isinstance(entry, str) and len(entry) > 25 and entry == other[key]
        assert not long_and_same, f"{key} is the same in both languages"
