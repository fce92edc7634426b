"""What a Teams user wrote, as plain text: mentions removed, HTML flattened, greetings recognised.

Teams hands the bot text in three shapes: plain text with ``<at>Name</at>`` mentions (chats and
channels), HTML (the ``messagePayload`` of a message-extension action, rich channel messages), and
nothing at all (a card button). The review engine wants the words the person would read, so this
module turns each shape into that, and nothing more.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# Paragraph-like tags end a paragraph when flattened, line-like tags end a line; inline tags
# (b, i, span, a) just disappear.
_PARAGRAPH_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table"})
_LINE_TAGS = frozenset({"li", "tr"})
_LOOKS_LIKE_HTML = re.compile(r"</?(p|div|br|span|b|i|u|strong|em|ul|ol|li|a|blockquote|table|h[1-6])\b[^>]*>", re.IGNORECASE)
_AT_MENTION = re.compile(r"<at\b[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML fragment, with line breaks where blocks end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _PARAGRAPH_TAGS:
            self.parts.append("\n\n")
        elif tag in _LINE_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def tidy(text: str) -> str:
    """Trim each line, drop trailing spaces and keep at most one empty line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(fragment: str) -> str:
    """The words a reader sees in an HTML fragment; mentions keep the name (it is part of the message)."""
    if not fragment:
        return ""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return tidy("".join(parser.parts))


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text or ""))


def _bot_mention_names(text: str, bot_names: set[str]) -> set[str]:
    names = {name.strip().lower() for name in bot_names if name and name.strip()}
    if not names:
        # Teams only delivers a group or channel message to the bot when it was mentioned, so
        # without a known name a leading mention is the bot's.
        leading = _AT_MENTION.match(text.lstrip())
        if leading:
            names = {html.unescape(leading.group(1)).strip().lower()}
    return names


def strip_bot_mention(text: str, bot_names: set[str]) -> str:
    """The text after the bot's mention (or before it, when nothing follows), without the mention.

    "<at>Aandacht</at> Beste mevrouw ..." reviews "Beste mevrouw ..."; "kun je dit checken?
    <at>Aandacht</at>" with nothing after it falls back to what came before. Mentions of people
    keep the name, since a draft may name a colleague.
    """
    text = text or ""
    names = _bot_mention_names(text, bot_names)

    def is_bot(match: re.Match[str]) -> bool:
        return html.unescape(match.group(1)).strip().lower() in names

    first = next((m for m in _AT_MENTION.finditer(text) if is_bot(m)), None)
    if first is not None:
        after, before = text[first.end():], text[:first.start()]
        text = after if _AT_MENTION.sub("", after).strip(" \t\r\n:,;-") else before
    return _AT_MENTION.sub(lambda m: "" if is_bot(m) else html.unescape(m.group(1)), text)


def message_text(raw: str | None, bot_names: set[str]) -> str:
    """The draft in a chat or channel message: bot mention removed, HTML flattened, tidied."""
    text = strip_bot_mention(raw or "", bot_names)
    if looks_like_html(text):
        text = html_to_text(text)
    else:
        text = html.unescape(text)
    return tidy(text).lstrip(":,;- ").strip()


def has_words(text: str) -> bool:
    """False when there is nothing to review: only emoji, links, numbers or punctuation."""
    return len(_LETTER.findall(_URL.sub(" ", text or ""))) >= 2


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_TENANT_ADDRESS = re.compile(r"\b(u|uw|geachte|beste|dear|mevrouw|meneer|heer|madam|sir)\b", re.IGNORECASE)
_ABOUT_BOT = re.compile(
    r"\b(hoe werkt|wat kun je|wat kan je|wat doe je|kun je|kan je|help|hulp|how do(es)? (you|this|it) work|"
    r"what can you|what do you|can you help|wie ben je|who are you|gebruik(en)? (ik|je)|use you)\b",
    re.IGNORECASE,
)


_GREETINGS = {
    "nl": {"hoi", "hallo", "hey", "hee", "hai", "goedemorgen", "goedemiddag", "goedenavond", "help", "hulp",
           "dag", "yo", "uitleg", "wat kun je", "wat kan je", "wat doe je", "hoe werkt het", "hoe werk je",
           "bedankt", "dank je", "dankjewel", "dank", "thanks"},
    "en": {"hi", "hello", "hey", "help", "good morning", "good afternoon", "good evening", "thanks",
           "thank you", "what can you do", "how does it work", "how do you work", "what do you do"},
}


def greeting_language(text: str, fallback: str = "nl") -> str | None:
    """The language to help in when the whole message is a greeting or a request for help, else ``None``.

    Drafts often start with "Hallo mevrouw Jansen," so only a message that is nothing but a
    greeting (a greeting word and at most two more words) counts; everything longer is reviewed.
    A word both languages use ("hey", "help") gets ``fallback``, the user's own language.
    """
    words = re.sub(r"[^\w\s]", " ", (text or "").lower()).split()
    if not words:
        return None
    if (len(words) <= 15 and text.rstrip().endswith("?") and not _TENANT_ADDRESS.search(text)
            and _ABOUT_BOT.search(text)):
        english = re.search(r"\b(how|what|can you|who|use you|help)\b", text, re.IGNORECASE)
        dutch = re.search(r"\b(hoe|wat|kun|kan|wie|gebruik|hulp)\b", text, re.IGNORECASE)
        return "en" if english and not dutch else "nl" if dutch and not english else fallback
    if len(words) > 5 or _TENANT_ADDRESS.search(text):
        return None
    phrase = " ".join(words)
    matches = [lang for lang in ("nl", "en") if phrase in _GREETINGS[lang]]
    if not matches and len(words) <= 3:
        matches = [lang for lang in ("nl", "en") if words[0] in _GREETINGS[lang]]
    if not matches:
        return None
    return fallback if fallback in matches else matches[0]


def locale_language(locale: str | None) -> str:
    """The language for texts the user did not write (help, welcome): Dutch unless the locale is English."""
    return "en" if (locale or "").lower().startswith("en") else "nl"
