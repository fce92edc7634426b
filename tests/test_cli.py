"""``python -m bot check`` as a user runs it: a real process, real files and pipes, no mocks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.review.model import GUIDELINE_IDS, Review
from bot.review.rubric import guidelines

REPO = Path(__file__).resolve().parents[1]

COLD_ENGLISH = (
    "Dear tenant,\n\n"
    "We acknowledge receipt of your complaint regarding noise. As previously stated, we do not mediate in "
    "disputes between neighbours. Please refer to the tenant portal for the relevant procedure. Your "
    "complaint has been registered under reference NS-2026-0417.\n\n"
    "Regards,\nCustomer Service Team"
)
WARM_DUTCH = (
    "Beste mevrouw Smit,\n\n"
    "U schrijft dat de voordeur van uw portiek al twee weken niet goed sluit en dat u zich daar 's avonds "
    "onrustig door voelt. Dat begrijp ik goed. Ik heb de slotenmaker gevraagd om donderdag 12 maart tussen "
    "8.00 en 12.00 uur langs te komen. Lukt dat niet, bel mij dan op 010-2345678.\n\n"
    "Hartelijke groet,\nEsther Jansen"
)
GERMAN = (
    "Sehr geehrte Frau Müller,\n\nvielen Dank für Ihre Nachricht. Wir haben Ihre Beschwerde über die Heizung "
    "erhalten und werden uns so schnell wie möglich bei Ihnen melden.\n\nMit freundlichen Grüßen\nIhre Hausverwaltung"
)
FRENCH = (
    "Madame,\n\nNous avons bien reçu votre message concernant le chauffage. Nous ne pouvons pas intervenir "
    "avant la fin du mois, mais nous vous contacterons dès que possible.\n\nCordialement,\nLe service clientèle"
)
FORBIDDEN_MODULES = ("slack_bolt", "slack_sdk", "openai", "microsoft_agents", "sqlalchemy", "aiohttp", "alembic")


def clean_env() -> dict[str, str]:
    """The environment without a model key, so ``auto`` means offline whatever the developer has set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AANDACHT_"))}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_bot(*args: str, stdin: str | None = None, cwd: Path, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot ...`` in ``cwd`` (a temporary folder: no stray .env is read)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], check=False, input=stdin if stdin is not None else "", capture_output=True,
        text=True, encoding="utf-8", cwd=cwd, env=clean_env() | (env or {}), timeout=60,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def test_dutch_draft_gets_a_dutch_review_with_quotes_and_a_warmer_version(tmp_path: Path) -> None:
    draft = (REPO / "examples" / "koud.txt").read_text(encoding="utf-8")
    result = run_bot("check", str(REPO / "examples" / "koud.txt"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "/100" in out
    for guideline in guidelines().values():
        assert guideline.label("nl") in out
    assert "✗" in out, "the example cold draft should show at least one issue"
    assert "Waarom:" in out and "Probeer:" in out
    assert "Warmere versie" in out
    assert "Hear" not in out and "Why:" not in out
    quotes = [line.strip()[1:-1] for line in out.splitlines() if line.strip().startswith("“")]
    assert quotes, "an issue should quote the draft"
    normalised_draft = " ".join(draft.split())
    assert any(quote in normalised_draft for quote in quotes)
    # The rewrite keeps the reference number and the address of the example.
    rewrite = out.split("Warmere versie", 1)[1]
    assert "VO-2026-0113" in rewrite and "Wilhelminastraat 41" in rewrite


def test_english_draft_from_stdin_gets_an_english_review(tmp_path: Path) -> None:
    result = run_bot("check", "-", stdin=COLD_ENGLISH, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for guideline in guidelines().values():
        assert guideline.label("en") in result.stdout
    assert "Why:" in result.stdout and "Warmer version" in result.stdout
    assert "Waarom" not in result.stdout
    assert "NS-2026-0417" in result.stdout.split("Warmer version", 1)[1]


def test_json_output_is_exactly_the_review_model(tmp_path: Path) -> None:
    result = run_bot("check", "--json", "-", stdin=COLD_ENGLISH, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == set(Review.model_fields)
    review = Review.model_validate(data)
    assert review.language == "en"
    assert set(review.verdicts) == set(GUIDELINE_IDS)
    assert review.issues(), "a cold English draft has issues"
    for finding in review.findings:
        if finding.quote is not None:
            assert COLD_ENGLISH[finding.start : finding.end] == finding.quote
    assert result.stdout.count("\n") == 1, "one JSON object on one line"


def test_jsonl_gives_one_result_per_line_in_order_and_carries_on_after_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"draft": WARM_DUTCH, "tenant_message": "De voordeur van ons portiek sluit niet."}),
        "{not json",
        json.dumps({"draft": COLD_ENGLISH}),
        json.dumps({"draft": "   "}),
        json.dumps({"draft": GERMAN, "tenant_message": None}),
        json.dumps({"draft": (REPO / "examples" / "koud.txt").read_text(encoding="utf-8")}),
    ]
    result = run_bot("check", "--json", "--jsonl", stdin="\n".join(lines) + "\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == len(lines)
    assert Review.model_validate(outputs[0]).language == "nl"
    assert outputs[1]["line"] == 2 and outputs[1]["error"]
    assert Review.model_validate(outputs[2]).language == "en"
    assert outputs[3]["line"] == 4 and outputs[3]["kind"] == "empty"
    assert outputs[4]["line"] == 5 and outputs[4]["kind"] == "unsupported_language"
    assert Review.model_validate(outputs[5]).language == "nl"
    assert outputs[0]["score"] > outputs[5]["score"], "the warm Dutch draft scores above the cold example"


def test_jsonl_without_json_is_a_clear_error(tmp_path: Path) -> None:
    result = run_bot("check", "--jsonl", stdin="", cwd=tmp_path)
    assert result.returncode == 2
    assert "--json" in result.stderr and "alleen" in result.stderr and "only" in result.stderr
    assert_no_traceback(result)


@pytest.mark.parametrize("stdin", ["", "   \n\n\t  \n"])
def test_empty_draft_exits_2_with_a_kind_message_in_both_languages(tmp_path: Path, stdin: str) -> None:
    result = run_bot("check", stdin=stdin, cwd=tmp_path)
    assert result.returncode == 2
    assert "Er staat nog geen tekst in" in result.stderr
    assert "There is no text yet" in result.stderr
    assert result.stdout == ""
    assert_no_traceback(result)


@pytest.mark.parametrize("draft", [GERMAN, FRENCH])
def test_a_draft_in_another_language_exits_3_with_a_kind_message(tmp_path: Path, draft: str) -> None:
    result = run_bot("check", "-", stdin=draft, cwd=tmp_path)
    assert result.returncode == 3
    assert "Nederlands" in result.stderr and "English" in result.stderr
    assert result.stdout == ""
    assert_no_traceback(result)


def test_unreadable_files_exit_2_without_a_traceback(tmp_path: Path) -> None:
    result = run_bot("check", str(tmp_path / "missing.txt"), cwd=tmp_path)
    assert result.returncode == 2
    assert "missing.txt" in result.stderr and "bestaat niet" in result.stderr
    assert_no_traceback(result)
    draft = tmp_path / "draft.txt"
    draft.write_text(WARM_DUTCH, encoding="utf-8")
    result = run_bot("check", str(draft), "--message-file", str(tmp_path / "nope.txt"), cwd=tmp_path)
    assert result.returncode == 2
    assert "nope.txt" in result.stderr
    assert_no_traceback(result)


def test_a_windows_1252_file_is_read(tmp_path: Path) -> None:
    draft = tmp_path / "notepad.txt"
    draft.write_bytes(WARM_DUTCH.replace("twee weken", "twee weken (€ 15,00 borg)").encode("cp1252"))
    result = run_bot("check", "--json", str(draft), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "€ 15,00" in json.loads(result.stdout)["rewrite"]


def test_tenant_message_is_accepted_from_text_and_from_a_file(tmp_path: Path) -> None:
    message = "De voordeur van ons portiek sluit al twee weken niet. Ik voel me 's avonds niet veilig."
    by_text = run_bot("check", "--json", "--message", message, "-", stdin=WARM_DUTCH, cwd=tmp_path)
    message_file = tmp_path / "message.txt"
    message_file.write_text(message, encoding="utf-8")
    by_file = run_bot("check", "--json", "--message-file", str(message_file), "-", stdin=WARM_DUTCH, cwd=tmp_path)
    assert by_text.returncode == 0 and by_file.returncode == 0, by_text.stderr + by_file.stderr
    assert json.loads(by_text.stdout) == json.loads(by_file.stdout)
    assert Review.model_validate_json(by_text.stdout).verdicts["hear"] == "ok"


def test_llm_engine_without_a_key_says_so(tmp_path: Path) -> None:
    result = run_bot("check", "--engine", "llm", "-", stdin=WARM_DUTCH, cwd=tmp_path)
    assert result.returncode == 2
    assert "OPENAI_API_KEY" in result.stderr and "--engine offline" in result.stderr
    assert_no_traceback(result)


def test_a_wrong_setting_is_named_without_its_value(tmp_path: Path) -> None:
    result = run_bot("check", "-", stdin=WARM_DUTCH, cwd=tmp_path, env={"AANDACHT_MAX_DRAFT_CHARS": "sk-geheim"})
    assert result.returncode == 2
    assert "AANDACHT_MAX_DRAFT_CHARS" in result.stderr and "instellingen" in result.stderr
    assert "sk-geheim" not in result.stderr
    assert_no_traceback(result)


def test_help_explains_the_commands_and_options(tmp_path: Path) -> None:
    top = run_bot("--help", cwd=tmp_path)
    assert top.returncode == 0
    for word in ("check", "eval", "serve"):
        assert word in top.stdout
    check = run_bot("check", "--help", cwd=tmp_path)
    assert check.returncode == 0
    for word in ("--json", "--jsonl", "--message", "--message-file", "--engine", "offline", "Exit status"):
        assert word in check.stdout


def test_check_imports_no_chat_model_or_database_modules(tmp_path: Path) -> None:
    code = (
        "import sys, json\n"
        "from bot.__main__ import main\n"
        f"status = main(['check', {str(REPO / 'examples' / 'koud.txt')!r}])\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({FORBIDDEN_MODULES!r}))\n"
        "print(json.dumps({'status': status, 'loaded': loaded}), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, encoding="utf-8",
                            cwd=tmp_path, env=clean_env(), timeout=60)
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report == {"status": 0, "loaded": []}


def test_a_long_pasted_thread_shows_the_note_on_top_and_a_repeated_quote_once_with_a_count(tmp_path: Path) -> None:
    paragraph = (
        "Dear Mr Brown,\n\nAs per our policy, the balcony railing will not be painted this year. Hereby we "
        "inform you of this decision.\n\nRegards,\nEstate Team\n\n"
    )
    result = run_bot("check", "-", stdin=paragraph * 80, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    note = out.index("Note: This draft is long")
    assert note < out.index("Hear") < out.index("Warmer version")
    report = out.split("Warmer version", 1)[0]
    assert report.count("“Hereby”") == 1
    assert "“Hereby” (" in report and "×)" in report


def test_a_polish_draft_gets_the_bilingual_message_once(tmp_path: Path) -> None:
    result = run_bot("check", "-", stdin="Dzień dobry, Pana wniosek o remont kuchni został odrzucony.", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr.count("Dutch or English") == 1 and result.stderr.count("Nederlands of Engels") == 1


def test_one_broken_byte_keeps_the_rest_of_the_utf8_file_with_a_note(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes("Beste meneer De Vries, één keer per week bel ik u \xff over de lekkage.".encode()
                      .replace(b"\xc3\xbf", b"\xff"))
    result = run_bot("check", str(draft), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "één keer" in json.loads(result.stdout)["rewrite"].lower()
    assert "1 onleesbare" in result.stderr and "1 unreadable" in result.stderr


def test_random_bytes_are_refused_as_not_text_with_exit_2(tmp_path: Path) -> None:
    import random

    blob = tmp_path / "blob.bin"
    rng = random.Random(3)
    blob.write_bytes(bytes(rng.randrange(256) for _ in range(2048)))
    result = run_bot("check", str(blob), cwd=tmp_path)
    assert result.returncode == 2
    assert "geen tekst" in result.stderr and "not look like text" in result.stderr
    assert_no_traceback(result)


def test_a_utf16_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes("Beste mevrouw Bakker, ik bel u donderdag over de schimmel.".encode("utf-16"))
    result = run_bot("check", str(draft), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["language"] == "nl"


def test_a_huge_tenant_message_is_cut_like_the_draft(tmp_path: Path) -> None:
    import time

    message = tmp_path / "tenant.txt"
    message.write_text("Mijn kraan lekt al drie weken en niemand komt. " * 110_000, encoding="utf-8")  # ~5 MB
    draft = tmp_path / "draft.txt"
    draft.write_text("Beste meneer, ik bel u morgen over de kraan.", encoding="utf-8")
    started = time.monotonic()
    result = run_bot("check", str(draft), "--message-file", str(message), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 5
