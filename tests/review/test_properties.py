"""Properties that must hold for every draft, not only for the examples we thought of.

1. No input of any Unicode crashes the offline reviewer: it returns a valid ``Review`` (every
   guideline judged, quotes that are the draft's own words) or raises EmptyDraft /
   UnsupportedLanguage, nothing else.
2. Every number, date, amount, time, reference and phone number of a draft survives the warmer
   rewrite, and the rewrite adds none (that would be a new promise): drafts are built from cold
   and warm sentence templates in Dutch and English, filled with random facts.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.review.facts import missing_facts, normalise_whitespace
from bot.review.model import GUIDELINE_IDS, EmptyDraft, Review, UnsupportedLanguage
from bot.review.offline import OfflineReviewer

REVIEWER = OfflineReviewer(max_chars=6000)
BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_valid(review: Review, draft: str) -> None:
    assert set(review.verdicts) == set(GUIDELINE_IDS)
    assert 0 <= review.score <= 100
    assert review.language in ("nl", "en")
    for finding in review.findings:
        assert finding.guideline in GUIDELINE_IDS
        if finding.quote is not None:
            assert finding.start is not None and finding.end is not None
            assert draft[finding.start : finding.end] == finding.quote
    if not review.issues():
        assert review.score >= 80
    if len(review.issues()) >= 4:
        assert review.score < 50


def review_or_input_error(draft: str, tenant_message: str | None = None, language: str | None = None) -> None:
    try:
        review = REVIEWER.review(draft, tenant_message, language=language)
    except (EmptyDraft, UnsupportedLanguage):
        return
    assert_valid(review, draft)


# --- 1. any Unicode ------------------------------------------------------------------------------

CHAT_BITS = st.sampled_from([
    "<@U123ABC>", "<https://example.org/x|het portaal>", "*let op*", "_nu_", "~oud~", ":smile:", "> quoted\n",
    "```code block```", "`inline`", "\n\n", "!!!", "HELAAS", "€", "😀", "\u200b", "\r\n", "\t", "mevrouw",
    "Uw verzoek is afgewezen.", "Dat is ons beleid.", "We cannot do this.", "Geachte heer,", "Met vriendelijke groet,",
])
ANY_TEXT = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.lists(st.one_of(CHAT_BITS, st.text(max_size=20)), max_size=25).map("".join),
)


@BOUNDED
@given(draft=ANY_TEXT, tenant_message=st.one_of(st.none(), st.text(max_size=200)),
       language=st.sampled_from([None, "nl", "en", "de"]))
def test_no_input_crashes_the_reviewer(draft: str, tenant_message: str | None, language: str | None) -> None:
    review_or_input_error(draft, tenant_message, language)


@settings(max_examples=25, deadline=None)
@given(word=st.sampled_from(["Dag ", "Hello ", "! ", "€ 1 ", "a", "Uw verzoek is afgewezen. "]),
       times=st.integers(min_value=500, max_value=3000))
def test_long_repetitive_drafts_are_reviewed(word: str, times: int) -> None:
    review_or_input_error(word * times)


# --- 2. facts survive the rewrite --------------------------------------------------------------------

DIGITS = "0123456789"
amounts = st.builds(
    lambda euros, cents, style: {
        0: f"€ {euros:,}".replace(",", ".") + f",{cents:02d}",
        1: f"€{euros}",
        2: f"{euros} euro",
        3: f"EUR {euros},{cents:02d}",
    }[style],
    st.integers(min_value=1, max_value=25000), st.integers(min_value=0, max_value=99), st.integers(0, 3),
)
amounts_en = st.builds(
    lambda euros, cents, style: {0: f"€{euros:,}.{cents:02d}", 1: f"€{euros}", 2: f"£{euros}", 3: f"{euros} euros"}[
        style
    ],
    st.integers(min_value=1, max_value=25000), st.integers(min_value=0, max_value=99), st.integers(0, 3),
)
MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
dates_nl = st.one_of(
    st.builds(lambda d, m: f"{d} {MONTHS_NL[m]}", st.integers(1, 28), st.integers(0, 11)),
    st.builds(lambda d, m, y: f"{d:02d}-{m:02d}-{y}", st.integers(1, 28), st.integers(1, 12), st.integers(2020, 2030)),
)
dates_en = st.one_of(
    st.builds(lambda d, m: f"{d} {MONTHS_EN[m]}", st.integers(1, 28), st.integers(0, 11)),
    st.builds(lambda d, m, y: f"{MONTHS_EN[m]} {d}, {y}", st.integers(1, 28), st.integers(0, 11),
              st.integers(2020, 2030)),
)
times = st.builds(lambda h, m: f"{h}.{m:02d}", st.integers(7, 20), st.sampled_from([0, 15, 30, 45]))
times_en = st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(7, 20), st.sampled_from([0, 15, 30, 45]))
references = st.builds(
    lambda prefix, year, number: f"{prefix}-{year}-{number:04d}",
    st.text(alphabet="ABCDEFGHKLMNPRSTVWZ", min_size=2, max_size=3), st.integers(2024, 2027), st.integers(1, 9999),
)
phones = st.one_of(
    st.builds(lambda n: f"06-{n}", st.text(alphabet=DIGITS, min_size=8, max_size=8)),
    st.builds(lambda a, n: f"0{a}-{n}", st.sampled_from(["20", "10", "30", "50", "70"]),
              st.text(alphabet=DIGITS, min_size=7, max_size=7)),
)
counts = st.integers(min_value=2, max_value=40)

NL_TEMPLATES = [
    "Uw verzoek is afgewezen. U dient het bedrag van {amount} voor {date} te voldoen.",
    "Zoals reeds eerder aangegeven, is dit conform ons beleid; uw melding {ref} wordt in behandeling genomen.",
    "Wij verwijzen u naar het huurdersportaal. De monteur komt op {date} om {time} uur.",
    "U had dit eerder moeten melden!!! Het gaat slechts om {amount}.",
    "Dit is niet mogelijk. Inzake uw dossier {ref} delen wij u mede dat de wachttijd {count} weken bedraagt.",
    "Wat vervelend dat u al {count} dagen zonder warm water zit. Ik bel u op {date} voor {time} uur.",
    "U kunt mij bereiken op {phone}. Uw melding heeft nummer {ref}.",
    "De huur stijgt per {date} met {count}% naar {amount}.",
]
EN_TEMPLATES = [
    "Your request has been rejected. You must pay {amount} by {date}.",
    "As previously stated, this is our policy; your case {ref} will be looked into.",
    "Please refer to the tenant portal. The engineer will visit on {date} at {time}.",
    "You should have reported this earlier!!! It is only {amount}.",
    "We cannot do this. Pursuant to file {ref}, the waiting time is {count} weeks.",
    "I am sorry you have been without hot water for {count} days. I will call you on {date} before {time}.",
    "You can reach me on {phone}. Your report has number {ref}.",
    "From {date} the rent goes up by {count}% to {amount}.",
]


@st.composite
def drafts_with_facts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A draft of 2-6 template sentences, and the fact values put into it."""
    dutch = draw(st.booleans())
    templates = NL_TEMPLATES if dutch else EN_TEMPLATES
    chosen = draw(st.lists(st.sampled_from(templates), min_size=2, max_size=6))
    facts: list[str] = []
    sentences = []
    for template in chosen:
        values = {
            "amount": draw(amounts if dutch else amounts_en),
            "date": draw(dates_nl if dutch else dates_en),
            "time": draw(times if dutch else times_en),
            "ref": draw(references),
            "phone": draw(phones),
            "count": str(draw(counts)),
        }
        sentences.append(template.format(**values))
        facts += [value for key, value in values.items() if "{" + key + "}" in template]
    greeting = "Geachte heer Visser," if dutch else "Dear Mr Hughes,"
    closing = "Met vriendelijke groet,\nTeam Klantcontact" if dutch else "Regards,\nCustomer Service Team"
    return f"{greeting}\n\n{' '.join(sentences)}\n\n{closing}", facts


@BOUNDED
@given(case=drafts_with_facts())
def test_every_number_date_and_amount_survives_the_rewrite(case: tuple[str, list[str]]) -> None:
    draft, facts = case
    review = REVIEWER.review(draft)
    assert_valid(review, draft)
    rewrite = normalise_whitespace(review.rewrite)
    lost = [fact for fact in facts if fact not in rewrite]
    assert not lost, f"lost {lost} in:\n{review.rewrite}"
    assert missing_facts(draft, review.rewrite) == []
    assert missing_facts(review.rewrite, draft) == [], "the rewrite adds a date, time, amount or number"
