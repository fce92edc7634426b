"""In-process speed of the offline reviewer over a labelled set's drafts.

    python bench/bench_offline.py [FILE.jsonl] [--rounds N]

Reviews every draft (with its tenant message) ``rounds`` times after one warm-up round (which
also loads and compiles the lexicons) and prints the median, p95 and p99 milliseconds per draft,
and separately the time of the very first review (what a fresh process pays once).
Targets: median <= 3 ms, p99 <= 10 ms (the learned layer's feature cache is cleared every round).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.evaluate import percentile
from bot.review.learned.features import _sentence_features
from bot.review.offline import OfflineReviewer

sentence_features_cache_clear = _sentence_features.cache_clear

DEFAULT_SET = REPO.parent / "shared" / "eval" / "dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=str(DEFAULT_SET), help="a .jsonl set with a 'draft' per line")
    parser.add_argument("--rounds", type=int, default=20, help="timed rounds over all drafts (default 20)")
    args = parser.parse_args()

    items = [json.loads(line) for line in Path(args.file).read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = [(item["draft"], item.get("tenant_message") or None) for item in items]
    reviewer = OfflineReviewer()

    started = time.perf_counter()
    reviewer.review(*cases[0])
    first = time.perf_counter() - started
    for draft, message in cases:  # warm-up
        reviewer.review(draft, message)

    timings: list[float] = []
    for _ in range(args.rounds):
        # every round pays for its sentence features again: a round must not time the previous one's cache
        sentence_features_cache_clear()
        for draft, message in cases:
            started = time.perf_counter()
            reviewer.review(draft, message)
            timings.append(time.perf_counter() - started)

    ms = [t * 1000 for t in timings]
    chars = statistics.mean(len(d) for d, _ in cases)
    print(f"offline review of {len(cases)} drafts x {args.rounds} rounds (mean {chars:.0f} characters)")
    print(f"  first review in a fresh process  {first * 1000:8.2f} ms (lexicons loaded and compiled)")
    print(f"  median                           {statistics.median(ms):8.3f} ms   (target <= 3 ms)")
    print(f"  p95                              {percentile(ms, 0.95):8.3f} ms")
    print(f"  p99                              {percentile(ms, 0.99):8.3f} ms   (target <= 10 ms)")
    print(f"  max                              {max(ms):8.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
