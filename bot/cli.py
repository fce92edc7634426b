"""``python -m bot check``: review a draft from a file or standard input, on the command line.

Start-up matters here (a person waits for it, and batch runs start it often), so this module
imports only the engine: no Slack, Teams, openai, database or HTTP modules. Settings and the
reviewer are loaded when the command runs.

Exit status: 0 reviewed; 2 empty, unreadable or invalid input; 3 a language other than Dutch or
English. User errors are a short message on standard error in Dutch and English, never a traceback.
"""

from __future__ import annotations

import errno
import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.review.model import EmptyDraft, ReviewInputError, UnsupportedLanguage

if TYPE_CHECKING:
    from bot.review.engines import Reviewer
    from bot.review.model import Review

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_LANGUAGE = 3

# Messages for problems with the command line itself: Dutch first, then English.
MESSAGES: dict[str, str] = {
    "jsonl_needs_json": "--jsonl werkt alleen samen met --json (python -m bot check --json --jsonl).\n"
    "--jsonl only works together with --json (python -m bot check --json --jsonl).",
    "settings": "De instellingen kloppen niet: {reason}\nThe settings are not valid: {reason}",
    "no_model": "Er is geen taalmodel ingesteld (OPENAI_API_KEY ontbreekt); gebruik --engine offline.\n"
    "No language model is configured (OPENAI_API_KEY is missing); use --engine offline.",
    "engine": "De beoordeling kon niet starten: {reason}\nThe review could not start: {reason}",
    "not_text": "Dit lijkt geen tekst ({nl} is een binair bestand of onleesbaar); geef een tekstbestand.\n"
    "This does not look like text ({en} is a binary or unreadable file); give a text file.",
    "replaced": "Let op: {n} onleesbare teken(s) in {nl} zijn vervangen door \ufffd.\n"
    "Note: {n} unreadable character(s) in {en} were replaced by \ufffd.",
    "stdin_hint": "Plak je concept en sluit af met Ctrl-D (Windows: Ctrl-Z, Enter).\n"
    "Paste your draft and end with Ctrl-D (Windows: Ctrl-Z, Enter).",
}

REASONS_NL: dict[int, str] = {
    errno.ENOENT: "dat bestand bestaat niet",
    errno.EACCES: "geen toestemming om het te lezen",
    errno.EISDIR: "dat is een map, geen bestand",
}

MARKS = {"ok": "✓", "issue": "✗", "n/a": "–"}
COLOURS = {"ok": "\033[32m", "issue": "\033[31m", "n/a": "\033[90m", "bold": "\033[1m", "dim": "\033[2m"}
RESET = "\033[0m"


class UserError(Exception):
    """A problem with what the user gave us; ``status`` is the exit status, the text goes to stderr."""

    def __init__(self, text: str, status: int = EXIT_INPUT) -> None:
        super().__init__(text)
        self.status = status


def decode(data: bytes, what: tuple[str, str] = ("de invoer", "the input")) -> str:
    """Text from bytes (bot.textio): a binary file is a user error; a few unreadable bytes get a note."""
    from bot.textio import NotText, decode_text

    try:
        text = decode_text(data)
    except NotText:
        raise UserError(MESSAGES["not_text"].format(nl=what[0], en=what[1])) from None
    if text.replaced:
        print(MESSAGES["replaced"].format(n=text.replaced, nl=what[0], en=what[1]), file=sys.stderr)
    return str(text)


def read_text(name: str, what: tuple[str, str], stdin: TextIO | None = None) -> str:
    """The contents of file ``name``, or of standard input for ``-``."""
    if name == "-":
        stream = stdin or sys.stdin
        if stream.isatty():
            print(MESSAGES["stdin_hint"], file=sys.stderr)
        buffer = getattr(stream, "buffer", None)
        return decode(buffer.read(), what) if buffer is not None else stream.read()
    try:
        data = Path(name).read_bytes()
    except OSError as error:
        reason_en = error.strerror or type(error).__name__
        reason_nl = REASONS_NL.get(error.errno or 0, reason_en)
        raise UserError(
            f"Kan {what[0]} '{name}' niet lezen: {reason_nl}\nCannot read {what[1]} '{name}': {reason_en}"
        ) from None
    return decode(data, what)


