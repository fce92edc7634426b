"""Personal data out before any text leaves the machine; back in when the answer returns.

The language model never needs to know that the tenant is called Anja de Boer or lives at
Kerkstraat 12 to judge the tone of a reply. So before a draft or a tenant's message is sent,
every piece of personal data we can recognise is replaced by a stable placeholder such as
``[NAAM_1]`` or ``[IBAN_1]``, and :func:`restore` puts the originals back into the quotes and
the rewrite the model returns.

Why regular expressions and checksums, not a named-entity model: a Dutch de-identification
package finds more names, but costs seconds of start-up and over a gigabyte of memory (see
shared/notes/offline-nlp.md). Tenant letters are formulaic: names come after a salutation
("Geachte mevrouw de Boer", "Dear Mr Smith") or in a signature, and numbers that matter
(IBAN, BSN) carry a checksum that python-stdnum verifies, so a reference number that merely
looks like a BSN is left alone. Typical cost: well under a millisecond per text.

One :class:`Redactor` is used for the draft and the tenant's message together, so the same
value gets the same placeholder in both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stdnum import iban as _iban
from stdnum.nl import bsn as _bsn

# Placeholder labels, in Dutch (the product's first language); the prompt explains them.
KINDS: dict[str, str] = {
    "name": "NAAM",
    "email": "EMAIL",
    "phone": "TELEFOON",
    "iban": "IBAN",
    "bsn": "BSN",
    "postcode": "POSTCODE",
    "address": "ADRES",
}
PLACEHOLDER_RE = re.compile(r"\[(NAAM|EMAIL|TELEFOON|IBAN|BSN|POSTCODE|ADRES)_(\d+)\]")
# What a model sometimes makes of a placeholder: "[NAAM 1]", "[ NAAM_1 ]", "[naam_1]".
_LOOSE_PLACEHOLDER_RE = re.compile(
    r"\[\s*(NAAM|EMAIL|TELEFOON|IBAN|BSN|POSTCODE|ADRES)[ _-]?(\d+)\s*\]", re.IGNORECASE
)

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")

# A phone-number candidate: starts with 0, +31 or 0031, then digits with spaces, dashes,
# dots or "(0)"; kept only when its digit count fits a Dutch number (see _is_dutch_phone).
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+31|0031|0)(?:[\s.-]*\(0\))?(?:[\s.-]?\d){6,12}(?!\d)"
)

# IBAN candidates: country and check digits, then one word or groups of four with single spaces.
_IBAN_RE = re.compile(
    r"\b[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}\b|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?\b)", re.IGNORECASE
)

# BSN: nine digits, or written 1234.56.782 / 123 456 782.
_BSN_RE = re.compile(r"(?<![\d.,-])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?!\d|[.,]\d)")

# Dutch postcode (no SA, SD, SS) with an optional house number and addition: "3511 AB 12-B".
_POSTCODE_RE = re.compile(
    r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b(?:,? \d{1,5}(?:-?[A-Za-z0-9]{1,3}\b)?)?"
)

_STREET_SUFFIXES = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|park|pad|steeg|markt|ring|baan|"
    "plantsoen|boulevard|allee|erf|veld|burg|wal|haven|kwartier|poort|zijde|straatweg|hoek|"
    "street|road|avenue|lane|drive|close|square|way"
)
# "Kerkstraat 12", "Hoefijzerlaan 23-B", "Burgemeester de Withstraat 3a", "Oude Gracht 12 bis".
_ADDRESS_RE = re.compile(
    r"\b(?:[A-Z][\w'’]*\.? (?:(?:van|de|der|den|het|ter|ten|op|in) ){0,2}){0,3}"
    r"(?=[A-Z])[\w'’]*(?i:" + _STREET_SUFFIXES + r") (\d{1,5})"
    r"(?:-?[A-Za-z]{1,2}\b|-\d{1,3}\b|\s(?:bis|hs|huis|boven|beneden)\b)?",
)

# A street named without a house number: "de Karel Doormanstraat", "Hoefijzerlaan", "Baker Street".
_STREET_ONLY_RE = re.compile(
    r"\b(?:[A-Z][\w'’]*\.? (?:(?:van|de|der|den|het|ter|ten) ){0,2}){0,3}[A-Z][a-zà-ÿ]{2,}"
    r"(?:straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|steeg|plantsoen|boulevard|allee|straatweg|hof)\b"
    r"|\b[A-Z][a-z]+ (?:Street|Road|Avenue|Lane|Drive|Close|Square|Crescent)\b"
)

_TUSSENVOEGSEL = r"(?:(?:[vV]an|[dD]e|[dD]er|[dD]en|[hH]et|[tT]er|[tT]en|[tT]e|[oO]p|[iI]n|'[tT]|[lL]a|[lL]e|[dD]u|[vV]on|[dD]a|[dD]os|[dD]i)[ \t]+)"
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = "a-zß-öø-ÿĀ-ſ'’"  # Latin Extended-A in both cases: Yılmaz, Łukasz, Šimić
_CAP_WORD = (
    rf"(?:(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]+"  # Jansen, O'Neill
    rf"(?:-(?:[{_LOWER}]+-)*[{_UPPER}{_LOWER}][{_LOWER}]+)?)"  # Jansen-de Vries, Smit-Bakker
)
_INITIALS = r"(?:(?:[A-Z]\.[ \t]?){1,4}(?:[A-Z][a-z]?\.[ \t]?)?)"
# A personal name: initials and/or first names, tussenvoegsels, a surname ("A.B. van der Berg",
# "Anja de Boer", "Jansen-de Vries", "Piet").
_NAME = (
    rf"(?:(?:{_INITIALS}[ \t]*)?(?:{_CAP_WORD}[ \t]+){{0,2}}{_TUSSENVOEGSEL}{{0,3}}{_CAP_WORD}"
    rf"|{_INITIALS}[ \t]*{_TUSSENVOEGSEL}{{0,3}}{_CAP_WORD})(?![\w'’])"  # "VvE" is no surname "Vv"
)
# "Ravi and Siobhan", "Jan en Petra", "Ravi & Siobhan Lindqvist": a second name joined to the first.
_AND_NAME_RE = re.compile(rf"[ \t]*,?[ \t]*(?:and|en|&|und)[ \t]+(?P<name>{_NAME})")
# Words that follow a salutation but are not a name.
_NOT_NAMES = {
    "heer", "mevrouw", "meneer", "huurder", "huurders", "bewoner", "bewoners", "klant", "klanten",
    "collega", "collega's", "allen", "all", "sir", "madam", "customer", "tenant", "tenants", "team",
    "resident", "residents", "heren", "dames", "familie", "there", "everyone", "allemaal",
    "uw", "wij", "we", "ik", "our", "your", "dank",
    "thanks", "thank", "bedankt", "graag", "hartelijk", "sorry", "excuses", "goedemorgen",
    "goedemiddag", "goedenavond", "afdeling", "klantcontact", "klantenservice", "service",
    "woningcorporatie", "corporatie",
    # salutations, titles and closings: next to a name, never part of it
    "beste", "geachte", "dear", "hoi", "hallo", "hi", "hello", "hey", "dag", "lieve", "mr", "mrs", "ms",
    "dr", "dhr", "mevr", "groet", "groeten", "groetjes", "regards", "cheers", "mvg", "vriendelijke",
}
_SALUTATION_RE = re.compile(
    r"(?:\b(?:[Gg]eachte|[Bb]este|[Dd]ear|[Hh]allo|[Hh]oi|[Hh]i|[Hh]ello|[Hh]ey|[Bb]eminde)[ \t]+"
    r"(?:(?:[Mm]evrouw|[Mm]eneer|[Hh]eer|[Hh]eren|[Mm]evr\.?|[Dd]hr\.?|[Mm]rs?\.?|[Mm]s\.?|[Mm]iss|"
    r"[Dd]r\.?|[Ff]amilie|[Ff]am\.)[ \t]+)?"
    r"|\b(?:[Mm]evrouw|[Mm]eneer|[Dd]e [Hh]eer|[Mm]evr\.|[Mm]evr|[Dd]hr\.|[Dd]hr|Mr\.?|Mrs\.?|Ms\.?|"
    r"Miss|Dr\.?|[Ff]amilie|[Ff]am\.)[ \t]+)"
    rf"(?P<name>{_NAME})"
)
_CLOSING_RE = re.compile(
    r"^[ \t>]*(?:met )?(?:vriendelijke|hartelijke|warme|beste|lieve)? ?groet(?:en|jes)?\b"
    r"|^[ \t>]*(?:mvg|m\.vr\.gr\.|gr\.?|groetjes)\b"
    r"|^[ \t>]*(?:kind|best|warm|warmest|many)? ?regards\b"
    r"|^[ \t>]*(?:yours sincerely|yours faithfully|sincerely|best wishes|many thanks|thanks|cheers|best)\b",
    re.IGNORECASE | re.MULTILINE,
)
# "... Waarom hoor ik niks? Groet, Henk Wouters": a closing after a sentence, on the same line.
_INLINE_CLOSING_RE = re.compile(
    r"(?<=[.!?)])[ \t]+(?:[Mm]et )?(?:[Vv]riendelijke |[Hh]artelijke )?(?:[Gg]roet(?:en|jes)?|[Mm]vg|"
    r"(?:[Kk]ind |[Bb]est )?[Rr]egards|[Tt]hanks|[Cc]heers)[,!.]?[ \t]+"
    rf"(?P<name>{_NAME})(?=[ \t]*(?:$|[,\n(]))",
    re.MULTILINE,
)
# A text that simply ends with the writer's name: "... kan er iemand komen? Roos de Jong".
_TRAILING_NAME_RE = re.compile(rf"(?:^|[.!?)][ \t]+)(?P<name>{_NAME})[ \t]*(?:,[^\n.!?]{{0,60}})?\s*\Z", re.MULTILINE)
# "... Please help.\n\nRavi and Siobhan Lindqvist": two people sign at the end of a text.
_TRAILING_PAIR_RE = re.compile(
    rf"(?:^|[.!?)][ \t]+)(?P<first>{_NAME})[ \t]+(?:and|en|&)[ \t]+(?P<second>{_NAME})[ \t]*\s*\Z", re.MULTILINE
)
_SIGNATURE_NAME_RE = re.compile(rf"^[ \t>]*(?P<name>{_NAME})[ \t]*(?=$|[,|(–-])")
# Lines under a closing that are a department or a role, never a person's name.
_DEPARTMENT_WORDS = re.compile(
    r"\b(?:team|afdeling|klantcontact|klantenservice|servicedesk|woningcorporatie|corporatie|"
    r"wonen|woningen|beheer|verhuur|medewerker|department|service|support|customer|office|"
    r"housing|association|bv|b\.v\.|stichting|gemeente|administration|administratie|desk|repairs|"
    r"maintenance|management|onderhoud|reparaties|huurzaken|incasso|\w*team)\b"
    # a role: Woonconsulent, Klantadviseur, Huismeester, Reparatieservice, Rent Officer, ...
    r"|\w*(?:adviseur|consulent|medewerker|beheerder|co[oö]rdinator|begeleider|meester|officer|manager|"
    r"coordinator|liaison|advisor|adviser|assistant|specialist|opzichter|monteur|directeur|leider|"
    r"service|dienst|balie|zaken)\b",
    re.IGNORECASE,
)
_TUSSEN_ONLY = re.compile(rf"^{_TUSSENVOEGSEL}*$")


@dataclass
class Redactor:
    """Replaces personal data by placeholders; one instance per review keeps them stable.

    ``mapping`` goes from placeholder to original text: exactly what :func:`restore` needs.
    """

    mapping: dict[str, str] = field(default_factory=dict)
    _by_value: dict[tuple[str, str], str] = field(default_factory=dict)
    _counters: dict[str, int] = field(default_factory=dict)
    _taken: set[str] = field(default_factory=set)
    known_names: list[str] = field(default_factory=list)

    def find_names(self, text: str) -> list[tuple[int, int]]:
        """Spans of names in ``text`` (after a salutation, in a signature); remembered for later texts."""
        spans = _salutation_names(text) + _signature_names(text) + _closing_names(text)
        self.known_names.extend(text[start:end] for start, end in spans)
        return spans

    def placeholder(self, kind: str, value: str) -> str:
        """The placeholder for ``value``: the same one every time the same value comes by."""
        key = (kind, _normalise(kind, value))
        if key in self._by_value:
            return self._by_value[key]
        label = KINDS[kind]
        while True:
            self._counters[label] = self._counters.get(label, 0) + 1
            token = f"[{label}_{self._counters[label]}]"
            if token not in self._taken:
                break
        self._by_value[key] = token
        self.mapping[token] = value
        return token

    def redact(self, text: str, name_spans: list[tuple[int, int]] | None = None) -> str:
        """``text`` with every recognised piece of personal data replaced by its placeholder.

        ``name_spans`` are the names :meth:`find_names` already found in this text.
        """
        if not text:
            return text
        # A text that already contains "[NAAM_1]" keeps it; our own placeholders skip that number.
        self._taken.update(m.group(0) for m in PLACEHOLDER_RE.finditer(text))
        spans: list[tuple[int, int, str]] = []  # start, end, kind; earlier kinds win overlaps

        def add(start: int, end: int, kind: str) -> None:
            if start >= end or any(start < e and s < end for s, e, _ in spans):
                return
            spans.append((start, end, kind))

        for m in _EMAIL_RE.finditer(text):
            add(m.start(), m.end(), "email")
        for start, end in _iban_spans(text):
            add(start, end, "iban")
        for m in _BSN_RE.finditer(text):
            if _bsn.is_valid(m.group(0)):
                add(m.start(), m.end(), "bsn")
        for start, end in _phone_spans(text):
            add(start, end, "phone")
        for m in _POSTCODE_RE.finditer(text):
            add(m.start(), m.end(), "postcode")
        for m in _ADDRESS_RE.finditer(text):
            add(m.start(), m.end(), "address")
        for m in _STREET_ONLY_RE.finditer(text):
            add(m.start(), m.end(), "address")
        for start, end, kind in _fact_spans(text):
            add(start, end, kind)
        for start, end in self.find_names(text) if name_spans is None else name_spans:
            add(start, end, "name")
        # A name found once is redacted everywhere in every text, with its parts:
        # "Anja de Boer" also hides a later "mevrouw De Boer" or "Anja".
        variants = _name_variants(self.known_names)
        if variants:
            pattern = "|".join(re.escape(variant) for variant in variants)  # longest first
            for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", text):
                add(m.start(), m.end(), "name")

        pieces: list[str] = []
        last = 0
        for start, end, kind in sorted(spans):
            pieces.append(text[last:start])
            pieces.append(self.placeholder(kind, text[start:end]))
            last = end
        pieces.append(text[last:])
        return "".join(pieces)



def redact(*texts: str | None) -> tuple[list[str | None], dict[str, str]]:
    """Redact several texts with one shared mapping (draft and tenant message together).

    Returns the redacted texts in order and the mapping placeholder -> original.
    """
    redactor = Redactor()
    for text in texts:
        redactor._taken.update(m.group(0) for m in PLACEHOLDER_RE.finditer(text or ""))
    # Names are learnt from every text first, so a name in the tenant's signature is hidden
    # in the draft too, whichever text mentions it first.
    names = [redactor.find_names(text) if text else [] for text in texts]
    redacted = [redactor.redact(text, spans) if text else text for text, spans in zip(texts, names, strict=True)]
    return redacted, redactor.mapping


def restore(text: str, mapping: dict[str, str]) -> str:
    """Put the originals back: every placeholder of ``mapping`` in ``text`` becomes its value.

    Tolerates the small changes a model makes to a placeholder ("[NAAM 1]", "[naam_1]");
    placeholders that are not in ``mapping`` are left as they are (callers can detect them
    with :func:`unknown_placeholders`).
    """
    if not text or not mapping:
        return text

    def put_back(m: re.Match[str]) -> str:
        token = f"[{m.group(1).upper()}_{int(m.group(2))}]"
        return mapping.get(token, m.group(0))

    return _LOOSE_PLACEHOLDER_RE.sub(put_back, text)


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders of our kinds still in ``text`` after :func:`restore`: invented by a model."""
    return [m.group(0) for m in _LOOSE_PLACEHOLDER_RE.finditer(text or "")]


