"""The rewrite composed sentence by sentence: each finding's action on its sentence, then the additions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.review.checks.base import CheckResult, DraftContext, Hit
from bot.review.checks.next_step import reachable
from bot.review.facts import Fact
from bot.review.rewrite.sentences import (
    _TIP,
    _apply,
    _bare_infinitive,
    _capitalise,
    _clause_span,
    _Edit,
    _informal,
    _inline_greeting,
    _insert_before_closing,
    _keeps_sentence_facts,
    _leading_phrase_end,
    _match_case,
    _sentence_action,
    _skip_space,
    _soften,
    _still_judges,
    _to_je,
    _tone_swaps,
    split_long_sentences,
)
from bot.review.rewrite.tables import (
    _ALREADY_DONE,
    _DIENT_LAST,
    _EN_FORMULA,
    _GENERIC_SALUTATION,
    _LECTURE_LEAD,
    _OPTION,
    _RECEIPT,
    _STIFF_CLOSING,
    _TENANT_ACTS,
    _THANKS_ABOUT,
    _THANKS_WHEREIN,
    _WIJZEN_OP,
)


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
        self.texts = context.lexicon.rewrite_words
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
            softened = self.texts["tip_lead"] + rest.strip()  # "Tip voor de volgende keer: leg ..." -> "Een tip: leg ..."
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
                reflected = self.texts["reflect_about"].format(topic=about.group("topic"))
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
                edits.append(_Edit(start, start + thanks.end(), self.texts["reflect_opener"] + " "))
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
            edits.append(_Edit(closing.start("word"), closing.end("word"), self.texts["warm_closing"]))
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