def input_error_text(error: ReviewInputError, lang: str | None = None) -> str:
    """The kind message of an engine input error: in ``lang`` when known, else Dutch and English."""
    if lang in ("nl", "en"):
        return error.message(lang)
    dutch, english = error.message("nl"), error.message("en")
    # a message that is already bilingual ("... / This does not look like ...") is shown once, not twice
    already_bilingual = english in dutch or english.split(".")[0].split(";")[0] in dutch
    return dutch if dutch == english or already_bilingual else f"{dutch}\n{english}"


def exit_status(error: ReviewInputError) -> int:
    return EXIT_LANGUAGE if isinstance(error, UnsupportedLanguage) else EXIT_INPUT


def build_reviewer(engine: str) -> Reviewer:
    """The reviewer for ``--engine``; settings are read here so that ``--help`` stays instant."""
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        raise UserError(MESSAGES["settings"].format(reason=error.problems)) from None
    if engine == "llm" and not settings.llm_configured:
        raise UserError(MESSAGES["no_model"])
    from bot.review.engines import make_reviewer

    try:
        return make_reviewer(settings, engine)
    except Exception as error:  # noqa: BLE001 - building a reviewer fails only on configuration
        raise UserError(MESSAGES["engine"].format(reason=_first_line(error))) from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# --- readable output --------------------------------------------------------------------------------


def format_review(review: Review, draft: str | None = None, colour: bool = False, width: int = 88) -> str:
    """The review as text in the draft's language: score, each guideline with a mark, issues, rewrite."""
    from bot.locale import say
    from bot.present.card import points
    from bot.review.rubric import guidelines

    lang = review.language

    def word(key: str, **values: object) -> str:  # the review's words that the rubric does not hold
        return say(f"cli.{key}", lang, **values)

    def paint(text: str, style: str) -> str:
        return f"{COLOURS[style]}{text}{RESET}" if colour else text

    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]

    issues = review.issues()
    if issues:
        count = word("to_work_on", count=len(issues))
    else:
        count = word("all_good")
    lines = [paint(f"{word('title')}: {word('score')} {review.score}/100", "bold") + f" · {count}", ""]
    if review.notes:  # on top: after a long draft's rewrite nobody scrolls down to "only the first ... were reviewed"
        lines += [paint(f"{word('notes')}: {note}", "dim") for note in review.notes]
        lines.append("")
    for gid, guideline in guidelines().items():
        verdict = review.verdicts.get(gid, "ok")
        suffix = f" ({word('not_applicable')})" if verdict == "n/a" else ""
        lines.append(f"{paint(MARKS.get(verdict, '?'), verdict)} {guideline.label(lang)}{suffix}")
        if verdict != "issue":
            continue
        findings = [f for f in review.findings if f.guideline == gid]
        if not findings:
            lines += wrap(f"{word('why')}: {guideline.why.get(lang, '')}", "    ")
        for point in points(findings):
            if point.quotes:
                lines += wrap("  ·  ".join(f"“{quote}”" + (f" ({times}×)" if times > 1 else "")
                                           for quote, times in point.quotes.items()), "    ")
            else:
                lines += wrap(f"{word('missing')}:", "    ")
            lines += wrap(f"{word('why')}: {point.message}", "      ")
            lines += wrap(f"{word('try')}: {point.suggestion}", "      ")
    lines.append("")
    rewrite = review.rewrite.strip()
    if not rewrite or (draft is not None and rewrite == draft.strip()):
        lines.append(word("no_rewrite" if issues else "unchanged"))
    else:
        heading = word("rewrite_placeholders" if "[" in rewrite else "rewrite")
        lines += [paint(f"{heading}:", "bold"), "", rewrite]
    lines += ["", paint(f"({word('engine')}: {review.engine})", "dim")]
    return "\n".join(lines)


# --- the command ---------------------------------------------------------------------------------------