# --- helpers


def _normalise(kind: str, value: str) -> str:
    if kind in ("iban", "bsn", "phone", "postcode"):
        return re.sub(r"[\s.()-]", "", value).upper()
    if kind == "email":
        return value.lower()
    return " ".join(value.split())


def _iban_spans(text: str) -> list[tuple[int, int]]:
    """IBANs, spaced or not, that pass the checksum; a spaced one may be followed by other groups."""
    spans = []
    for m in _IBAN_RE.finditer(text):
        candidate = m.group(0)
        ends = [len(candidate)] + [i for i in range(len(candidate) - 1, 14, -1) if candidate[i] == " "]
        for end in ends:
            if _iban.is_valid(candidate[:end]):
                spans.append((m.start(), m.start() + end))
                break
    return spans


def _phone_spans(text: str) -> list[tuple[int, int]]:
    """Dutch phone numbers: the longest prefix of each candidate with a fitting digit count."""
    spans = []
    for m in _PHONE_RE.finditer(text):
        candidate = m.group(0)
        for end in range(len(candidate), 0, -1):
            if not candidate[end - 1].isdigit() or (end < len(candidate) and candidate[end].isdigit()):
                continue
            if _is_dutch_phone(candidate[:end]):
                spans.append((m.start(), m.start() + end))
                break
    return spans


