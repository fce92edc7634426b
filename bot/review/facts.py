"""Facts in a reply that a warmer rewrite must keep word for word.

A rewrite may change tone, never substance (see the rubric): amounts, dates, times, reference
numbers, phone numbers, e-mail addresses, postcodes, street addresses, names and numbers with
their units must all come through unchanged. ``extract_facts`` finds them with regular
expressions compiled once, on first use (no NLP library: ``check`` must start fast), and
``missing_facts`` tells the rewriter, the evaluation and the tests which of them a rewrite lost.

Overlapping matches are resolved leftmost-longest, so "maandag 4 november" is one date rather
than a weekday and a number, and "Kerkstraat 12" one address rather than a number.

Speed: every pattern starts with a literal, a digit or a small character class (lookbehinds come
after the first character), so that the regex engine can skip ahead instead of trying every
alternative at every position; a draft of 1,000 characters takes well under a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

__all__ = ["FACT_KINDS", "Fact", "extract_facts", "missing_facts", "normalise_whitespace"]

FACT_KINDS: tuple[str, ...] = (
    "amount", "date", "time", "reference", "phone", "email", "postcode", "address", "name", "number",
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact: its kind, its exact text and where it sits (``text == source[start:end]``)."""

    kind: str
    text: str
    start: int
    end: int


def _words(text: str) -> list[str]:
    return text.split()


def _alt(words: Iterable[str], capitalised: bool = True) -> str:
    """A regex matching any of ``words`` (and, optionally, their capitalised forms).

    Built as a trie ("t(?:ien|wee)" rather than "tien|twee"), because Python's regex engine tries
    the branches of a flat alternation one by one at every position of the text: with a trie a
    draft is scanned several times faster. Longer words are still preferred over their prefixes.
    """
    trie: dict[str, dict] = {}
    for word in words:
        for form in {word, word[:1].upper() + word[1:]} if capitalised else {word}:
            node = trie
            for char in form:
                node = node.setdefault(char, {})
            node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return build(trie)


_MONTHS_NL = _words(
    "januari februari maart april mei juni juli augustus september oktober november december"
)
_MONTHS_EN = _words(
    "January February March April May June July August September October November December"
)
_MONTH_ABBR = _words("jan feb mrt mar apr jun jul aug sep sept okt oct nov dec")
_WEEKDAYS_NL = _words("maandag dinsdag woensdag donderdag vrijdag zaterdag zondag")
_WEEKDAYS_EN = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

_MONTH = rf"(?:{_alt(_MONTHS_NL + _MONTHS_EN)}|(?:{_alt(_MONTH_ABBR)})\.?)"
_WEEKDAY = _alt(_WEEKDAYS_NL + _WEEKDAYS_EN)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:ste|de|st|nd|rd|th|e)?"
_YEAR = r"(?:19|20)\d{2}"
_DAY_MONTH = rf"{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH}(?:[ \t]+{_YEAR})?(?![\w])"

# Dutch "tussenvoegsels" in names and street names: van, de, van der, van 't, ter, ...
_PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Hh]et|[Tt]er|[Tt]en|[Tt]e|'t|[Vv]on|[Ll]a|[Ll]e|[Dd]u|[Dd]a|[Dd]i|[Ii]n)"
# Latin-1 and Latin Extended-A letters (Öztürk, Yılmaz, Şahin); the extended block mixes cases,
# so it sits in both classes.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LOWER = "a-zß-öø-ÿĀ-ſ"
# A capitalised name word: Kramer, O'Neill, McDonald, Jansen-Smit, Öztürk.
# Every repeated part starts with a character the part before cannot match, so a long run of
# letters never makes the engine try exponentially many splits.
_CAPWORD = (
    rf"[{_UPPER}](?:[{_LOWER}]+|['’][{_UPPER}][{_LOWER}]+)(?:['’][{_UPPER}]?[{_LOWER}]+|-[{_UPPER}][{_LOWER}]+|[A-Z][a-z]+)*"
)
# A surname with particles, also a double one: "van der Berg", "de Jong-van Dijk".
_SURNAME = rf"(?:{_PARTICLE}[ \t]+){{0,3}}{_CAPWORD}(?:-(?:{_PARTICLE}[ \t]+){{1,2}}{_CAPWORD})?"

