"""The offline warmer rewrite: sentence by sentence from the findings, tone not substance.

What it does, driven by the issues the checks found:
- swaps officialese for everyday words (the lexicon's swap lists), softens "U dient ... te ..."
  to "Wilt u ...?", removes "zoals eerder aangegeven" and minimising words, lowers CAPITALS and
  "!!";
- replaces policy and portal sentences with a marked placeholder, and leaves out a sentence only
  when it tells the tenant nothing of its own (a stock formula, bare blame, minimising). A sentence
  that holds a fact, a refusal or other substance (who pays, what the tenant must do, a consequence,
  a right: the lexicon's ``substance`` signal) keeps its content in a warmer tone: "Wij wijzen u erop
  dat X" -> "Het is goed om te weten dat X", "Hiervoor dient u X te doen" -> "Wilt u hiervoor X
  doen?", "Let op: X" -> "X"; a vague promise stays, with "[wanneer?]" after it;
- adds, in the draft's language and in square brackets, what only the writer can fill in: an
  acknowledgement opener, a reflection of the tenant's message, the reason for a no and what is
  possible instead, who does what when and how to reach them, the writer's name under a
  department sign-off.

What it never does: drop or change an amount, date, time, reference, phone number, address,
e-mail or name (every edit that would touch one is skipped), add a number of its own, or turn a
no into a yes. ``rewrite_draft`` verifies each of these on the result (bot.review.facts,
bot.review.refusal) and falls back to a lighter rewrite that only swaps words, and in the end to
the draft itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.review.checks.base import _SALUTATION, CheckResult, DraftContext, Hit
from bot.review.checks.next_step import reachable
from bot.review.facts import Fact, extract_facts, missing_facts, normalise_whitespace
from bot.review.lexicon import Lexicon, load_lexicon
from bot.review.refusal import refuses

__all__ = ["PLACEHOLDERS", "rewrite_draft", "rewrite_is_safe", "split_long_sentences"]

PLACEHOLDERS: dict[str, dict[str, str]] = {
    "nl": {
        "acknowledge": "Wat vervelend dat [wat de huurder meemaakt].",
        "hear": "U schrijft dat [wat de huurder schreef, in uw eigen woorden].",
        "reason": "Dat komt doordat [reden in eigen woorden].",
        "alternative": "Wat wel kan: [wat wel kan].",
        "next_step": "Ik [wat u gaat doen] op [dag en tijd]. U kunt mij bereiken op [uw telefoonnummer].",
        "name": "[uw naam]",
        "salutation_name": "[naam van de huurder]",
        "when": "[wanneer?]",
        "what_next": "[wat gebeurt er nu, en wanneer?]",
        "reach": "U kunt mij bereiken op [uw telefoonnummer].",
    },
    "en": {
        "acknowledge": "I'm sorry to hear about [what the tenant is going through].",
        "hear": "You mention that [what the tenant wrote, in your own words].",
        "reason": "This is because [the reason, in your own words].",
        "alternative": "What I can do instead: [what is possible].",
        "next_step": "I will [what you will do] on [day and time]. You can reach me on [your phone number].",
        "name": "[your name]",
        "salutation_name": "[tenant's name]",
        "when": "[when?]",
        "what_next": "[what happens next, and when?]",
        "reach": "You can reach me on [your phone number].",
    },
}

# a greeting and the name after it up to the first comma, within a few words ("Hoi <@U123>, ")
_GREETING_COMMA = re.compile(r"^\s*(?:\S+\s+){0,4}?\S*,")
# A stock thanks that names what the message was about, and the same words as "you wrote about".
_THANKS_ABOUT = {
    "nl": re.compile(
        r"^(?:hartelijk\s+|heel\s+erg\s+)?(?:dank|bedankt)\s+(?:u\s+|je\s+)?(?:wel\s+)?voor\s+(?:uw|je|jouw)\s+"
        r"(?:bericht|vraag|e-?mail|mail|melding|reactie|brief|klacht)\s+(?:over|met\s+betrekking\s+tot)\s+"
        r"(?P<topic>[^.!?]{3,120}?)\s*[.!]?$",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^(?:thank\s+you|many\s+thanks|thanks)\s+for\s+(?:contacting\s+us|your\s+(?:message|email|e-mail|enquiry|"
        r"inquiry|letter|query|request|complaint))\s+(?:about|regarding|concerning)\s+(?P<topic>[^.!?]{3,120}?)\s*[.!]?$",
        re.IGNORECASE,
    ),
}
_REFLECT_ABOUT = {"nl": "U schrijft over {topic}.", "en": "You wrote to us about {topic}."}
_GENERIC_SALUTATION = (
    (re.compile(r"^(\s*)(?:Beste|Geachte)\s*,?\s*$", re.IGNORECASE), r"\1Beste [naam van de huurder],"),
    (re.compile(r"^(\s*)Geachte\s+heer\s*/\s*mevrouw\s*,", re.IGNORECASE), r"\1Beste [meneer of mevrouw + achternaam],"),
    (re.compile(r"^(\s*)Geachte\s+heer\s*/\s*mevrouw\b", re.IGNORECASE), r"\1Beste [meneer/mevrouw]"),
    (re.compile(r"^(\s*)Geachte\s+(?:bewoner|huurder)s?\s*,", re.IGNORECASE), r"\1Beste [naam van de huurder],"),
    (re.compile(r"^(\s*)Geachte\s+heer\s+en\s+mevrouw\b"), r"\1Beste meneer en mevrouw"),
    (re.compile(r"^(\s*)Geachte\s+heer\b"), r"\1Beste meneer"),
    (re.compile(r"^(\s*)(Beste|Hallo|Dag)\s+heer\b"), r"\1\2 meneer"),  # "Beste heer Yilmaz" is stiff: "meneer"
    # a bare "Meneer," or "Mevrouw Bos," as the whole greeting sounds curt: "Beste meneer [achternaam],"
    (re.compile(r"^(\s*)(?:Meneer|Mijnheer)\s*,"), r"\1Beste meneer [achternaam],"),
    (re.compile(r"^(\s*)Mevrouw\s*,"), r"\1Beste mevrouw [achternaam],"),
    (re.compile(r"^(\s*)(?:Meneer|Mijnheer)\b"), r"\1Beste meneer"),
    (re.compile(r"^(\s*)Mevrouw\b"), r"\1Beste mevrouw"),
    (re.compile(r"^(\s*)Geachte\b"), r"\1Beste"),
    (re.compile(r"^(\s*)Dear\s+(?:resident|tenant|sir|madam|customer|occupant|sir\s+or\s+madam|sir/madam)\s*,", re.IGNORECASE),
     r"\1Dear [tenant's name],"),
    (re.compile(r"^(\s*)(Hello|Hi)\s*,?\s*$", re.IGNORECASE), r"\1\2 [tenant's name],"),
    (re.compile(r"^(\s*)(Hallo|Hoi)\s*,?\s*$", re.IGNORECASE), r"\1\2 [naam van de huurder],"),
)
_SOFTEN_DIENT = re.compile(r"^(?P<lead>[\"'“‘(]*)(?:U|Je|u|je)\s+dient\s+(?P<rest>.+?)\s*[.!]?$", re.DOTALL)
_MUST_AFTER_CLAUSE = re.compile(
    r"^(?P<front>[^,?]{3,80},)\s*you\s+(?:must|need\s+to|are\s+required\s+to|have\s+to)\s+(?P<rest>[^,?]+?)\s*[.!]?$",
    re.DOTALL,
)
_MAIN_CLAUSE = re.compile(r"^\s*(?:it|this|that|there|het|dit|dat|er)\s+(?:is|was|are|were|zijn|waren|wordt|werd)\b",
                          re.IGNORECASE)
_VERZOEKEN = re.compile(
    r"^(?:Wij|We|Ik)\s+(?:verzoeken|vragen|verzoek|vraag)\s+u\s+(?:(?:vriendelijk|dringend|doch|maar|en|nogmaals|hierbij|"
    r"met\s+klem)\s+)*(?:om\s+)?(?P<rest>[^?]*?\bte\s+\w+[^?]*?)\s*[.!]?$",
    re.DOTALL,
)
_TE_VERB = re.compile(r"\bte\s+(?=\w+en\b)")
# (pattern on the whole sentence, template with {rest}/{Rest}); a trailing threat (", anders ...") goes.
_SOFTENERS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "nl": (
        (re.compile(r"^(?:U|Je)\s+moet\s+(?P<rest>[^?]+?)(?:,\s*anders\b[^?]*)?\s*[.!]?$", re.DOTALL), "Wilt u {rest}?"),
        (re.compile(r"^Zorg\s+(?:er\s+)?(?:wel\s+)?(?:voor\s+)?dat\s+(?P<rest>[^?]+?)\s*[.!]?$", re.DOTALL),
         "Wilt u ervoor zorgen dat {rest}?"),
        (re.compile(r"^(?:Let|Pas)\s+op\s*[:!]\s*(?P<rest>.+?)\s*$", re.DOTALL), "{Rest}"),
        (re.compile(r"^(?:En\s+|Dus\s+)?gebruik\s+(?:dus\s+)?(?:alstublieft\s+)?(?P<rest>(?:geen|nooit|niet)\b[^,?]+?)\s*[.!]?$",
                    re.IGNORECASE | re.DOTALL), "Wilt u {rest} gebruiken?"),
    ),
    "en": (
        (re.compile(r"^You\s+(?:must|need\s+to|are\s+required\s+to|have\s+to)\s+(?P<rest>[^?]+?)"
                    r"(?:,\s*(?:otherwise|or\s+else)\b[^?]*)?\s*[.!]?$", re.DOTALL), "Could you {rest}?"),
        (re.compile(r"^Make\s+sure\s+(?:that\s+)?you\s+(?P<rest>[^?]+?)\s*[.!]?$", re.DOTALL), "Could you {rest}?"),
        (re.compile(r"^Please\s+(?:note|be\s+aware)\s+that\s+(?P<rest>.+?)\s*$", re.DOTALL), "{Rest}"),
    ),
}
_REPEATED = re.compile(
    r",?\s*zoals\s+(?:reeds\s+|al\s+)?(?:eerder\s+)?(?:aangegeven|vermeld|gemeld|medegedeeld|meegedeeld|uitgelegd)"
    r"[^,.?!]*",
    re.IGNORECASE,
)
_WIJZEN_OP = re.compile(
    r"^(?:wij|we|ik)\s+wijzen?\s+u\s+(?:er\s*)?(?:nadrukkelijk\s+|nogmaals\s+)?op\s*,?\s*dat\s+", re.IGNORECASE
)
_RECEIPT = re.compile(
    r"^Hierbij\s+bevestig(?:en\s+wij|\s+ik)\s+(?:de|het)\s+ontvangst\s+van\s+(?P<rest>.+?)\s*(?P<end>[.!]?)$", re.DOTALL
)
# English formulas before "that" can simply go: the rest is a main clause ("The appointment could not ...").
# (Not in Dutch: after "dat" the verb stands last, so the rest would not be a sentence.)
_EN_FORMULA = re.compile(
    r"^(?:having\s+given\s+(?:your\s+\w+\s+|this\s+|the\s+matter\s+)?(?:careful\s+|due\s+)?consideration,?\s+)?"
    r"(?:(?:we|i)\s+regret\s+to\s+inform\s+you|please\s+be\s+advised|(?:we|i)\s+wish\s+to\s+inform\s+you|"
    r"this\s+is\s+to\s+inform\s+you|we\s+hereby\s+inform\s+you|(?:we|i)\s+would\s+like\s+to\s+inform\s+you)"
    r"\s*,?\s+that\s+",
    re.IGNORECASE,
)
_STIFF_CLOSING = re.compile(r"^[ \t]*(?P<word>Hoogachtend|Yours\s+faithfully)[ \t]*,?[ \t]*$", re.MULTILINE)
_WARM_CLOSING = {"nl": "Met vriendelijke groet", "en": "Kind regards"}
# "Hartelijk dank voor uw bericht, waarin u aangeeft dat ..." says in twelve words what "U schrijft dat ..."
# says in three.
_THANKS_WHEREIN = {
    "nl": re.compile(
        r"^(?:hartelijk\s+)?(?:dank|bedankt)\s+(?:u\s+)?(?:wel\s+)?voor\s+uw\s+(?:bericht|e-?mail|brief|vraag|verzoek)"
        r"(?:\s+van\s+\S+(?:\s+\S+)?)?,\s+waarin\s+u\s+(?:aangeeft|schrijft|vertelt|meldt)\s+dat\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^thank\s+you\s+for\s+your\s+(?:message|email|e-mail|letter|request),\s+in\s+which\s+you\s+"
        r"(?:explain|say|mention|write|tell\s+us)\s+that\b",
        re.IGNORECASE,
    ),
}
_REFLECT_OPENER = {"nl": "U schrijft dat", "en": "You mention that"}
_OPTION = re.compile(r"\b(?:u\s+kunt|kunt\s+u|je\s+kunt|kun\s+je|you\s+can|you\s+may)\b", re.IGNORECASE)
# The tenant acts in a vague sentence ("staat het u vrij zich te wenden tot ..."): no "[when?]" after it.
_TENANT_ACTS = re.compile(r"\bstaat\s+het\s+u\s+vrij\b|\byou\s+are\s+free\s+to\b", re.IGNORECASE)
# A vague sentence about something already done ("is doorgezet", "has been registered"): what is
# missing is what happens next, not when that was.
_ALREADY_DONE = {
    "nl": re.compile(r"\b(?:is|zijn|werd|werden)\s+(?:\w+\s+){0,6}?(?:doorgezet|doorgestuurd|geregistreerd|vastgelegd)\b",
                     re.IGNORECASE),
    "en": re.compile(r"\b(?:has|have)\s+been\b", re.IGNORECASE),
}
# Lecturing openings of a sentence whose rest tells the tenant something: the opening goes, the rest stays.
_LECTURE_LEAD = {
    "nl": re.compile(
        r"^(?:(?:wij|we|ik)\s+wijzen?\s+u\s+(?:er\s*)?(?:nadrukkelijk\s+|nogmaals\s+)?op\s*,?\s*dat\s+"
        r"|(?:wij|we)\s+merken\s+(?:hierbij\s+)?op\s+dat\s+"
        r"|(?:wel\s+)?(?:moet\s+ik\s+)?eerlijk\s+(?:gezegd|zeggen)\s*[:,]\s*"
        r"|[^:.?!]{2,60}:\s+(?=\S+(?:\s+\S+){2}))",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^(?:as\s+you\s+will\s+(?:appreciate|understand|know),\s*"
        r"|(?:we|i)\s+(?:would\s+)?(?:remind\s+you|point\s+out|note)\s+that\s+"
        r"|please\s+(?:note|be\s+aware)\s+that\s+"
        r"|[^:.?!]{2,60}:\s+(?=\S+(?:\s+\S+){2}))",
        re.IGNORECASE,
    ),
}
# "U dient ..." inside a sentence: "Hiervoor dient u ...", "Indien ..., dient u ...", "(dat) u ... dient te ...".
_DIENT_AFTER_CLAUSE = re.compile(r"^(?P<front>[^,]{3,120},)\s*(?:dient|moet)\s+(?:u|je)\s+(?P<rest>.+?)\s*[.!]?$",
                                 re.DOTALL)
_DIENT_AFTER_WORD = re.compile(r"^(?P<front>\w+)\s+(?:dient|moet)\s+(?:u|je)\s+(?P<rest>.+?)\s*[.!]?$", re.DOTALL)
_DIENT_LAST = re.compile(r"^(?:u|je)\s+(?P<middle>.+?)\s+(?:dient|moet)\s+(?P<rest>.+?)\s*[.!]?$",
                         re.IGNORECASE | re.DOTALL)
# "op te ruimen" -> "opruimen", "af te sluiten" -> "afsluiten" (a separable verb stays one word).
_PARTICLE_TE = re.compile(
    r"\b(?P<particle>af|aan|op|in|uit|door|mee|terug|weg|toe|na|over|bij|vast|los|schoon|open|dicht|binnen|buiten|"
    r"leeg|vrij|klaar|neer|langs|samen)\s+te\s+(?=\w+en\b)"
)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


@dataclass
class _Edit:
    start: int  # draft coordinates
    end: int
    text: str


def rewrite_draft(draft: str, context: DraftContext, results: Sequence[CheckResult]) -> str:
    """A warmer version of ``draft`` that keeps every fact and the decision; placeholders in [brackets]."""
    issues = {result.guideline: result for result in results if result.verdict == "issue"}
    if not issues:
        return draft
    facts = extract_facts(draft)
    refusal = bool(context.refusals) or refuses(draft, context.lexicon)
    for level in ("full", "light", "words"):
        candidate = _compose(draft, context, issues, level, facts)
        if _keeps_substance(draft, candidate, context.lexicon, facts, refusal):
            return candidate
    return draft


def rewrite_is_safe(original: str, rewritten: str, lang: str) -> bool:
    """Every fact kept (bot.review.facts.missing_facts), no new number, and a refusal still a refusal."""
    if missing_facts(original, rewritten):
        return False
    lexicon = load_lexicon(lang if lang in ("nl", "en") else "nl")
    return _keeps_substance(original, rewritten, lexicon, extract_facts(original), refuses(original, lexicon))


def _keeps_substance(original: str, rewritten: str, lexicon: Lexicon, facts: Sequence[Fact], refusal: bool) -> bool:
    """The same test as ``rewrite_is_safe`` with the original's facts and refusal known already.

    The fact test is ``missing_facts``'s own: each fact's text, whitespace normalised, must occur in
    the normalised rewrite.
    """
    kept = normalise_whitespace(rewritten)
    if any(normalise_whitespace(fact.text) not in kept for fact in facts):
        return False
    original_numbers = set(_NUMBER.findall(original))
    if any(number not in original_numbers for number in _NUMBER.findall(rewritten)):
        return False
    return not (refusal and not refuses(rewritten, lexicon))


def _compose(
    draft: str, context: DraftContext, issues: dict[str, CheckResult], level: str, facts: Sequence[Fact]
) -> str:
    """One rewrite at ``level``: "full" (sentences, words and additions), "light" (no whole sentences
    replaced or dropped) or "words" (only the swap lists)."""
    composer = _Composer(draft, context, issues, facts)
    if level == "full":
        composer.whole_sentences()
    composer.words(light=level == "words")
    if level != "words":
        composer.formulas()
        composer.additions()
    edits = composer.edits
    if context.lang == "nl" and _informal(context):
        edits = [_Edit(edit.start, edit.end, _to_je(edit.text)) for edit in edits]
    composed = _apply(draft, edits)
    if level != "words" and "plain_language" in issues:
        composed = split_long_sentences(composed, context.lang)
    return composed


class _Composer:
    """The edits of one rewrite, gathered in order: on overlap the first edit wins (see ``_apply``)."""

    def __init__(self, draft: str, context: DraftContext, issues: dict[str, CheckResult], facts: Sequence[Fact]):
        self.draft = draft
        self.context = context
        self.issues = issues
        self.facts = facts
        self.lang = context.lang
        self.texts = PLACEHOLDERS[context.lang]
        self.protected = [(fact.start, fact.end) for fact in facts]
        self.spans = {
            index: context.prepared.span_in_draft(s.start, s.end) for index, s in enumerate(context.sentences)
        }
        self.edits: list[_Edit] = []
        self.handled: set[int] = set()  # sentences replaced or dropped as a whole
        self.after: dict[int, list[str]] = {}  # placeholder sentences to add after a sentence
        self.placed: set[str] = set()  # each placeholder sentence once
        self.marked: set[int] = set()  # vague promises that got a "[wanneer?]" after them
        self.reflected = False  # a stock thanks became "U schrijft over ...": no hear placeholder needed

    def touches_fact(self, start: int, end: int) -> bool:
        return any(start < fact_end and fact_start < end for fact_start, fact_end in self.protected)

    def holds_fact(self, index: int) -> bool:
        """Does sentence ``index`` hold a fact or a refusal (then it is never dropped)?"""
        start, end = self.spans[index]
        return self.touches_fact(start, end) or index in self.context.refusals

    def replace_sentence(self, index: int, text: str) -> None:
        start, end = self.spans[index]
        self.handled.add(index)
        if text:
            self.edits.append(_Edit(start, end, text))
        else:
            self.edits.append(_Edit(start, _skip_space(self.draft, end), ""))

    def informs(self, index: int) -> bool:
        """Does sentence ``index`` tell the tenant something of its own: a fact, a refusal, who pays,
        what they must or can do, a consequence, a right (the lexicon's ``substance`` signal)?

        Such a sentence is never left out, however cold it sounds: the rewrite changes its tone only.
        """
        text = self.draft[slice(*self.spans[index])]
        return (
            self.holds_fact(index)
            or self.context.lexicon.signal("substance").search(text) is not None
            or _OPTION.search(text) is not None
        )

    def _toned(self, index: int, hit_offset: int) -> tuple[str | None, int | None]:
        """A judging sentence in a milder tone: (the whole new sentence or None, the end of a lecturing
        opening that can go alone or None).

        The opening goes ("Wij wijzen u erop dat u X dient te doen" -> "Wilt u X doen?", "Let op: X" ->
        "X", "As you will appreciate, X" -> "X"), an order becomes a question, a legal threat word a
        plain one; what the sentence says stays.
        """
        start, end = self.spans[index]
        text = self.draft[start:end]
        lead = _LECTURE_LEAD[self.lang].match(text)
        lead_end = None
        if lead and self.lang == "nl" and lead.group().rstrip().endswith("dat") and not self.informs(index):
            return None, None  # "Wij merken op dat onze medewerkers ...": a rebuttal with nothing to tell may go
        if lead and (len(lead.group().split()) <= 6 or hit_offset <= lead.end()):
            lead_end = lead.end()
        else:
            lead_end = _leading_phrase_end(text, hit_offset)
            if lead_end is not None and self.context.lexicon.signal("substance").search(text[:lead_end]):
                lead_end = None  # "Laat nooit iets op het aanrecht staan, ook geen brood": the opening is the point
        rest = text[lead_end:] if lead_end is not None else text
        softened = _soften(_capitalise(rest), self.lang) if lead_end is not None else None
        if softened is None and lead and lead_end == lead.end() and _TIP.search(lead.group()):
            softened = _TIP_LEAD[self.lang] + rest.strip()  # "Tip voor de volgende keer: leg ..." -> "Een tip: leg ..."
        if softened is None:
            toned = _tone_swaps(rest, self.lang)
            if toned != rest:
                softened = _capitalise(toned.strip())
            elif lead and lead_end == lead.end() and self.lang == "nl" and lead.group().rstrip().endswith("dat"):
                # after "dat" the verb stands last: "Het is goed om te weten dat X" keeps it a sentence
                softened = "Het is goed om te weten dat " + rest.strip()
        after_dat = (_DIENT_LAST.match(rest.strip())
                     if lead and lead_end == lead.end() and lead.group().rstrip().endswith("dat") else None)
        if after_dat and self.lang == "nl":  # "... erop dat u X dient te doen" -> "Wilt u X doen?"
            softened = f"Wilt u {after_dat.group('middle')} {_bare_infinitive(after_dat.group('rest'))}?"
        if softened is not None and not _keeps_sentence_facts(text, softened, self.facts, start):
            softened = None
        return softened, lead_end

    def _tone_down(self, index: int, toned: str | None, lead_end: int | None) -> None:
        """Keep sentence ``index`` in its milder form (see ``_toned``); with none, its words stay."""
        start, end = self.spans[index]
        if toned is not None:
            self.replace_sentence(index, self.with_swaps(toned, self.draft[start:end], start))
        elif lead_end is not None and not self.touches_fact(start, start + lead_end):
            self.edits.append(_Edit(start, start + lead_end, ""))  # the next letter becomes a capital

    def _mark_vague(self, index: int) -> None:
        """"Hij neemt binnenkort contact met u op." -> "... op [wanneer?]."; something already done ("is
        doorgezet naar de loodgieter") gets "[wat gebeurt er nu, en wanneer?]"."""
        if index in self.marked:
            return
        start, end = self.spans[index]
        text = self.draft[start:end].rstrip()
        if _TENANT_ACTS.search(text) or "[" in text:
            return  # the tenant's own option; the next-step placeholder at the end says the rest
        done = _ALREADY_DONE[self.lang].search(text) is not None
        if done and any(self._is_promise(hit.sentence) for hit in self.issues["next_step"].hits):
            self.marked.add(index)  # "is doorgezet. Die neemt contact op [wanneer?]": one question is enough
            return
        marker = self.texts["what_next" if done else "when"]
        at = start + len(text) - (1 if text[-1:] in ".!?" else 0)
        self.edits.append(_Edit(at, at, " " + marker))
        self.marked.add(index)

    def with_swaps(self, text: str, original: str, offset: int) -> str:
        """A sentence written anew, with the swap lists' everyday words when plain language is an issue
        (the word-level swaps skip a sentence replaced as a whole); unchanged if a fact would suffer."""
        if "plain_language" not in self.issues:
            return text
        swapped = text
        for swap in self.context.lexicon.swaps:
            parts, cursor = [], 0
            for match, replacement in swap.finditer(swapped):
                parts += [swapped[cursor : match.start()], _match_case(match.group(), replacement or "")]
                cursor = match.end()
            swapped = "".join(parts) + swapped[cursor:]
        swapped = re.sub(r"[ \t]{2,}", " ", swapped).replace(" ,", ",").replace(" ?", "?")
        return swapped if _keeps_sentence_facts(original, swapped, self.facts, offset) else text

    def _is_promise(self, index: int | None) -> bool:
        """Is sentence ``index`` a vague promise that gets "[wanneer?]" (not something already done)?"""
        if index is None or index == self.context.salutation:
            return False
        text = self.draft[slice(*self.spans[index])]
        return not (_TENANT_ACTS.search(text) or "[" in text or _ALREADY_DONE[self.lang].search(text))

    def placeholder(self, text: str) -> str:
        """``text`` the first time, "" after that."""
        if text in self.placed:
            return ""
        self.placed.add(text)
        return text

    # 1. whole sentences: policy, portal, blame, lecturing, vague promises (full rewrite only)

    def whole_sentences(self) -> None:
        for guideline in ("person_not_policy", "respect", "next_step", "hear"):
            result = self.issues.get(guideline)
            if result is None:
                continue
            for hit in result.hits:
                index = hit.sentence
                if (
                    index is None
                    or index in self.handled
                    or index == self.context.salutation  # the salutation is made personal later, never dropped
                    or hit.kind in ("department", "caps", "exclamation", "long")
                ):
                    continue
                action = _sentence_action(hit)
                if action is not None:
                    self._sentence_hit(guideline, hit, index, action)

    def _sentence_hit(self, guideline: str, hit: Hit, index: int, action: str) -> None:
        draft = self.draft
        sentence_start, sentence_end = self.spans[index]
        sentence_text = draft[sentence_start:sentence_end]
        hit_start, hit_end = self.context.prepared.span_in_draft(hit.start, hit.end)
        if guideline == "hear":
            # "Bedankt voor uw vraag over de afrekening 2025." -> "U schrijft over de afrekening 2025.": the
            # stock thanks goes, what it was about stays, and no "U schrijft dat [...]" is needed beside it
            about = _THANKS_ABOUT[self.lang].match(sentence_text)
            if about is not None:
                reflected = _REFLECT_ABOUT[self.lang].format(topic=about.group("topic"))
                if _keeps_sentence_facts(sentence_text, reflected, self.facts, sentence_start):
                    self.replace_sentence(index, reflected)
                    self.reflected = True
                    return
        if guideline == "respect":
            informs = self.informs(index)
            softened = _soften(sentence_text, self.lang)
            if softened is not None and not informs and _still_judges(softened, self.context):
                softened = None  # "Let op: door verkeerd gebruik ..." stays a reproach without "Let op"
            if softened is not None and _keeps_sentence_facts(sentence_text, softened, self.facts, sentence_start):
                self.replace_sentence(index, self.with_swaps(softened, sentence_text, sentence_start))
                return
            if action in ("drop", "soften"):
                toned, lead_end = self._toned(index, hit_end - sentence_start)
                left = toned if toned is not None else sentence_text[lead_end:] if lead_end is not None else None
                if informs or (left and len(left.split()) >= 3 and not _still_judges(left, self.context)):
                    # who pays, what the tenant must do, a consequence, or whatever is left once the
                    # lecturing opening is gone: the words stay, the lecture goes
                    self._tone_down(index, toned, lead_end)
                    return
        if guideline == "next_step":
            # a vague promise stays a promise (substance); "[wanneer?]" marks what the writer must add
            self._mark_vague(index)
            return
        # a leading phrase up to a comma ("Per our policy, ...", "Zoals u weet, ...") can go alone
        lead_end = _leading_phrase_end(sentence_text, hit_end - sentence_start)
        keeps_sentence = self.holds_fact(index) or action == "remove"
        if lead_end is not None and keeps_sentence and guideline in ("person_not_policy", "respect"):
            self.edits.append(_Edit(sentence_start, sentence_start + lead_end, ""))
            self.handled.add(index)
            return
        # a referral in a later clause ("...; hiervoor verwijzen wij u naar de website") goes alone
        clause = _clause_span(sentence_text, hit_start - sentence_start)
        if clause is not None and guideline == "person_not_policy" and hit.rule is not None:
            clause_start, clause_end = clause
            if not self.touches_fact(sentence_start + clause_start, sentence_start + clause_end):
                replacement = self.placeholder(hit.rule.sentence or "")
                self.edits.append(_Edit(sentence_start + clause_start, sentence_start + clause_end,
                                        (" " + replacement) if replacement else ""))
                self.handled.add(index)
                return
        if action == "remove":
            return
        # a rule or a referral that also tells the tenant something ("Toewijzing gaat op volgorde
        # van inschrijving", "U kunt reageren via WoningNet") keeps its words: substance stays
        keeps_information = guideline == "person_not_policy" and (
            (hit.kind == "policy" and len(sentence_text.split()) > 6) or _OPTION.search(sentence_text)
            or self.informs(index)
        )
        if self.holds_fact(index) or keeps_information:
            if action == "sentence" and hit.rule is not None and hit.rule.sentence:
                text = self.placeholder(hit.rule.sentence)
                if text:
                    self.after.setdefault(index, []).append(text)
            return
        if guideline == "hear":
            if len(sentence_text.split()) <= 15:
                self.replace_sentence(index, "")
        elif action == "sentence" and hit.rule is not None and hit.rule.sentence:
            self.replace_sentence(index, self.placeholder(hit.rule.sentence))
        elif action in ("drop", "soften"):
            self.replace_sentence(index, "")

    # 2. words inside the sentences that stay: swaps, removals, capitals, exclamation marks; formulas

    def words(self, light: bool) -> None:
        """Every word-level finding; ``light``: only the swap lists."""
        draft = self.draft
        for result in self.issues.values():
            for hit in result.hits:
                if hit.sentence is None or hit.sentence in self.handled:
                    continue
                start, end = self.context.prepared.span_in_draft(hit.start, hit.end)
                if self.touches_fact(start, end):
                    continue
                if hit.kind == "swap" and hit.replacement is not None:
                    self.edits.append(_Edit(start, end, _match_case(draft[start:end], hit.replacement)))
                elif light:
                    continue
                elif hit.kind in ("repeat", "minimise") and len(draft[start:end].split()) <= 3:
                    self.edits.append(_Edit(start, _skip_space(draft, end, commas=True), ""))
                elif hit.kind == "caps":
                    self.edits.append(_Edit(start, end, draft[start:end].lower()))
                elif hit.kind == "exclamation":
                    self.edits.append(_Edit(start, end, "."))

    def formulas(self) -> None:
        """Stock openings of sentences that stay: a receipt, "thank you for your message, in which", "we
        regret to inform you that", "wij wijzen u erop dat"."""
        issues, lang, edits = self.issues, self.lang, self.edits
        for index in self.context.body:
            if index in self.handled:
                continue
            start, end = self.spans[index]
            sentence_text = self.draft[start:end]
            receipt = _RECEIPT.match(sentence_text) if lang == "nl" else None
            if receipt and "plain_language" in issues and "," not in receipt.group("rest"):
                edits.insert(0, _Edit(start, start + receipt.start("rest"), "Ik heb "))
                tail = start + receipt.end("rest")
                edits.insert(0, _Edit(tail, end, " goed ontvangen" + (receipt.group("end") or ".")))
                continue
            thanks = _THANKS_WHEREIN[lang].match(sentence_text)
            if thanks and "plain_language" in issues:
                edits.append(_Edit(start, start + thanks.end(), _REFLECT_OPENER[lang] + " "))
            formula = _EN_FORMULA.match(sentence_text) if lang == "en" else None
            if formula and ("plain_language" in issues or "hear" in issues):
                edits.append(_Edit(start, start + formula.end(), ""))
            if "respect" in issues:
                lead = _WIJZEN_OP.match(sentence_text)
                if lead:
                    edits.append(_Edit(start, start + lead.end(), ""))

    # 3. salutation, closing, openers, the reason and the alternative, the next step, the name

    def additions(self) -> None:
        draft, context, texts, edits, spans = self.draft, self.context, self.texts, self.edits, self.spans
        if context.salutation is not None:
            start, end = spans[context.salutation]
            line = draft[start:end]
            for pattern, replacement in _GENERIC_SALUTATION:
                new_line = pattern.sub(replacement, line, count=1)
                if new_line != line:
                    edits.append(_Edit(start, end, new_line))
                    break
        for closing in _STIFF_CLOSING.finditer(draft):
            edits.append(_Edit(closing.start("word"), closing.end("word"), _WARM_CLOSING[self.lang]))
        openers = [texts[g] for g in ("acknowledge", "hear") if g in self.issues and not (g == "hear" and self.reflected)]
        if openers:
            inline = _inline_greeting(draft, spans[context.body[0]][0]) if context.body else None
            if inline is not None:
                # "Beste mevrouw Bos, u moet ..." on one line: the greeting gets its own line, the opener after it
                after, letter = inline
                text = "\n\n" + " ".join(openers) + " " + draft[after:letter] + draft[letter].upper()
                edits.append(_Edit(after, letter + 1, text))
            elif context.body:
                start = spans[context.body[0]][0]
                separator = "\n\n" if start > 0 and draft[start - 1] == "\n" else " "
                edits.append(_Edit(start, start, " ".join(openers) + separator))
            else:
                edits.append(_Edit(len(draft), len(draft), " " + " ".join(openers)))
        self._reason_and_alternative()
        # what a sentence misses goes right after it, before a next step added at the same place
        for index, additions in self.after.items():
            end = spans[index][1]
            edits.append(_Edit(end, end, " " + " ".join(additions)))
        next_step = self.issues.get("next_step")
        if next_step is not None:
            vague = {hit.sentence for hit in next_step.hits}
            if not vague or not vague <= self.marked:
                _insert_before_closing(draft, context, spans, edits, texts["next_step"])
            elif not reachable(context):  # every vague promise marked "[wanneer?]": only a way to reach you
                _insert_before_closing(draft, context, spans, edits, texts["reach"])
        pnp = self.issues.get("person_not_policy")
        if pnp is not None:
            for hit in pnp.hits:
                if hit.kind == "department":
                    start, _end = context.prepared.span_in_draft(hit.start, hit.end)
                    edits.append(_Edit(start, start, texts["name"] + "\n"))

    def _reason_and_alternative(self) -> None:
        """Placeholders for what a no misses, after the (first run of) refusal sentences."""
        nwc = self.issues.get("no_with_care")
        refusals = self.context.refusals
        if nwc is None or not refusals:
            return
        wanted = []
        kinds = {hit.kind for hit in nwc.hits}
        last = refusals[0]
        while last + 1 in refusals:
            last += 1
        # a refusal that names policy ("..., dat is beleid.") already has "[leg in eigen woorden uit waarom]"
        # after it: a second placeholder asking for the same reason would only repeat it
        asks_why = {rule.sentence for rule in self.context.lexicon.rules if rule.kind == "policy" and rule.sentence}
        beside = [i for i in (refusals[0] - 1, last + 1) if i in self.context.body]
        near = [self.spans[i] for i in beside]
        why_nearby = any(asks_why & set(self.after.get(i, ())) for i in (last, *beside)) or any(
            any(why in edit.text for why in asks_why) and any(a <= edit.start <= b for a, b in near)
            for edit in self.edits
        )  # "Your request has been declined. [explain in your own words why]": asked once is enough
        if kinds & {"missing_both", "missing_reason"} and not why_nearby:
            wanted.append(self.texts["reason"])
        if kinds & {"missing_both", "missing_alternative"}:
            wanted.append(self.texts["alternative"])
        self.after.setdefault(last, []).extend(wanted)


_SPLITS = {
    "nl": (
        (re.compile(r";\s+"), ""),
        (re.compile(r",\s+(?=(?:en|maar|want|dus)\s)"), ""),
    ),
    "en": (
        (re.compile(r";\s+"), ""),
        (re.compile(r",\s+which\s+"), "This "),
        (re.compile(r",\s+at\s+which\s+time\s+"), "Then "),
        (re.compile(r",\s+(?=(?:and|but|so)\s)"), ""),
    ),
}
LONG_SENTENCE_WORDS = 25
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def split_long_sentences(text: str, lang: str) -> str:
    """Cut sentences of more than 25 words at a clause boundary near the middle (";", ", en", ", which")."""
    def split(match: re.Match[str]) -> str:
        sentence = match.group()
        if len(sentence.split()) <= LONG_SENTENCE_WORDS or "[" in sentence:
            return sentence
        middle = len(sentence) / 2
        best = None
        for pattern, opener in _SPLITS[lang]:
            for boundary in pattern.finditer(sentence):
                before, rest = sentence[: boundary.start()], sentence[boundary.end() :]
                if len(before.split()) < 6 or len(rest.split()) < 6:
                    continue
                distance = abs(boundary.start() - middle)
                if best is None or distance < best[0]:
                    best = (distance, boundary, opener)
        if best is None:
            return sentence
        _distance, boundary, opener = best
        rest = sentence[boundary.end() :]
        second = opener + rest if opener else _capitalise(rest)
        return split(_SENTENCE.match(sentence[: boundary.start()] + ".")) + " " + split(_SENTENCE.match(second))

    return _SENTENCE.sub(split, text)


def _sentence_action(hit: Hit) -> str | None:
    if hit.kind == "template":
        return "drop"
    if hit.kind == "learned" and hit.guideline == "respect":
        return "soften"  # a reproach the learned layer found: softened, or left out when it holds no fact
    if hit.rule is None:
        return None
    return hit.rule.rewrite


def _still_judges(sentence: str, context: DraftContext) -> bool:
    """Does a softened sentence still blame, lecture or minimise (a full-weight respect rule)?"""
    return any(
        rule.weight >= 1 and rule.search(sentence)
        for rule in context.lexicon.rules_for("respect")
    )


def _keeps_sentence_facts(original: str, softened: str, facts: Sequence[Fact], offset: int) -> bool:
    """Every fact inside the original sentence is still in the softened one."""
    end = offset + len(original)
    return all(fact.text in softened for fact in facts if offset <= fact.start and fact.end <= end)


def _leading_phrase_end(sentence: str, hit_end: int) -> int | None:
    """End (after comma and space) of a short leading phrase that holds the hit."""
    comma = sentence.find(",")
    if comma < 0 or comma < hit_end - 1:
        return None
    if len(sentence[:comma].split()) > 10 or len(sentence[comma:].split()) < 4:
        return None
    if _MAIN_CLAUSE.match(sentence):
        return None  # "It is only a small leak, ...": a statement of its own, not an opening phrase
    end = comma + 1
    while end < len(sentence) and sentence[end] == " ":
        end += 1
    return end


def _clause_span(sentence: str, hit_offset: int) -> tuple[int, int] | None:
    """The span of a later clause (after "; ") holding the hit, from the separator to the end."""
    separator = sentence.rfind("; ", 0, hit_offset + 1)
    if separator < 0:
        return None
    end = len(sentence.rstrip(".!? "))
    return separator, end


_MINIMISING_PARTICLE = re.compile(r"\b(Wilt u|wilt u|Wil je|wil je)\s+maar\s+")


def _soften(sentence: str, lang: str, again: bool = True) -> str | None:
    """:func:`_soften_order`, without the "maar" of "U moet maar even wachten" ("Wilt u even wachten?")."""
    softened = _soften_order(sentence, lang, again)
    return _MINIMISING_PARTICLE.sub(r"\1 ", softened) if softened else softened


def _soften_order(sentence: str, lang: str, again: bool = True) -> str | None:
    """An order as a question, a warning without its "Let op:"; None when no pattern applies.

    "U dient X te doen." -> "Wilt u X doen?"; "U moet X, anders ..." -> "Wilt u X?"; "Zorg dat X." ->
    "Wilt u ervoor zorgen dat X?"; "You must X." -> "Could you X?"; "Please note that X." -> "X."
    """
    text = sentence.strip()
    if lang == "nl":
        match = _SOFTEN_DIENT.match(text)
        if match:
            return f"{match.group('lead')}Wilt u {_bare_infinitive(match.group('rest'))}?"
        # "Wij verzoeken u dringend X op te ruimen." -> "Wilt u X opruimen?"
        match = _VERZOEKEN.match(text)
        if match:
            return f"Wilt u {_bare_infinitive(match.group('rest'))}?"
        # "Indien X, dient u Y te doen." -> "Indien X, wilt u dan Y doen?"
        match = _DIENT_AFTER_CLAUSE.match(text)
        if match:
            return f"{match.group('front')} wilt u dan {_bare_infinitive(match.group('rest'))}?"
        # "Hiervoor dient u zelf X af te sluiten." -> "Wilt u hiervoor zelf X afsluiten?"
        match = _DIENT_AFTER_WORD.match(text)
        if match and match.group("front").lower() not in ("wat", "waarom", "hoe", "wanneer", "waar", "wie"):
            return f"Wilt u {match.group('front').lower()} {_bare_infinitive(match.group('rest'))}?"
    if lang == "en":
        # "For safety reasons, you are required to X." -> "For safety reasons, could you X?"
        match = _MUST_AFTER_CLAUSE.match(text)
        if match:
            return f"{match.group('front')} could you {match.group('rest')}?"
    for pattern, template in _SOFTENERS[lang]:
        match = pattern.match(text)
        if match:
            rest = _REPEATED.sub("", match.group("rest")).rstrip(" ,")
            softened = template.format(rest=rest, Rest=_capitalise(rest))
            # "Let op: u dient X te doen." -> "U dient X te doen." is still an order: soften it once more
            return (_soften(softened, lang, again=False) if again else None) or softened
    return None


_TIP = re.compile(r"\btip\b", re.IGNORECASE)
_TIP_LEAD = {"nl": "Een tip: ", "en": "A tip: "}
_TONE_SWAPS = {
    "nl": (
        (re.compile(r"\b(?P<verb>laat|doe)\s+(?:dus\s+)?nooit\s+iets\b", re.IGNORECASE), r"\g<verb> niets"),
    ),
    "en": (
        (re.compile(r"\b(?:will\s+be\s+treated\s+as|is)\s+a\s+breach\s+of\b", re.IGNORECASE), "goes against"),
        (re.compile(r"\bsorry\s+(?:that\s+)?you\s+feel\s+(?:that\s+)?(?=you\b)", re.IGNORECASE), "sorry "),
    ),
}


def _tone_swaps(text: str, lang: str) -> str:
    """Legal threat words in a sentence that stays, in plain terms ("is a breach of" -> "goes against")."""
    for pattern, replacement in _TONE_SWAPS[lang]:
        text = pattern.sub(replacement, text)
    return text


def _bare_infinitive(rest: str) -> str:
    """"zelf een verzekering af te sluiten" -> "zelf een verzekering afsluiten" (after "Wilt u")."""
    return _REPEATED.sub("", _TE_VERB.sub("", _PARTICLE_TE.sub(r"\g<particle>", rest))).rstrip(" ,")


_JE = re.compile(r"\b(?:je|jij|jou|jouw)\b", re.IGNORECASE)
_U = re.compile(r"\b(?:u|uw)\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\[[^\]]*\]")
# what the rewrite says to the tenant with "u", in the "je" form (text in [ ] speaks to the writer and stays)
_JE_FORMS = (
    (re.compile(r"\bU schrijft\b"), "Je schrijft"), (re.compile(r"\bU kunt mij\b"), "Je kunt mij"),
    (re.compile(r"\bWilt u\b"), "Wil je"), (re.compile(r"\bwilt u\b"), "wil je"),
)


def _informal(context: DraftContext) -> bool:
    """Does the writer say "je" to the tenant, and never "u"? Then the rewrite's own words do too."""
    body = _BRACKETS.sub(" ", context.body_text())
    return bool(_JE.search(body)) and not _U.search(body)


def _to_je(text: str) -> str:
    if not text:
        return text
    for pattern, replacement in _JE_FORMS:
        text = pattern.sub(replacement, text)
    return text


def _inline_greeting(draft: str, start: int) -> tuple[int, int] | None:
    """For a first sentence that opens with a greeting and a comma ("Hoi Sam, ..."): where the text after
    the greeting starts, and its first letter (to capitalise); None otherwise."""
    line_end = draft.find("\n", start)
    line = draft[start : line_end if line_end >= 0 else len(draft)]
    if not _SALUTATION.match(line):
        return None
    comma = _GREETING_COMMA.match(line)
    if comma is None:
        return None
    letter = next((i for i in range(comma.end(), len(line)) if line[i].isalpha()), None)
    if letter is None:
        return None
    return start + comma.end(), start + letter


def _insert_before_closing(
    draft: str, context: DraftContext, spans: dict[int, tuple[int, int]], edits: list[_Edit], text: str
) -> None:
    if context.body:
        end = spans[context.body[-1]][1]
        # "Prima" + " Ik ..." would run two sentences together: end the last one first
        stop = "." if draft[end - 1 : end].isalnum() else ""
        edits.append(_Edit(end, end, stop + " " + text))
    else:
        edits.append(_Edit(len(draft), len(draft), "\n\n" + text))


def _skip_space(draft: str, end: int, commas: bool = False) -> int:
    while end < len(draft) and (draft[end] in " \t" or (commas and draft[end] in ",:")):
        end += 1
    return end


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement:
        return replacement[0].upper() + replacement[1:]
    return replacement


def _apply(draft: str, edits: list[_Edit]) -> str:
    """Apply non-overlapping edits (first come wins on overlap), then tidy spaces and capitals."""
    chosen: list[_Edit] = []
    for edit in edits:
        overlap = any(
            edit.start < other.end and other.start < edit.end
            or (edit.start == edit.end and other.start < edit.start < other.end)
            or (other.start == other.end and edit.start < other.start < edit.end)
            for other in chosen
        )
        if not overlap:
            chosen.append(edit)
    chosen.sort(key=lambda edit: (edit.start, edit.end))
    parts: list[str] = []
    cursor = 0
    capitalise_next = False
    for edit in chosen:
        segment = draft[cursor : edit.start]
        text = edit.text
        if capitalise_next and any(char.isalpha() for char in segment):
            segment = _capitalise(segment)
            capitalise_next = False
        elif capitalise_next and any(char.isalpha() for char in text):
            text = _capitalise(text)
            capitalise_next = False
        parts.append(segment)
        parts.append(text)
        at_sentence_start = edit.start == 0 or draft[:edit.start].rstrip(" \t").endswith((".", "!", "?", "\n", ":"))
        if edit.text == "" and at_sentence_start:
            capitalise_next = True
        cursor = edit.end
    tail = draft[cursor:]
    parts.append(_capitalise(tail) if capitalise_next else tail)
    text = "".join(parts)
    text = re.sub(r"[ \t]{2,}", " ", text)
    # no space before punctuation, but a Slack shortcode keeps its own (":smile:" is not a colon)
    text = re.sub(r"[ \t]+([.,;!?]|:(?![a-z0-9_+\-]+:))", r"\1", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = text.strip("\n") + ("\n" if draft.endswith("\n") else "")
    if "\r\n" in draft:  # a Windows draft: what the rewrite adds ends its lines the same way
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


def _capitalise(segment: str) -> str:
    for position, char in enumerate(segment):
        if char.isalpha():
            return segment[:position] + char.upper() + segment[position + 1 :]
        if not char.isspace() and char not in "\"'“‘(":
            return segment
    return segment
