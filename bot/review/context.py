"""What every check reads (``DraftContext``) and returns (``CheckResult``).

The context is built once per review: the plain text and its sentences, which sentences are the
salutation and the signature (a department sign-off is judged there, not in the body), the
refusal sentences (filled in by ``bot.review.refusal.context_for``, which builds contexts), and
the tenant's message reduced to content words. Checks work on plain-text offsets;
``bot.review.offline`` maps them back to the draft. This module imports neither the refusal
detector nor the learned layer: both read the context.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from bot.review.lexicon import Lexicon, Rule
from bot.review.text import PreparedText, Sentence

__all__ = ["CheckResult", "DraftContext", "Hit", "content_stems"]

_SALUTATION = re.compile(
    r"^\s*(?:beste|geachte|hoi|hallo|dag|goedemorgen|goedemiddag|goedenavond|lieve|dear|hi|hello|hey|good\s+"
    r"(?:morning|afternoon|evening)|meneer|mevrouw|mijnheer|(?:aan|to)\s+(?:alle|all|de|the)\s+\w+)\b",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’\-]*\.?|[A-Z]\.|van|de|der|den|het|ter|ten|te|'t|von|la|le|du|da|el)$")
_ROLE_SUFFIX = re.compile(
    r"(?:adviseur|consulent|medewerker|beheerder|co[oö]rdinator|begeleider|meester|officer|manager|"
    r"coordinator|liaison|advisor|adviser|assistant|specialist|opzichter|monteur|directeur|teamleider)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|[A-Za-z]*\d[\w\-]*", re.UNICODE)

# Function words and words every reply to a tenant uses: no evidence that this message was read.
_COMMON_TEXT = """
    de het een en van ik je u uw jij wij we zij ze dat dit die deze niet is zijn was waren met voor op aan
    bij naar om te ook als maar dan nog wel geen er hier daar wat wie hoe waarom wanneer heb heeft hebben
    kan kunt kunnen wordt worden zal zullen moet moeten mag graag omdat want mijn ons onze jullie hun al nu
    even zo dus toch sinds tot door over uit bent ben krijg krijgt helaas groet beste vriendelijke dank
    bedankt alvast hoor echt mevrouw meneer goedemiddag goedemorgen hallo hoi groeten gewoon heel erg
    iemand iets niets niks alles elke ieder komen komt kom gaan gaat doen doet zien weet weten willen wil
    woning huis melding bericht vraag huurder huur jaar dag week maand keer ander andere nieuwe nieuw
    the a an and of to in is are was were be been it this that these those you your we our i my me he she
    they them their not no with for on at by from as or but if so can could will would should have has had
    do does did there here what who how why when which please thank thanks regards dear kind sorry just
    also about into than then hi hello get got one two all any some very really still now new like
    home flat house message tenant rent year day week month time