_STREET_SUFFIXES: tuple[str, ...] = tuple(_words(
    "straat laan weg plein kade gracht singel hof dijk pad steeg dreef park baan plantsoen markt ring"
    " erf veld wal haven hoven gaarde burg kamp veste boulevard allee dam berg zijde wei akker horst"
    " hove oord hoek poort stede rade tuin lei vliet"
))
# Words that may start a street name before the word with the suffix ("Van Hallstraat",
# "Jan van Galenstraat", "Burgemeester de Vlugtlaan"), written with a capital in the text, and
# the lowercase particles that may stand between them and the street word.
_STREET_LEADING_WORDS = frozenset(_words(
    "Van Ter Ten Oude Nieuwe Korte Lange Hoge Lage Grote Kleine Eerste Tweede Derde Burgemeester Dokter"
    " Dr. Prins Prinses Koningin Koning Graaf Gravin Sint St. Jan Willem Pieter Generaal Professor Prof."
    " Admiraal Kapitein Pastoor Pater Hendrik"
))
_STREET_PARTICLES = frozenset(_words("van de der den het 't ter ten te op aan bij in"))
_HOUSE_NUMBER_SOURCE = (
    # additions: 23B, 23-b, 23 - B, 23 B (a space only before one capital: "5 nu" is a word), 88-2, 12 hs
    r"\d{1,5}(?:[ \t]?-[ \t]?[A-Za-z]{1,2}(?![\w/])|[A-Za-z]{1,2}(?![\w/])|[ \t][A-Z](?![\w/])"
    r"|[-/]\d{1,4}(?!\d)|[ \t](?:hs|bis|I{1,3})(?!\w))?"
    r"(?:[ \t]?(?:t/m|tot en met|-)[ \t]?\d{1,5}(?!\d))?"
)
_UNITS = _alt(
    [
        "%", "procent", "percent", "jaar", "jaren", "maanden", "maand", "weken", "week", "werkdagen", "dagen",
        "dag", "uren", "minuten", "minuut", "seconden", "keer", "kwartalen", "kwartaal", "m2", "m²", "m3", "m³",
        "cm", "mm", "km", "kg", "meter", "liter", "graden", "°C", "°", "years", "year", "months", "month",
        "weeks", "week", "working days", "business days", "days", "day", "hours", "hour", "minutes", "minute",
        "seconds", "second", "times", "quarters", "quarter", "metres", "metre", "meters", "litres", "degrees",
    ],
    capitalised=False,
)
_NUMBER_WORD_LIST = _words(
    "twee drie vier vijf zes zeven acht negen tien elf twaalf veertien twintig dertig two three four five six"
    " seven eight nine ten eleven twelve fourteen twenty thirty"
)
_NUMBER_WORDS = _alt(_NUMBER_WORD_LIST)
_NUMBER_LABEL_WORDS = _words(
    "kamer room flat appartement apartment nummer number nr. nr no. huisnummer plaats box unit verdieping"
    " floor artikel article blok block portiek bus"
)
_NUMBER_LABELS = _alt(_NUMBER_LABEL_WORDS)
_REFERENCE_LABEL_WORDS = [
    "ref.", "ref", "referentie", "referentienummer", "kenmerk", "dossiernummer", "dossier", "klantnummer",
    "contractnummer", "huurcontractnummer", "huurdersnummer", "relatienummer", "meldingsnummer",
    "meldnummer", "ordernummer", "opdrachtnummer", "factuurnummer", "zaaknummer", "reference number",
    "reference", "case number", "case", "ticket number", "ticket", "order number", "invoice number",
    "tenant number", "account number",
]
_REFERENCE_LABELS = _alt(_REFERENCE_LABEL_WORDS)
_SALUTATION_WORDS = [
    "mevrouw", "mevr.", "mevr", "mw.", "mw", "meneer", "mijnheer", "de heer", "dhr.", "dhr", "heer",
    "familie", "fam.", "dokter", "dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "sir",
    "madam", "professor", "prof.",
]
_SALUTATIONS = _alt(_SALUTATION_WORDS)
_CLOSING_WORDS = [
    "met vriendelijke groeten", "met vriendelijke groet", "vriendelijke groeten", "vriendelijke groet",
    "hartelijke groeten", "hartelijke groet", "met hartelijke groet", "warme groet", "met groet",
    "groeten", "groet", "groetjes", "hoogachtend", "kind regards", "best regards", "warm regards",
    "regards", "best wishes", "with best wishes", "yours sincerely", "sincerely", "yours faithfully",
    "best", "cheers", "thanks", "thank you",
]
_CLOSINGS = _alt(_CLOSING_WORDS)
# Words that make a signature a department, not a person: a rewrite may replace those.
_ORG_WORDS = frozenset(_words(
    "team afdeling klantenservice klantcontact woonservice reparatieservice department office services"
    " service customer desk support housing verhuur beheer"
))
_ORG_ENDINGS = ("service", "services", "team", "zaken", "beheer", "dienst", "office", "desk")


