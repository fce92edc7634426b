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

# Block-level tags end a line when flattened; inline tags (b, i, span, a) just disappear.
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table"}
)
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
        elif tag in _BLOCK_TAGS:
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


def strip_bot_mention(text: str, bot_names: set[str]) -> str:
    """Remove the mention(s) of the bot, keep mentions of people (a draft may name a colleague).

    When the bot's name is unknown (no entities, no recipient name), a leading mention is taken to
    be the bot's: Teams only delivers a channel message to the bot when the bot was mentioned.
    """
    text = text or ""
    names = {name.strip().lower() for name in bot_names if name and name.strip()}
    if not names:
        leading = _AT_MENTION.match(text.lstrip())
        if leading:
            names = {html.unescape(leading.group(1)).strip().lower()}

    def drop_if_bot(match: re.Match[str]) -> str:
        inner = html.unescape(match.group(1)).strip()
        return "" if inner.lower() in names else inner

    return _AT_MENTION.sub(drop_if_bot, text)


def message_text(raw: str | None, bot_names: set[str]) -> str:
    """The draft in a chat or channel message: bot mention removed, HTML flattened, tidied."""
    text = strip_bot_mention(raw or "", bot_names)
    if looks_like_html(text):
        text = html_to_text(text)
    else:
        text = html.unescape(text)
    return tidy(text)


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
    if not words or len(words) > 5:
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
