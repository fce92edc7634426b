"""The tip commands, parsed once for Slack and Teams.

``parse("toevoegen horen Noem eerst ...")`` gives ``AddTip("hear", "Noem eerst ...")``. Command
words are understood in Dutch and English; guidelines by id, by name and by the aliases in
``bot/data/rubric.toml``, so a word that works in Slack works in Teams.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.locale import LANGUAGES, words
from bot.review.rubric import guidelines

# ---- the commands


@dataclass(frozen=True)
class PickTip:
    guideline: str | None = None


@dataclass(frozen=True)
class ListTips:
    guideline: str | None = None


@dataclass(frozen=True)
class AddTip:
    guideline: str | None
    text: str


@dataclass(frozen=True)
class EditTip:
    tip_id: int
    guideline: str | None
    text: str


@dataclass(frozen=True)
class RemoveTip:
    tip_id: int


@dataclass(frozen=True)
class ShowWeek:
    pass


@dataclass(frozen=True)
class SetWeek:
    """``week #kanaal maandag 9``: ``channel`` is the surface's channel id (``here`` fills in the
    channel the command came from); ``channel_name`` is a ``#name`` the surface did not link."""

    channel: str | None
    weekday: int | None
    hour: int
    channel_name: str | None = None


@dataclass(frozen=True)
class StopWeek:
    channel: str | None = None


@dataclass(frozen=True)
class MyData:
    pass


@dataclass(frozen=True)
class Erase:
    pass


@dataclass(frozen=True)
class Help:
    unknown_word: str | None = None


@dataclass(frozen=True)
class NeedNumber:
    """``remove``/``edit`` without a tip number."""


Command = (PickTip | ListTips | AddTip | EditTip | RemoveTip | ShowWeek | SetWeek | StopWeek | MyData | Erase
           | Help | NeedNumber)
LEADS_ONLY = (AddTip, EditTip, RemoveTip, SetWeek, StopWeek)
"""Commands that change what the team sees."""

# ---- the words

VERBS = {
    "add": "add", "toevoegen": "add", "nieuw": "add", "new": "add", "deel": "add", "share": "add",
    "edit": "edit", "wijzig": "edit", "wijzigen": "edit", "bewerk": "edit", "change": "edit",
    "remove": "remove", "verwijder": "remove", "verwijderen": "remove", "delete": "remove", "rm": "remove",
    "wis": "remove",
    "list": "list", "lijst": "list", "alle": "list", "all": "list",
    "week": "week",
    "help": "help", "hulp": "help", "uitleg": "help", "?": "help",
    "mijn-gegevens": "my_data", "mijngegevens": "my_data", "my-data": "my_data", "mydata": "my_data",
    "gegevens": "my_data", "privacy": "my_data",
    "wis-mijn-gegevens": "erase", "erase-my-data": "erase", "erase": "erase",
}
OFF_WORDS = {"uit", "off", "stop", "stoppen", "geen", "none"}
HERE_WORDS = {"hier", "here"}
DEFAULT_HOUR = 9
CHANNEL_LINK = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|^([CG][A-Z0-9]{6,})$")


@lru_cache(maxsize=1)
def weekday_words() -> dict[str, int]:
    """"maandag", "maa", "ma", "monday", "mon", "mo", ...: the short forms do not clash across languages."""
    found: dict[str, int] = {}
    for lang in LANGUAGES:
        for number, name in enumerate(words("tips.weekdays", lang)):
            for form in (name.lower(), name[:3].lower(), name[:2].lower()):
                found.setdefault(form, number)
    return found


def normalise(text: str) -> str:
    return re.sub(r"[\s_,.:;!?'\"\-]+", " ", text.lower()).strip()


@lru_cache(maxsize=1)
def guideline_aliases() -> dict[str, str]:
    """Every accepted way of naming a guideline (normalised) -> its id, longest first."""
    aliases: dict[str, str] = {}
    for gid, g in guidelines().items():
        names = {gid, *g.name.values(), *(alias for names in g.aliases.values() for alias in names)}
        for name in names:
            aliases[normalise(name)] = gid
    return dict(sorted(aliases.items(), key=lambda item: -len(item[0])))


@lru_cache(maxsize=1)
def _own_names() -> frozenset[str]:
    """Ids and the rubric's own names: never mistaken for the first word of a tip."""
    return frozenset(normalise(name) for gid, g in guidelines().items() for name in (gid, *g.name.values()))


def guideline_named(text: str) -> str | None:
    """The guideline that ``text`` names as a whole ("horen", "Nee met zorg", "[b1]", "plain_language")."""
    return guideline_aliases().get(normalise(text.strip().strip("[]()")))