def _c(pattern: str) -> str:
    """Marks a pattern source; all are compiled together, once, on first use (see _compiled)."""
    return pattern


# (kind, pattern, priority). A pattern with a named group ``v`` reports only that group.
# Lower priority wins when two candidates cover exactly the same characters.
_PATTERN_SOURCES: tuple[tuple[str, str, int], ...] = (
    # The domain from the "@"; the local part is taken in by _email_start.
    ("email", _c(r"@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)"), 0),
    # Phone candidates: a + or 0 and digits with single separators; checked by _phone_part.
    ("phone", _c(
        r"(?:[+0](?<![\w+.,/(-][+0])|\((?=0\d))(?:\d|(?: ?- ?| )(?=\(?\d)|\(0\) ?|[()](?=[\d ])){0,24}\d(?!\w)"
    ), 1),
    ("amount", _c(
        r"[€£$](?:[ \t\u00a0]?)\d{1,3}(?:(?:[.,\u00a0\u202f])\d{3}|(?<=\d)\d)*(?:[.,]\d{1,2}(?!\d)|,-)?(?!\d)"
    ), 2),
    ("amount", _c(
        r"(?:EUR|GBP|USD)[ \t\u00a0]?\d{1,3}(?:[.,\u00a0]\d{3}|(?<=\d)\d)*(?:[.,]\d{1,2}(?!\d)|,-)?(?!\d)"
    ), 2),
    ("amount", _c(
        r"\d(?<![\w.,]\d)\d*(?:[.,]\d{3})*(?:[.,]\d{1,2})?[ \t\u00a0]?"
        r"(?:euro|Euro|eurocent|cent|EUR|pond|pounds?|dollars?)(?!\w)"
    ), 2),
    ("date", _c(rf"(?:{_WEEKDAY})(?:,?[ \t]+{_DAY_MONTH}|(?![\w]))"), 3),
    ("date", _c(rf"\d(?<![\w.,]\d)\d?(?:ste|de|st|nd|rd|th|e)?[ \t]+(?:of[ \t]+)?{_MONTH}(?:[ \t]+{_YEAR})?(?![\w])"), 3),
    ("date", _c(
        rf"(?:{_alt(_MONTHS_EN)})\.?[ \t]+(?:the[ \t]+)?{_DAY}(?:,?[ \t]+{_YEAR})?(?![\w])"
    ), 3),
    ("date", _c(
        r"\d(?<![\w.,/-]\d)\d?([-/.])\d{1,2}\1(?:\d{4}|\d{2})(?![\w]|[.,/-]\d)"
        r"|\d(?<![\w.,/-]\d)\d{3}-(?:1[0-2]|0[1-9])-(?:[12]\d|3[01]|0[1-9])(?![\w])"
    ), 3),
    # A month on its own or with a year ("in juni", "March 2025"); not "May", which is a verb too.
    ("date", _c(
        rf"(?:{_alt(_MONTHS_NL + [m for m in _MONTHS_EN if m != 'May'])})(?:[ \t]+{_YEAR})?(?![\w])"
    ), 3),
    ("time", _c(
        r"\d(?<![\w.,:]\d)\d?[:.][0-5]\d(?:[ \t]?(?:uur|u\b|am|pm|AM|PM|a\.m\.|p\.m\.|hrs|h\b))?(?!\w|[.,:]\d)"
    ), 4),
    ("time", _c(r"\d(?<![\w.,:]\d)\d?[ \t]?(?:am|pm|AM|PM|a\.m\.|p\.m\.|uur)(?!\w)"), 4),
    ("reference", _c(
        # an IBAN, with or without spaces
        r"[A-Z](?<![\w/-][A-Z])[A-Z]\d{2}[ ]?[A-Z]{4}(?:[ ]?\d{4}){2}[ ]?\d{2}(?!\w)"
        # codes: LK-2025-03318, SK24-1187, PL1300-2025061847, 2025/118 after a label (below), E133
        r"|[A-Z](?<![\w/-][A-Z])[A-Z]{0,4}\d{0,6}(?:[-/]\d[\dA-Z]*)+(?![\w-])"
        r"|[A-Z](?<![\w/-][A-Z])[A-Z]{0,2}\d{2,}[A-Z]?(?![\w-])"
    ), 5),
    ("reference", _c(
        rf"(?:{_REFERENCE_LABELS})(?:[ \t]*[:#])?[ \t]*(?P<v>[A-Za-z]{{0,5}}\d[\w/-]*\d|\d)(?![\w])"
    ), 5),
    ("postcode", _c(r"[1-9](?<![\w][1-9])\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}(?![\w])"), 6),
    # Street names are found as "Capitalised word + number" and checked in code (see _address).
    ("address", _c(rf"[{_UPPER}](?<![\w][{_UPPER}])[{_LOWER}'’-]{{1,40}}[ \t]+(?=\d)"), 7),
    ("address", _c(
        rf"(?:{_alt(['laan', 'weg', 'plein', 'kade', 'gracht', 'singel', 'dijk'])})[ \t]+"
        rf"(?:van|der|de|den|op|aan|bij)[ \t]+(?:(?:de|der|den|het)[ \t]+)?{_CAPWORD}[ \t]+(?=\d)"
    ), 7),
    ("address", _c(
        rf"\d(?<![\w.,]\d)\d{{0,4}}[A-Za-z]?[ \t]+(?:{_CAPWORD}[ \t]+){{1,2}}(?:Street|Road|Lane|Avenue|Square"
        rf"|Close|Drive|Court|Place|Way|Terrace|Gardens|Crescent|St\.|Rd\.)(?![\w])"
    ), 7),
    # A name after a salutation: "mevrouw De Vries", "de heer J. van der Berg", "Mrs O'Neill".
    ("name", _c(
        rf"(?:{_SALUTATIONS})[ \t]+(?P<v>(?:[A-Z]\.[ \t]?){{0,3}}(?:{_CAPWORD}[ \t]+)?{_SURNAME})"
    ), 8),
    # A signature under a closing: "Met vriendelijke groet,\nRuben Veenstra".
    ("name", _c(
        rf"(?:{_CLOSINGS})[ \t]*[,!.]?[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*"
        rf"(?P<v>{_CAPWORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,3}}{_CAPWORD}){{1,3}})[ \t]*(?=\r?\n|$)"
    ), 8),
    ("number", _c(rf"(?:{_NUMBER_LABELS})[ \t]+\d+[A-Za-z]?(?:[.\-]\d+[A-Za-z]?)?(?![\w])"), 9),
    ("number", _c(rf"\d(?<![\w.,]\d)\d*(?:[.,]\d+)?[ \t\u00a0]?(?:{_UNITS})(?![\w])"), 9),
    ("number", _c(rf"(?:{_NUMBER_WORDS})[ \t]+(?:{_UNITS})(?![\w%°])"), 9),
    ("number", _c(r"\d(?<![\w.,]\d)\d*(?:[.,]\d+)*(?:[A-Za-z](?!\w))?"), 9),
)