"""
_COMMON = frozenset(_COMMON_TEXT.split())
_QUOTED = re.compile(r"(?<![\w])'[^'\n]+'(?![\w])|‘[^’\n]+’|“[^”\n]+”|\"[^\"\n]+\"|„[^”\n]+”")
_STEM = re.compile(r"^(.{4,}?)(?:jes|tje|je|en|es|s|e|ing|ed|ly|'s)?$")


def content_stems(text: str) -> set[str]:
    """Lower-cased content words of ``text`` with a crude suffix strip (Dutch and English)."""
    stems: set[str] = set()
    for token in set(_WORD.findall(text.lower())):
        word = token.strip("'’-")
        if len(word) < 4 or word in _COMMON:
            continue
        stem = _STEM.match(word)
        stems.add(stem.group(1) if stem else word)
    return stems


@dataclass
class Hit:
    """Evidence for an issue at a plain-text span (``sentence`` indexes ``DraftContext.sentences``)."""

    guideline: str
    start: int
    end: int
    message: str
    suggestion: str
    weight: float = 1.0
    kind: str = ""
    rule: Rule | None = None
    sentence: int | None = None
    replacement: str | None = None


@dataclass
class CheckResult:
    guideline: str
    verdict: str
    hits: list[Hit] = field(default_factory=list)
    # (message, suggestion) for what is missing altogether: a finding without a quote.
    missing: list[tuple[str, str]] = field(default_factory=list)
    # How clearly the draft does this well, 0..1: separates a good draft from a barely-ok one in the score.
    strength: float = 0.0
    # How far the learned layer's probability is from its issue bar, -1 (surely fine) .. 0 (on the bar) .. 1
    # (surely an issue); None without learned weights. The score reads it: a draft the model nearly faults
    # scores below one it clears with ease, and a clear issue costs more than a borderline one.
    margin: float | None = None


@dataclass
class DraftContext:
    """Everything the checks read about one draft."""

    prepared: PreparedText
    lang: str
    lexicon: Lexicon
    tenant_message: str | None = None
    salutation: int | None = None  # index of the salutation sentence
    signature_lines: list[tuple[int, int]] = field(default_factory=list)  # plain spans
    body: list[int] = field(default_factory=list)  # indexes of body sentences
    refusals: list[int] = field(default_factory=list)  # body sentences that say no (bot.review.refusal)
    rule_cache: dict[str, list[Hit]] = field(default_factory=dict)
    cues: list[list[float]] | None = None  # per sentence, the learned cue heads' probabilities
    buckets: list[list[int]] | None = None  # per sentence, the learned layer's hashed features
    rule_refusals: list[int] | None = None  # body sentences the lexicon's refusal signals match (lexicon_refusals)
    _quoted: dict[int, list[tuple[int, int]]] | None = None
    _signal_cache: dict[str, list[int]] = field(default_factory=dict)
    _body_text: str | None = None
    _body_lower: str | None = None
    _starts: list[int] | None = None

    @property
    def text(self) -> str:
        return self.prepared.text

    @property
    def sentences(self) -> list[Sentence]:
        return self.prepared.sentences

    def quoted_spans(self) -> dict[int, list[tuple[int, int]]]:
        """Per body sentence, the spans of words in quotation marks (the tenant's or a colleague's)."""
        if self._quoted is None:
            self._quoted = {
                index: [m.span() for m in _QUOTED.finditer(self.sentences[index].text)] for index in self.body
            }
        return self._quoted

    def body_sentences(self) -> list[tuple[int, Sentence]]:
        return [(index, self.sentences[index]) for index in self.body]

    def count(self, kind: str, sentences: list[tuple[int, Sentence]] | None = None) -> int:
        """How many body sentences (or of ``sentences``) show signal ``kind``."""
        if sentences is not None:
            pattern = self.lexicon.signal(kind)
            return sum(1 for _, sentence in sentences if pattern.search(sentence.text))
        return len(self.sentences_with(kind))

    def sentences_with(self, kind: str) -> list[int]:
        """Indexes of the body sentences that show signal ``kind``: one pass over the body, cached."""
        found = self._signal_cache.get(kind)
        if found is None:
            found = sorted(set(self.signal_matches(kind)))
            self._signal_cache[kind] = found
        return list(found)

    def signal_matches(self, kind: str) -> list[int]:
        """The body sentence of every match of signal ``kind``, in order (one per match)."""
        body_text = self.body_text()
        if not body_text:
            return []
        line_starts = self.line_starts()
        pattern, lower = self.lexicon.signal_lines(kind)
        return [
            self.body[bisect_right(line_starts, match.start()) - 1]
            for match in pattern.finditer(self.lower_body() if lower else body_text)
        ]

    def lower_body(self) -> str:
        if self._body_lower is None:
            lowered = self.body_text().lower()
            if len(lowered) != len(self.body_text()):
                # "İ".lower() is two characters: lower character by character, keeping such ones as they are
                lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.body_text())
            self._body_lower = lowered
        return self._body_lower

    def line_starts(self) -> list[int]:
        if self._starts is None:
            starts, position = [], 0
            for _, sentence in self.body_sentences():
                starts.append(position)
                position += len(sentence.text) + 1
            self._starts = starts
        return self._starts

    def body_text(self) -> str:
        """The body sentences, one per line."""
        if self._body_text is None:
            self._body_text = "\n".join(sentence.text for _, sentence in self.body_sentences())
        return self._body_text

    def lexicon_refusals(self) -> list[int]:
        """The body sentences the lexicon's signals say no in (one pass over the body, as the checks
        make); kept, since the refusal detector and the learned layer's features both read them."""
        if self.rule_refusals is None:
            unless = self.lexicon.signal("refusal_unless")
            self.rule_refusals = [index for index in self.sentences_with("refusal")
                                  if not unless.search(self.sentences[index].text)]
        return list(self.rule_refusals)

    @classmethod
    def build(cls, prepared: PreparedText, lang: str, lexicon: Lexicon, tenant_message: str | None) -> DraftContext:
        context = cls(prepared=prepared, lang=lang, lexicon=lexicon, tenant_message=tenant_message or None)
        context._find_frame()
        return context

    def _find_frame(self) -> None:
        """Salutation at the top, signature at the bottom; the rest is the body."""
        sentences = self.sentences
        signature_start = self._find_signature()
        signature_from = next(
            (index for index, sentence in enumerate(sentences) if sentence.start >= signature_start), len(sentences)
        )
        if sentences and _is_salutation(sentences[0], self.text):
            self.salutation = 0
        first_body = 1 if self.salutation == 0 else 0
        self.body = list(range(first_body, signature_from))

    def _find_signature(self) -> int:
        """Set ``signature_lines``; return where the signature starts (past the end of the text: none).

        The last closing formula in the final eight lines ("Met vriendelijke groet,") starts it; without
        one, a short last block of name-like lines after a blank line.
        """
        text = self.text
        lines = _lines(text)
        closing = self.lexicon.signal("closing")
        closing_line = next(
            (number for number in range(len(lines) - 1, max(-1, len(lines) - 9), -1)
             if closing.search(text[slice(*lines[number])])),
            None,
        )
        if closing_line is not None:
            start, end = lines[closing_line]
            line_text = text[start:end]
            # "Groet, Mustafa" or "Gr. Lotte Jansen": the name on the closing line itself
            after = re.search(r"[,.]\s*(\S.*)$", line_text)
            spans = []
            if after and len(line_text.split()) <= 6:
                spans.append((start + after.start(1), end))
            spans += [lines[n] for n in range(closing_line + 1, len(lines)) if text[slice(*lines[n])].strip()]
            self.signature_lines = spans
            return start
        block = _name_block(text, lines)
        if block:
            self.signature_lines = block
            return block[0][0]
        return len(text) + 1

    def department_signoff(self) -> tuple[int, int] | None:
        """The plain span of a department sign-off when no person's name signs the reply."""
        department = self.lexicon.signal("department")
        found = None
        for start, end in self.signature_lines:
            line = self.text[start:end].strip()
            if line.startswith("[") and line.endswith("]"):
                return None  # a placeholder for the writer's name (the rewrite puts one there)
            if department.search(line):
                found = found or (start, end)
            elif _looks_like_name(line):
                return None
        return found


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for line in text.split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _is_salutation(first: Sentence, text: str) -> bool:
    """A short greeting ("Beste meneer Jansen,", "Hi Sam") that ends in a comma or its own line.

    Not a one-line message that starts with one ("Beste meneer, uw verzoek is afgewezen."): a
    greeting, a comma and a sentence that ends in a full stop is the message itself.
    """
    stripped = first.text.rstrip()
    if stripped.endswith(".") and ", " in stripped:
        return False
    return bool(_SALUTATION.search(first.text)) and len(first.text.split()) <= 8 and (
        stripped.endswith(",") or "\n" in text[first.end : first.end + 1]
    )


def _name_block(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A signature without a closing formula: up to three short last lines without end punctuation,
    after a blank line ([] when there is none)."""
    block: list[tuple[int, int]] = []
    for number in range(len(lines) - 1, -1, -1):
        start, end = lines[number]
        line_text = text[start:end].strip()
        if not line_text:
            if block:
                break
            continue
        if len(line_text.split()) > 5 or line_text[-1] in ".!?:;" or len(block) >= 3:
            return []
        block.insert(0, (start, end))
    previous_blank = bool(block) and (block[0][0] >= 2 and text[: block[0][0]].rstrip(" \t").endswith("\n\n"))
    return block if previous_blank else []


def _looks_like_name(line: str) -> bool:
    tokens = line.replace(",", " ").split()
    if not 1 <= len(tokens) <= 5:
        return False
    if not all(_NAME_TOKEN.match(token) for token in tokens):
        return False
    if not tokens[0][0].isupper():
        return False
    if len(tokens) == 1:
        return not _ROLE_SUFFIX.search(tokens[0])
    return True


