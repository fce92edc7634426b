"""Coaching tips in Teams: the ``tip`` commands, backed by the same store as Slack, scoped by tenant.

Typed in the chat with the bot (or after ``@Aandacht`` in a channel):

- ``tip`` / ``tip horen``: one tip from your team (for that guideline), taking turns.
- ``tip lijst`` / ``tip list [richtlijn]``: every tip with its number.
- ``tip toevoegen [richtlijn] <tekst>`` / ``tip add ...`` and ``tip verwijder <nummer>`` /
  ``tip remove <nummer>``: team leads only (their Microsoft Entra object id or Teams user id in
  ``AANDACHT_LEAD_IDS``, the same setting Slack reads).

Guideline names are understood in Dutch and English and by id. Tips are shown on review cards
too (see :mod:`bot.teams.handlers`). Tip of the week is Slack-only for now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.review.model import GUIDELINE_IDS
from bot.review.rubric import guidelines

COMMAND = re.compile(r"^\s*tips?(?:\s+(?P<rest>.*))?$", re.IGNORECASE | re.DOTALL)
MAX_COMMAND_CHARS = 800  # a tip is at most 600 characters; anything much longer is a draft

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "help": "**Tips van je team** 💡\n\n"
                "- `tip`: een tip. `tip horen`: een tip voor één richtlijn.\n"
                "- `tip lijst [richtlijn]`: alle tips, met hun nummer.\n"
                "- Teamleiders: `tip toevoegen [richtlijn] <tekst>`, `tip verwijder <nummer>`.\n"
                "- `tip mijn-gegevens`: wat er over jou bewaard is; `tip wis-mijn-gegevens` wist het.\n\n"
                "Richtlijnen: {guidelines}.",
        "none": "Je team heeft nog geen tips{about}. Een teamleider voegt er een toe met "
                "`tip toevoegen [richtlijn] <tekst>`.",
        "about": " over {guideline}",
        "tip": "💡 **Tip van {author}**{about}: {text}",
        "colleague": "een collega",
        "list_title": "**Tips van je team**{about}:",
        "leads_only": "Alleen teamleiders kunnen tips toevoegen of verwijderen. Vraag je teamleider, of laat "
                      "je beheerder je Teams-id aan AANDACHT_LEAD_IDS toevoegen.",
        "added": "Bewaard als tip {id}{about}. Hij verschijnt bij reviews waarin die richtlijn aandacht "
                 "nodig heeft.",
        "removed": "Tip {id} is verwijderd.",
        "not_found": "Ik vind geen tip met nummer {id}.",
        "need_text": "Wat is de tip? Bijvoorbeeld: `tip toevoegen horen Noem in de eerste zin waar de huurder "
                     "over schrijft.`",
        "too_long": "Een tip is hoogstens {max} tekens; deze is {n} tekens.",
        "control_characters": "Er staan onzichtbare tekens in die tip (zoals een NUL-teken uit een plakactie). "
        "Typ hem opnieuw of plak hem eerst in een gewone teksteditor.",
        "need_number": "Welke tip? Bijvoorbeeld: `tip verwijder 3` (de nummers staan bij `tip lijst`).",
        "my_data": "**Wat er over jou bewaard is** (nooit je teksten):\n\n"
                   "- Tips die je deelde: {tips}\n"
                   "- Je eigen cijfers over {weeks} weken: beoordelingen {reviews}, verbeterpunten {issues} "
                   "(onder een versleutelde code, niet onder je naam)\n\n"
                   "Wissen: `tip wis-mijn-gegevens`.",
        "erased": "Gewist: {rows} regels met je eigen cijfers; je naam is van {tips} tips gehaald. "
                  "De tips zelf blijven voor je team.",
    },
    "en": {
        "help": "**Tips from your team** 💡\n\n"
                "- `tip`: a tip. `tip hear`: a tip for one guideline.\n"
                "- `tip list [guideline]`: every tip, with its number.\n"
                "- Team leads: `tip add [guideline] <text>`, `tip remove <number>`.\n"
                "- `tip my-data`: what is stored about you; `tip erase-my-data` erases it.\n\n"
                "Guidelines: {guidelines}.",
        "none": "Your team has no tips yet{about}. A team lead adds one with `tip add [guideline] <text>`.",
        "about": " about {guideline}",
        "tip": "💡 **Tip from {author}**{about}: {text}",
        "colleague": "a colleague",
        "list_title": "**Tips from your team**{about}:",
        "leads_only": "Only team leads can add or remove tips. Ask your team lead, or ask your admin to add "
                      "your Teams id to AANDACHT_LEAD_IDS.",
        "added": "Saved as tip {id}{about}. It shows on reviews where that guideline needs attention.",
        "removed": "Tip {id} was removed.",
        "not_found": "I cannot find a tip with number {id}.",
        "need_text": "What is the tip? For example: `tip add hear Start with what the tenant wrote.`",
        "too_long": "A tip is at most {max} characters; this one has {n}.",
        "control_characters": "That tip holds invisible characters (such as a NUL from a paste). Type it again, "
        "or paste it into a plain text editor first.",
        "need_number": "Which tip? For example: `tip remove 3` (the numbers are in `tip list`).",
        "my_data": "**What is stored about you** (never your texts):\n\n"
                   "- Tips you shared: {tips}\n"
                   "- Your own figures over {weeks} weeks: reviews {reviews}, points to improve {issues} "
                   "(under an encrypted code, not under your name)\n\n"
                   "Erase: `tip erase-my-data`.",
        "erased": "Erased: {rows} rows of your own figures; your name was taken off {tips} tips. "
                  "The tips themselves stay for your team.",
    },
}

MY_DATA_WORDS = {"mijn-gegevens", "my-data"}
ERASE_WORDS = {"wis-mijn-gegevens", "erase-my-data"}
ADD_WORDS = {"toevoegen", "add", "nieuw", "new"}
REMOVE_WORDS = {"verwijder", "verwijderen", "remove", "delete", "wis"}
LIST_WORDS = {"lijst", "list", "alle", "all"}
HELP_WORDS = {"help", "hulp", "uitleg"}


def t(lang: str, key: str, **values: Any) -> str:
    return TEXTS.get(lang, TEXTS["nl"])[key].format(**values)


def _normalise(words: str) -> str:
    return re.sub(r"[\s,.:;!?'\"-]+", " ", words.lower()).strip()


@lru_cache(maxsize=1)
def guideline_aliases() -> dict[str, str]:
    """Every way to name a guideline (id, Dutch and English name) -> its id, longest first."""
    aliases: dict[str, str] = {}
    for gid, g in guidelines().items():
        for name in (gid, gid.replace("_", " "), *g.name.values()):
            aliases[_normalise(name)] = gid
    aliases.update({"nee": "no_with_care", "no": "no_with_care", "mens": "person_not_policy",
                    "person": "person_not_policy", "serieus": "respect", "stap": "next_step",
                    "taal": "plain_language", "plain": "plain_language"})
    return dict(sorted(aliases.items(), key=lambda item: -len(item[0])))


def split_guideline(words: str) -> tuple[str | None, str]:
    """A guideline named at the start of ``words`` and the rest (the tip text), or (None, words)."""
    normalised = _normalise(words)
    for alias, gid in guideline_aliases().items():
        if normalised == alias or normalised.startswith(alias + " "):
            # cut the same number of words from the original text, keeping its punctuation
            count = len(alias.split())
            rest = re.split(r"\s+", words.strip(), maxsplit=count)
            return gid, rest[count].lstrip(" :,-") if len(rest) > count else ""
    return None, words.strip()


def label(gid: str | None, lang: str) -> str:
    return guidelines()[gid].label(lang) if gid else ""


@dataclass(frozen=True)
class Caller:
    """Who typed the command, and where: the tenant scopes every tip."""

    tenant: str
    user_id: str
    name: str
    is_lead: bool
    lang: str


def parse(text: str) -> str | None:
    """The words after ``tip`` when ``text`` is a tip command, else ``None`` (then it is a draft).

    Strict on purpose, so that a draft starting with "Tip" or "Tips voor uw tuin" is reviewed:
    ``tip`` alone, ``tip`` and a command word, or ``tip`` and nothing but a guideline name.
    """
    if len(text) > MAX_COMMAND_CHARS:
        return None
    match = COMMAND.match(text)
    if match is None:
        return None
    rest = (match.group("rest") or "").strip()
    verb = rest.split(maxsplit=1)[0].lower() if rest else ""
    commands = HELP_WORDS | LIST_WORDS | ADD_WORDS | REMOVE_WORDS | MY_DATA_WORDS | ERASE_WORDS
    if not rest or verb in commands or _normalise(rest) in guideline_aliases():
        return rest
    return None


async def answer(store: Any, caller: Caller, rest: str) -> str:
    """The reply (Teams markdown) to ``tip <rest>``; a database that is away gets its kind message."""
    from bot.store.access import run_in_store
    from bot.store.repository import StoreError

    try:
        return await run_in_store(lambda: _answer(store, caller, rest))
    except StoreError as problem:
        return problem.message(caller.lang)


def _answer(store: Any, caller: Caller, rest: str) -> str:
    from bot.store.repository import MAX_TIP_CHARS, has_control_characters

    lang = caller.lang
    first, _, after = rest.partition(" ")
    verb = first.lower()
    if verb in HELP_WORDS:
        names = ", ".join(label(gid, lang) for gid in GUIDELINE_IDS)
        return t(lang, "help", guidelines=names)
    if verb in MY_DATA_WORDS:
        return _my_data(store.get().my_data(caller.tenant, caller.user_id), lang)
    if verb in ERASE_WORDS:
        erased = store.get().erase_my_data(caller.tenant, caller.user_id)
        return t(lang, "erased", rows=erased.trend_rows, tips=erased.tips_anonymised)
    if verb in LIST_WORDS:
        gid, _ = split_guideline(after)
        tips = store.get().list_tips(caller.tenant, gid)
        about = t(lang, "about", guideline=label(gid, lang)) if gid else ""
        if not tips:
            return t(lang, "none", about=about)
        lines = [t(lang, "list_title", about=about)]
        lines += [f"{tip.id}. {tip.text}" + (f" ({label(tip.guideline, lang)})" if tip.guideline else "")
                  for tip in tips[:40]]
        return "\n\n".join(lines)
    if verb in ADD_WORDS | REMOVE_WORDS and not caller.is_lead:
        return t(lang, "leads_only")
    if verb in ADD_WORDS:
        gid, text = split_guideline(after)
        if not text.strip():
            return t(lang, "need_text")
        if len(text) > MAX_TIP_CHARS:
            return t(lang, "too_long", max=MAX_TIP_CHARS, n=len(text))
        if has_control_characters(text):
            return t(lang, "control_characters")
        tip = store.get().add_tip(caller.tenant, text, author_id=caller.user_id, author_name=caller.name,
                                  guideline=gid)
        about = t(lang, "about", guideline=label(gid, lang)) if gid else ""
        return t(lang, "added", id=tip.id, about=about)
    if verb in REMOVE_WORDS:
        number = re.match(r"#?(\d+)$", after.strip())
        if not number:
            return t(lang, "need_number")
        tip_id = int(number.group(1))
        removed = store.get().remove_tip(caller.tenant, tip_id)
        return t(lang, "removed" if removed else "not_found", id=tip_id)
    gid, _ = split_guideline(rest)
    tip = store.get().pick_tip(caller.tenant, gid)
    about = t(lang, "about", guideline=label(gid, lang)) if gid else ""
    if tip is None:
        return t(lang, "none", about=about)
    shown_about = t(lang, "about", guideline=label(tip.guideline, lang)) if tip.guideline else ""
    return t(lang, "tip", author=tip.author_name or t(lang, "colleague"), about=shown_about, text=tip.text)


def _my_data(data: Any, lang: str) -> str:
    """A person's own figures: each review is counted once per guideline it checked, so a week's
    reviews are its largest per-guideline count, and the points to improve are all issues."""
    reviews = sum(max((c.reviews for c in week.values()), default=0) for week in data.trend.values())
    issues = sum(c.issues for week in data.trend.values() for c in week.values())
    return t(lang, "my_data", tips=len(data.tips), weeks=len(data.trend), reviews=reviews, issues=issues)