class _Compiled(NamedTuple):
    patterns: tuple[tuple[str, re.Pattern[str], int], ...]
    house_number: re.Pattern[str]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    """The compiled patterns. Compiling takes ~10 ms, so it waits until facts are first needed:
    a ``check`` of a draft without issues, or a server start, does not pay for it."""
    return _Compiled(
        tuple((kind, re.compile(source), priority) for kind, source, priority in _PATTERN_SOURCES),
        re.compile(_HOUSE_NUMBER_SOURCE),
    )

_WS = re.compile(r"\s+")
_NON_DIGIT = re.compile(r"\D")
_PHONE_CHUNKS = re.compile(r"(?<=[\d)])(?=[ \-(])")
_WORD_BEFORE = re.compile(r"(\S+)[ \t]+$")


def _phone_part(candidate: str) -> str | None:
    """The part of a digit run that is a phone number, or ``None``.

    Dutch numbers have ten digits from the leading 0 (06-12345678, 020-1234567, 050 311 26 90);
    0800/0900 numbers 8 to 11; +31 / 0031 stands for the 0; other countries' numbers after a
    ``+`` or ``00`` have 8 to 15 digits. A run that also takes in a following number is cut back
    at a separator, so "bel 06 12345678 3 keer" yields only the phone number.
    """
    text = ""
    best: str | None = None
    for chunk in _PHONE_CHUNKS.split(candidate):
        text += chunk
        digits = _NON_DIGIT.sub("", text.replace("(0)", ""))
        if text.startswith(("+31", "0031")):
            national = "0" + digits[4 if text.startswith("00") else 2:]
        elif text.startswith(("+", "00")):
            if 8 <= len(digits) <= 15:
                best = text
            continue
        else:
            national = digits
        if national.startswith(("0800", "0900", "0906", "0909")):
            if 8 <= len(national) <= 11:
                best = text
        elif len(national) == 10 and not national.startswith("00"):
            best = text
        elif len(national) > 11:
            break
    return best


