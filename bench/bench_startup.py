"""Start-up of the command line: what a person waits for when running ``python -m bot check``.

    python bench/bench_startup.py [--runs N]

1. Wall time from process start to exit of ``python -m bot check`` on a short Dutch draft
   (median of N runs, default 10; one untimed run first so the bytecode cache is warm).
2. Import time of the check path (``bot.cli``, the settings and the offline reviewer),
   from ``python -X importtime``, with the ten most expensive modules.
Target (issue 2): start to exit <= 0.4 s.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHORT_DRAFT = (
    "Beste meneer De Boer,\n\nUw verzoek om een extra sleutel is afgewezen. Dat is ons beleid.\n\n"
    "Met vriendelijke groet,\nTeam Verhuur\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AANDACHT_"))}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "draft.txt"
        draft.write_text(SHORT_DRAFT, encoding="utf-8")
        command = [sys.executable, "-m", "bot", "check", str(draft)]
        subprocess.run(command, check=True, capture_output=True, cwd=folder, env=env)  # warm the bytecode cache
        walls = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=folder, env=env)
            walls.append(time.perf_counter() - started)
        bare = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True, capture_output=True, cwd=folder, env=env)
            bare.append(time.perf_counter() - started)

        code = (
            "from bot.cli import build_reviewer\n"
            "build_reviewer('offline').review('Beste meneer, ik bel u morgen om 10.00 uur.')\n"
        )
        traced = subprocess.run([sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True,
                                text=True, cwd=folder, env=env)
    rows = []
    for line in traced.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match.group(2)), len(match.group(3)), match.group(4)))
    top_level = sum(cumulative for cumulative, depth, _ in rows if depth == 1)
    bot_rows = {name: cumulative for cumulative, _, name in rows if name.startswith("bot")}

    print(f"python -m bot check on a short draft, {args.runs} runs")
    print(f"  start to exit, median            {statistics.median(walls):6.3f} s   (target <= 0.4 s)")
    print(f"  start to exit, max               {max(walls):6.3f} s")
    print(f"  bare 'python -c pass', median    {statistics.median(bare):6.3f} s   (the interpreter alone)")
    print(f"  imports of the check path        {top_level / 1e6:6.3f} s   (python -X importtime, cumulative)")
    for name in ("bot.cli", "bot.review.model", "bot.settings", "bot.review.offline"):
        if name in bot_rows:
            print(f"    {name:<30} {bot_rows[name] / 1e6:6.3f} s")
    print("  most expensive modules (cumulative):")
    for cumulative, _, name in sorted((r for r in rows if r[1] == 1), reverse=True)[:10]:
        print(f"    {name:<30} {cumulative / 1e6:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