def run_check(args: Any, stdin: TextIO | None = None, stdout: TextIO | None = None,
              stderr: TextIO | None = None) -> int:
    """Entry point of ``python -m bot check``; returns the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    _utf8(out)
    try:
        if getattr(args, "jsonl", False):
            if not getattr(args, "json", False):
                raise UserError(MESSAGES["jsonl_needs_json"])
            return run_jsonl(args, stdin or sys.stdin, out)
        return _check_one(args, stdin, out)
    except UserError as error:
        print(str(error), file=err)
        return error.status
    except ReviewInputError as error:
        print(input_error_text(error, getattr(error, "language", None)), file=err)
        return exit_status(error)
    except KeyboardInterrupt:
        return 130


def _check_one(args: Any, stdin: TextIO | None, out: TextIO) -> int:
    draft = read_text(args.file or "-", ("het concept", "the draft"), stdin)
    tenant_message = None
    if getattr(args, "message", None) is not None:
        tenant_message = args.message
    elif getattr(args, "message_file", None):
        tenant_message = read_text(args.message_file, ("het bericht van de huurder", "the tenant's message"), stdin)
    if not draft.strip():
        raise EmptyDraft()
    reviewer = build_reviewer(getattr(args, "engine", "auto") or "auto")
    review = reviewer.review(draft, tenant_message or None)
    if args.json:
        out.write(review.model_dump_json() + "\n")
    else:
        out.write(format_review(review, draft, colour=_is_tty(out)) + "\n")
    return EXIT_OK


def run_jsonl(args: Any, stdin: TextIO, out: TextIO) -> int:
    """One review per input line ``{"draft": ..., "tenant_message": ...}``, in order, in one process.

    A line that cannot be reviewed gives ``{"error": ..., "kind": ..., "line": N}`` and the run
    carries on, so that output line N always belongs to input line N.
    """
    reviewer = build_reviewer(getattr(args, "engine", "auto") or "auto")
    if args.file and args.file != "-":
        source = read_text(args.file, ("het bestand", "the file")).splitlines()
    else:
        # Bytes, decoded line by line like files, so the locale's encoding never breaks a batch.
        buffer = getattr(stdin, "buffer", None)
        lines = buffer if buffer is not None else stdin
        source = ((decode(line) if isinstance(line, bytes) else line).rstrip("\r\n") for line in lines)
    for number, line in enumerate(source, start=1):
        out.write(_review_line(reviewer, line, number))
        out.write("\n")
        out.flush()
    return EXIT_OK


def _review_line(reviewer: Reviewer, line: str, number: int) -> str:
    """The JSON text for one input line: a review, or an error object."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        kind = "empty" if not line.strip() else "bad_json"
        return _error_json(f"not valid JSON: {error.msg}" if line.strip() else "empty line", kind, number)
    if not isinstance(item, dict) or not isinstance(item.get("draft", ""), str):
        return _error_json('expected an object {"draft": "...", "tenant_message": "..."}', "bad_input", number)
    tenant_message = item.get("tenant_message")
    if tenant_message is not None and not isinstance(tenant_message, str):
        return _error_json("tenant_message must be a string or null", "bad_input", number)
    hint = item.get("language") if item.get("language") in ("nl", "en") else None
    try:
        review = reviewer.review(item.get("draft") or "", tenant_message or None, language=hint)
    except EmptyDraft as error:
        return _error_json(str(error), "empty", number)
    except UnsupportedLanguage as error:
        return _error_json(str(error), "unsupported_language", number)
    except ReviewInputError as error:
        return _error_json(str(error), "bad_input", number)
    except Exception as error:  # noqa: BLE001 - one failing draft must not stop a batch of thousands
        return _error_json(f"internal error: {type(error).__name__}", "internal", number)
    return review.model_dump_json()


def _error_json(message: str, kind: str, number: int) -> str:
    return json.dumps({"error": message, "kind": kind, "line": number}, ensure_ascii=False)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _utf8(stream: TextIO) -> None:
    """Write UTF-8 to pipes and files whatever the locale, so JSON and euro signs survive."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and not _is_tty(stream):
        try:
            reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            pass
