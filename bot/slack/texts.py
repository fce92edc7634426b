"""Every sentence the Slack app says itself, in Dutch and English.

Review content (findings, rewrite) comes from the engine in the draft's language; these are the
app's own words around it. Kept as data in one place so that a missing translation is easy to see
and a test can check that both languages have every key.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "help": {
        "nl": (
            "*Zo gebruik je Aandacht* :wave:\n"
            "• `/toon <je conceptreactie>`: je krijgt privé een beoordeling en een warmere versie. "
            "Niemand anders ziet het.\n"
            "• Stuur mij hier een bericht met je concept: ik antwoord in de draad.\n"
            "• Op een bericht: *⋯* → *Toon checken*.\n"
            "• Noem @Aandacht in een draad zonder tekst: ik beoordeel het eerste bericht van die draad.\n"
            "Tip: zet het bericht van de huurder erboven, met `>` aan het begin van elke regel. Dan kijk "
            "ik ook of je de vraag echt beantwoordt."
        ),
        "en": (
            "*How to use Aandacht* :wave:\n"
            "• `/toon <your draft reply>`: you get a private review and a warmer version. Nobody else "
            "sees it.\n"
            "• Send me a message here with your draft: I answer in the thread.\n"
            "• On any message: *⋯* → *Check tone*.\n"
            "• Mention @Aandacht in a thread without text: I review the first message of that thread.\n"
            "Tip: put the tenant's message above it, with `>` at the start of each line. Then I also "
            "check that you really answer their question."
        ),
    },
    "no_words": {
        "nl": "Ik zie nog geen tekst om te beoordelen (alleen emoji, een link of opmaak). Plak de "
        "tekst van je conceptreactie aan de huurder, dan kijk ik ernaar.",
        "en": "I don't see any text to review yet (only emoji, a link or formatting). Paste the text "
        "of your draft reply to the tenant and I will look at it.",
    },
    "welcome": {
        "nl": "Graag gedaan! Plak gerust je volgende concept, dan kijk ik mee.",
        "en": "You're welcome! Paste your next draft whenever you like.",
    },
    "failed": {
        "nl": "Sorry, het beoordelen lukte nu niet. Probeer het zo nog eens.",
        "en": "Sorry, the review did not work this time. Please try again in a moment.",
    },
    "card_title": {"nl": "Toonbeoordeling", "en": "Tone review"},
    "modal_title": {"nl": "Toon checken", "en": "Check tone"},
    "close": {"nl": "Sluiten", "en": "Close"},
    "busy": {"nl": ":hourglass_flowing_sand: Even kijken…", "en": ":hourglass_flowing_sand: Reviewing…"},
    "score_word_warm": {"nl": "warm", "en": "warm"},
    "score_word_mid": {"nl": "kan warmer", "en": "could be warmer"},
    "score_word_cold": {"nl": "koel", "en": "cool"},
    "guidelines": {"nl": "De zeven richtlijnen", "en": "The seven guidelines"},
    "not_applicable": {"nl": "niet van toepassing", "en": "does not apply"},
    "missing": {"nl": "Wat ontbreekt", "en": "What is missing"},
    "rewrite": {"nl": "Warmere versie (om te kopiëren)", "en": "Warmer version (to copy)"},
    "rewrite_same": {
        "nl": "Je concept is al warm; ik heb niets te verbeteren.",
        "en": "Your draft is already warm; I have nothing to improve.",
    },
    "why": {"nl": "Waarom?", "en": "Why?"},
    "useful": {"nl": "Nuttig", "en": "Useful"},
    "not_useful": {"nl": "Niet nuttig", "en": "Not useful"},
    "another": {"nl": "Nog een versie", "en": "Another version"},
    "more_issue_one": {"nl": "Nog 1 richtlijn op de kaart.", "en": "1 more guideline on the card."},
    "more_issues": {"nl": "Nog {n} richtlijnen op de kaart.", "en": "{n} more guidelines on the card."},
    "tip_from": {"nl": "Tip van {author}", "en": "Tip from {author}"},
    "engine_offline": {"nl": "Beoordeeld met de vaste regels.", "en": "Reviewed with the built-in rules."},
    "engine_llm": {"nl": "Beoordeeld door het taalmodel.", "en": "Reviewed by the language model."},
    "llm_pending": {
        "nl": ":hourglass_flowing_sand: Het taalmodel kijkt nog mee; deze kaart wordt zo bijgewerkt.",
        "en": ":hourglass_flowing_sand: The language model is still reading; this card updates in a moment.",
    },
    "llm_pending_mention": {
        "nl": ":hourglass_flowing_sand: Het taalmodel kijkt nog mee; zijn beoordeling volgt hieronder.",
        "en": ":hourglass_flowing_sand: The language model is still reading; its review follows below.",
    },
    "shortened": {"nl": "(ingekort)", "en": "(shortened)"},
    "thanks": {
        "nl": "Dank je! Je feedback is geteld (alleen per richtlijn, zonder tekst).",
        "en": "Thank you! Your feedback is counted (per guideline only, without any text).",
    },
    "why_title": {"nl": "Waarom dit telt", "en": "Why this matters"},
    "tenant_context": {
        "nl": "Ik heb het bericht van de huurder meegenomen.",
        "en": "I took the tenant's message into account.",
    },
    "home_title": {"nl": "Aandacht: warmere reacties aan huurders", "en": "Aandacht: warmer replies to tenants"},
    "home_intro": {
        "nl": "Ik lees je conceptreactie aan een huurder mee en laat zien wat kil overkomt, in je eigen "
        "woorden, waarom dat telt, en een warmere versie die alle feiten en het besluit houdt. Een nee "
        "mag, als het met aandacht gebracht wordt.",
        "en": "I read your draft reply to a tenant and show what comes across as cold, quoted from your "
        "own words, why it matters, and a warmer version that keeps every fact and the decision. A no is "
        "fine, as long as it is brought with care.",
    },
    "home_rubric": {"nl": "Waar ik op let", "en": "What I look for"},
    "home_example": {"nl": "Een voorbeeld", "en": "An example"},
    "home_example_text": {
        "nl": "*Koel:* _Uw verzoek is afgewezen. Dat is ons beleid._\n*Warmer:* _Ik begrijp dat u graag "
        "een nieuwe keuken wilt. We vervangen hem nu nog niet, omdat hij pas 12 jaar oud is. Wat wel "
        "kan: onze monteur maakt de kastjes vast. Ik bel u donderdag om een afspraak te maken._",
        "en": "*Cool:* _Your request has been rejected. This is our policy._\n*Warmer:* _I understand you "
        "would like a new kitchen. We are not replacing it yet, because it is only 12 years old. What we "
        "can do: our technician will fix the cupboards. I will call you on Thursday to make an "
        "appointment._",
    },
    "open_draft": {"nl": "Concept beoordelen", "en": "Review a draft"},
    "draft_label": {"nl": "Je conceptreactie aan de huurder", "en": "Your draft reply to the tenant"},
    "tenant_label": {"nl": "Het bericht van de huurder (mag leeg)", "en": "The tenant's message (optional)"},
    "submit": {"nl": "Beoordelen", "en": "Review"},
    "home_privacy": {
        "nl": "Je concepten worden nergens bewaard. Feedback op een kaart telt alleen per richtlijn.",
        "en": "Your drafts are never stored. Feedback on a card is counted per guideline only.",
    },
}


def text(key: str, lang: str, **values: str) -> str:
    """The app's sentence ``key`` in ``lang`` (Dutch when the language is unknown)."""
    options = TEXTS[key]
    sentence = options.get(lang) or options["nl"]
    return sentence.format(**values) if values else sentence