def split_guideline(text: str) -> tuple[str | None, str]:
    """A guideline named at the start and the rest: ``"nee met zorg: Leg uit"`` -> (no_with_care, "Leg uit")."""
    stripped = text.strip()
    bracketed = re.match(r"^[\[(]([^\])]+)[\])]\s*(.*)$", stripped, flags=re.DOTALL)
    if bracketed and guideline_named(bracketed.group(1)):
        return guideline_named(bracketed.group(1)), bracketed.group(2).strip()
    tokens = re.findall(r"\S+", stripped)
    for count in range(min(5, len(tokens)), 0, -1):
        words = " ".join(tokens[:count])
        gid = guideline_named(words.rstrip(":"))
        if gid and count == 1 and len(tokens) > 1 and not words.endswith(":") and normalise(words) not in _own_names() \
                and not any(ch.isdigit() for ch in words) and not tokens[1][:1].isupper():
            gid = None  # "Nee zeggen mag ...": a short alias that is an everyday word starts the tip itself
        if gid:
            rest = re.sub(r"^\s*" + r"\s+".join(re.escape(token) for token in tokens[:count]), "", stripped)
            return gid, rest.lstrip(" :-–").strip()
    return None, stripped


def guideline_alias(gid: str, lang: str) -> str:
    """The short word to type for a guideline in this language (the first alias)."""
    g = guidelines()[gid]
    return (g.aliases.get(lang) or g.aliases.get("nl") or [gid])[0]


# ---- parsing


def _number(text: str) -> int | None:
    match = re.fullmatch(r"#?(\d+)", text.strip())
    return int(match.group(1)) if match else None


def parse_week(tokens: list[str], here: str | None) -> Command:
    if not tokens:
        return ShowWeek()
    channel = weekday = channel_name = None
    hour, off = DEFAULT_HOUR, False
    for token in tokens:
        lowered = token.lower().strip(",.")
        link = CHANNEL_LINK.search(token)
        if link:
            channel = link.group(1) or link.group(2)
        elif lowered in HERE_WORDS:
            channel = here
        elif token.startswith("#") and len(token) > 1:
            channel_name = token
        elif lowered in OFF_WORDS:
            off = True
        elif lowered in weekday_words():
            weekday = weekday_words()[lowered]
        elif re.fullmatch(r"(\d{1,2})(?:[:.]00)?(?:u|h|uur)?", lowered):
            hour = min(23, int(re.match(r"\d{1,2}", lowered).group()))
    if off:
        return StopWeek(channel)
    return SetWeek(channel, weekday, hour, channel_name)


def parse(text: str, *, here: str | None = None) -> Command:
    """The command in the words after ``/tip`` or ``tip``; ``here`` is the channel it was typed in."""
    text = text.strip()
    if not text:
        return PickTip()
    first, _, rest = text.partition(" ")
    verb = VERBS.get(first.lower())
    if verb is None:
        gid = guideline_named(text)
        return PickTip(gid) if gid else Help(unknown_word=text)
    rest = rest.strip()
    if verb == "help":
        return Help()
    if verb == "list":
        return ListTips(guideline_named(rest) if rest else None)
    if verb == "my_data":
        return MyData()
    if verb == "erase":
        return Erase()
    if verb == "week":
        return parse_week(rest.split(), here)
    if verb == "add":
        return AddTip(*split_guideline(rest))
    number_word, _, body = rest.partition(" ")
    tip_id = _number(number_word)
    if tip_id is None:
        return NeedNumber()
    if verb == "remove":
        return RemoveTip(tip_id)
    return EditTip(tip_id, *split_guideline(body))


MAX_COMMAND_CHARS = 800
"""A tip is at most 600 characters: a longer message after "tip" is a draft."""
_TIP_WORD = re.compile(r"^\s*tips?(?:\s+(?P<rest>.*))?$", re.IGNORECASE | re.DOTALL)


def after_tip_word(message: str) -> str | None:
    """For a chat where drafts and commands arrive the same way (Teams): the words after ``tip`` when
    the message is a tip command, else None (it is a draft). Strict on purpose, so that a draft that
    starts with "Tip" or "Tips voor uw tuin" is reviewed: ``tip`` alone, ``tip`` and a command word,
    or ``tip`` and nothing but a guideline name."""
    if len(message) > MAX_COMMAND_CHARS:
        return None
    match = _TIP_WORD.match(message)
    if match is None:
        return None
    rest = (match.group("rest") or "").strip()
    first = rest.split(maxsplit=1)[0].lower() if rest else ""
    if not rest or first in VERBS or guideline_named(rest):
        return rest
    return None