def _address(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """Span of a street address whose street word ends ``match``, or ``None`` when it is not a street.

    The regex finds a capitalised word followed by a number; here we check that the word is a
    street name (a Dutch street suffix, or the start of "Laan van ..."), take in words that belong
    to the name before it ("Van Hallstraat", "Burgemeester de Vlugtlaan") and the house number
    with its addition after it ("23-B", "88-2", "2 t/m 40").
    """
    words = match.group().split()
    if len(words) == 1 and not words[0].lower().endswith(_STREET_SUFFIXES):
        return None
    start = match.start()
    cursor = start
    for _ in range(3):
        before = _WORD_BEFORE.search(text, max(0, cursor - 40), cursor)
        if before is None:
            break
        word = before.group(1)
        if word in _STREET_LEADING_WORDS:
            start = cursor = before.start(1)
        elif word in _STREET_PARTICLES:
            cursor = before.start(1)  # taken in only when a leading word comes before it
        else:
            break
    number = _compiled().house_number.match(text, match.end())
    if number is None:
        return None
    return start, number.end()


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _email_start(text: str, at: int) -> int:
    """Where the local part of an e-mail address ending at the "@" in ``text[at]`` begins."""
    start = at
    while start > 0 and (_is_word(text[start - 1]) or text[start - 1] in ".+-"):
        start -= 1
    while start < at and text[start] in ".-":
        start += 1
    return start


def _time_ok(fact_text: str) -> bool:
    digits = re.match(r"\d+", fact_text)
    return digits is not None and int(digits.group()) <= 23


_CHECKS: dict[str, Callable[[str], bool]] = {"time": _time_ok}


def _is_department(words: str) -> bool:
    split = words.split()
    if not split:
        return True
    return split[0].lower() in _ORG_WORDS or any(word.lower().endswith(_ORG_ENDINGS) for word in split)


def extract_facts(text: str) -> list[Fact]:
    """Every fact in ``text``, in order of appearance, without overlaps."""
    candidates: list[tuple[int, int, int, str]] = []  # (start, -length, priority, kind): leftmost-longest
    has_at = "@" in text
    for kind, pattern, priority in _compiled().patterns:
        if kind == "email" and not has_at:
            continue
        for match in pattern.finditer(text):
            first = match.group()[:1]
            if (first.isalnum() or first == "_") and match.start() > 0 and _is_word(text[match.start() - 1]):
                continue  # these patterns leave out a leading \b for speed: skip a match inside a word
            if kind == "email":
                start = _email_start(text, match.start())
                if start == match.start():
                    continue
                end = match.end()
            elif kind == "phone":
                phone = _phone_part(match.group())
                if phone is None:
                    continue
                start, end = match.start(), match.start() + len(phone.rstrip(" -("))
            elif kind == "address" and priority == 7 and not match.group()[0].isdigit():
                span = _address(text, match)
                if span is None:
                    continue
                start, end = span
            elif match.re.groupindex.get("v") and match.group("v") is not None:
                if kind == "name" and _is_department(match.group("v")):
                    continue
                start, end = match.span("v")
            else:
                start, end = match.span()
            # Trailing sentence punctuation is never part of a fact.
            while end > start and text[end - 1] in " \t.,;:-":
                end -= 1
            if end <= start:
                continue
            check = _CHECKS.get(kind)
            if check is not None and not check(text[start:end]):
                continue
            candidates.append((start, start - end, priority, kind))
    candidates.sort()
    facts: list[Fact] = []
    taken_until = -1
    for start, negative_length, _priority, kind in candidates:
        if start < taken_until:
            continue
        end = start - negative_length
        facts.append(Fact(kind, text[start:end], start, end))
        taken_until = end
    return facts


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (newlines, non-breaking spaces) to one space."""
    return _WS.sub(" ", text).strip()


def missing_facts(original: str, rewritten: str) -> list[str]:
    """Texts of the facts of ``original`` that ``rewritten`` no longer contains, each once, in order.

    Both texts are compared after whitespace normalisation, so a fact broken over two lines in one
    and kept on one line in the other still counts as kept.
    """
    kept_text = same_times(normalise_whitespace(rewritten))
    signoff = _replaced_department_signoff(original, rewritten)
    missing: list[str] = []
    for fact in extract_facts(original):
        if signoff is not None and signoff[0] <= fact.start and fact.end <= signoff[1]:
            continue  # "Team Senioren 65+" became "[je naam]": the department goes, a person signs
        fact_text = normalise_whitespace(fact.text)
        if same_times(fact_text) not in kept_text and fact_text not in missing:
            missing.append(fact_text)
    return missing


_TIME = re.compile(r"(?<![\d.,:])0?(\d{1,2})[.:](\d{2})(?![\d.,:]\d)")
_PLACEHOLDER_AT_END = re.compile(r"\[[^\]\n]{2,40}\]\s*$")


def same_times(text: str) -> str:
    """"8.00", "8:00" and "08.00" are one time: written the same before comparing."""
    return _TIME.sub(r"\1:\2", text)


def _replaced_department_signoff(original: str, rewritten: str) -> tuple[int, int] | None:
    """The span of the original's last line when it signs as a department ("Team Senioren 65+", "Rent
    Collections") and the rewrite ends in a placeholder for a person's name instead; else ``None``."""
    if not _PLACEHOLDER_AT_END.search(rewritten):
        return None
    stripped = original.rstrip()
    start = stripped.rfind("\n") + 1
    line = stripped[start:]
    from bot.review.lexicon import load_lexicon

    if any(load_lexicon(lang).signal("department").search(line) for lang in ("nl", "en")):
        return start, len(stripped)
    return None