def _is_dutch_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate.replace("(0)", ""))
    if candidate.startswith("+31"):
        return len(digits) == 11  # 31 + nine digits
    if candidate.startswith("0031"):
        return len(digits) == 13
    if digits.startswith(("0800", "0900", "0906", "0909")):
        return 8 <= len(digits) <= 11
    return len(digits) == 10


def _is_name(name: str) -> bool:
    words = [w.strip(".") for w in name.split()]
    if not words or any(word.lower() in _NOT_NAMES for word in words):
        return False
    return not _DEPARTMENT_WORDS.search(name)


def _salutation_names(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SALUTATION_RE.finditer(text):
        name = m.group("name").rstrip()
        if _is_name(name):
            spans.append((m.start("name"), m.start("name") + len(name)))
            spans += _joined_names(text, m.start("name") + len(name))
    return spans


def _joined_names(text: str, position: int) -> list[tuple[int, int]]:
    """The names joined to the one that ends at ``position`` by "and", "en" or "&"."""
    spans = []
    while (joined := _AND_NAME_RE.match(text, position)) and _is_name(joined.group("name")):
        spans.append(joined.span("name"))
        position = joined.end("name")
    return spans


def _last_block_names(text: str) -> list[tuple[int, int]]:
    """A signature without a closing formula: the last block of at most four short lines after a blank
    line, whose first line is only a name ("Ravi Lindqvist" above an address and a phone number)."""
    block_start = text.rstrip().rfind("\n\n")
    if block_start < 0:
        return []
    block = text[block_start + 2:]
    lines = [line for line in block.split("\n") if line.strip()]
    if not lines or len(lines) > 4 or any(len(line) > 60 for line in lines):
        return []
    first = lines[0]
    start = block_start + 2 + block.index(first)
    m = _SIGNATURE_NAME_RE.match(first)
    if not m or first[m.end("name"):].strip(" \t,.") or not _is_name(m.group("name")):
        return []
    name = m.group("name").rstrip()
    spans = [(start + m.start("name"), start + m.start("name") + len(name))]
    return spans + _joined_names(text, spans[0][1])


def _signature_names(text: str) -> list[tuple[int, int]]:
    """Names on the closing line ("Groet, Piet") or on the first lines below it."""
    spans = []
    for closing in _CLOSING_RE.finditer(text):
        line_end = text.find("\n", closing.end())
        line_end = len(text) if line_end < 0 else line_end
        # the rest of the closing line: empty ("Met vriendelijke groet,") or only a name
        # ("Groet, Piet Jansen"); anything else ("Thanks for your message") is no closing.
        rest = text[closing.end():line_end]
        stripped = rest.lstrip(" \t,.!:-")
        offset = line_end - len(stripped)
        candidates: list[tuple[int, str]] = []
        if stripped.strip(" \t.!,"):
            m = _SIGNATURE_NAME_RE.match(stripped)
            if not m or stripped[m.end("name"):].strip(" \t.!,") or not _is_name(m.group("name")):
                continue
            candidates.append((offset, stripped))
        # then up to three non-empty lines below it, stopping at a blank line after a name
        position = line_end + 1
        seen = 0
        while position < len(text) and seen < 3:
            next_end = text.find("\n", position)
            next_end = len(text) if next_end < 0 else next_end
            line = text[position:next_end]
            if line.strip():
                candidates.append((position, line))
                seen += 1
            elif seen:
                break
            position = next_end + 1
        for start, line in candidates:
            m = _SIGNATURE_NAME_RE.match(line)
            if not m:
                continue
            name = m.group("name").rstrip()
            if _is_name(name) and not _DEPARTMENT_WORDS.search(line.split(",")[0]):
                spans.append((start + m.start("name"), start + m.start("name") + len(name)))
                break  # the lines below a name are a role, a department, a phone number
    return spans


def _closing_names(text: str) -> list[tuple[int, int]]:
    """A name after a closing in running text, or a bare name that ends the text."""
    spans = []
    for m in _INLINE_CLOSING_RE.finditer(text):
        if _is_name(m.group("name")):
            spans.append(m.span("name"))
    tail_start = max(0, len(text) - 160)
    m = _TRAILING_NAME_RE.search(text, tail_start)
    if m and _is_name(m.group("name")) and len(m.group("name").split()) >= 2:
        spans.append(m.span("name"))
    for pair in _TRAILING_PAIR_RE.finditer(text, tail_start):
        if _is_name(pair.group("first")) and _is_name(pair.group("second")):
            spans += [pair.span("first"), pair.span("second")]
    return spans + _last_block_names(text)


def _fact_spans(text: str) -> list[tuple[int, int, str]]:
    """Addresses, postcodes, phone numbers and e-mail addresses the facts module knows.

    The facts module (what a rewrite must keep) knows more street names ("Appelgaarde 5"); using
    it here too means that what the rewrite guard protects is also what redaction hides.
    """
    try:
        from bot.review.facts import extract_facts
    except ImportError:  # pragma: no cover - the module is built alongside this one
        return []
    kinds = {"address": "address", "postcode": "postcode", "phone": "phone", "email": "email"}
    return [(f.start, f.end, kinds[f.kind]) for f in extract_facts(text) if f.kind in kinds]


def _name_variants(names: list[str]) -> list[str]:
    """Full names, surnames with their tussenvoegsel ("de Boer", "De Boer") and first names."""
    variants: set[str] = set()
    for name in names:
        name = " ".join(name.split())
        variants.add(name)
        words = name.split(" ")
        if len(words) < 2:
            continue
        # surname with tussenvoegsels: from the first lower-case word, or the last word
        for i, word in enumerate(words[1:], start=1):
            if _TUSSEN_ONLY.match(word + " "):
                surname = " ".join(words[i:])
                variants.update({surname, surname[0].upper() + surname[1:]})
                break
        else:
            if len(words[-1]) > 2:
                variants.add(words[-1])
        if not words[0].endswith(".") and len(words[0]) > 2 and not _TUSSEN_ONLY.match(words[0] + " "):
            variants.add(words[0])
    # longest first, so "Anja de Boer" wins over "de Boer"
    return sorted(variants, key=len, reverse=True)
