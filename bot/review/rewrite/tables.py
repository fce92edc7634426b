"""The rewrite's patterns per language: softeners, lecture leads, formulas. Its own words (placeholders,
the few words it adds) are in the lexicon files, ``[rewrite]``."""

from __future__ import annotations

import re

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
