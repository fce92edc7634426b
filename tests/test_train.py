"""python -m bot train end to end on a small slice of the corpus: weights that load, review, and repeat."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bot.review.learned.model import parse_model, using_model
from bot.review.offline import OfflineReviewer

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "drafts.jsonl"
pytest.importorskip("sklearn")


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(5)
    train = rng.sample([r for r in records if r["split"] == "train"], 80)
    validation = rng.sample([r for r in records if r["split"] == "validation"], 30)
    path = tmp_path_factory.mktemp("corpus") / "drafts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in train + validation), encoding="utf-8")
    return path


def train(corpus: Path, out: Path) -> bytes:
    from bot.__main__ import main

    assert main(["train", "--corpus", str(corpus), "--out", str(out)]) == 0
    return out.read_bytes()


def test_training_on_a_slice_gives_weights_that_review_a_draft(small_corpus, tmp_path):
    weights = train(small_corpus, tmp_path / "weights.bin")
    model = parse_model(weights)
    cold = ("Geachte heer/mevrouw,\n\nUw verzoek is afgewezen. Dat is ons beleid. U had dit zelf kunnen weten.\n\n"
            "Team Verhuur")
    with using_model(model):
        review = OfflineReviewer().review(cold)
    assert review.issues() and review.score < 80
    assert set(review.verdicts) >= {"hear", "respect", "no_with_care"}


def test_training_is_deterministic(small_corpus, tmp_path):
    assert train(small_corpus, tmp_path / "a.bin") == train(small_corpus, tmp_path / "b.bin")


def test_weights_trained_for_other_features_are_refused_by_name(tmp_path):
    from bot.review.learned.model import MAGIC

    with pytest.raises(ValueError, match="learned-weights"):
        parse_model(b"not a weights file")
    assert MAGIC == b"AANDL1"


def test_the_shipped_weights_load_and_were_trained_for_these_features():
    from bot.review.learned.model import load_model

    assert load_model() is not None
