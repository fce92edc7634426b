"""Compare a writer's labels with the independent labeller's; write the drafts they disagree on.

    python corpus/tools/adjudication_input.py WRITER_DIR LABELLER_DIR ADJUDICATOR_DIR

The adjudicator sees both label sets as "annotator 1" and "annotator 2", in an order drawn per
draft (a fixed seed), so that it cannot tell which came from the writer.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

GUIDELINES = ("hear", "acknowledge", "no_with_care", "person_not_policy", "respect", "next_step", "plain_language")


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def disputed(writer: dict, labeller: dict) -> list[str]:
    points = [g for g in GUIDELINES if writer["labels"][g] != labeller["labels"][g]]
    if writer["refusal"] != labeller["refusal"]:
        points.append("refusal")
    return points


def main(writer_dir: str, labeller_dir: str, out_dir: str) -> None:
    drafts = {d["draft_id"]: d for d in read(Path(writer_dir) / "drafts.jsonl")}
    inputs = {d["draft_id"]: d for d in read(Path(labeller_dir) / "input.jsonl")}
    labelled = {d["draft_id"]: d for d in read(Path(labeller_dir) / "output.jsonl")}
    rng = random.Random(f"{writer_dir}:{labeller_dir}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    with (out / "input.jsonl").open("w", encoding="utf-8") as handle:
        for draft_id, writer in drafts.items():
            labeller = labelled.get(draft_id)
            if labeller is None:
                continue
            points = disputed(writer, labeller)
            if not points:
                continue
            first = {"labels": writer["labels"], "refusal": writer["refusal"]}
            second = {"labels": labeller["labels"], "refusal": labeller["refusal"]}
            if rng.random() < 0.5:
                first, second = second, first
            item = inputs[draft_id]
            handle.write(json.dumps({
                "draft_id": draft_id, "lang": item["lang"], "tenant_message": item["tenant_message"],
                "draft": item["draft"], "sentences": item["sentences"], "disputed": points,
                "annotator_1": first, "annotator_2": second, "tags_proposed": labeller["tags"],
            }, ensure_ascii=False) + "\n")
            count += 1
    print(f"{count} of {len(drafts)} drafts disputed")


if __name__ == "__main__":
    main(*sys.argv[1:4])
