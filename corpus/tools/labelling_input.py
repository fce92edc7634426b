"""Write a labeller's input from a writer's folder: the drafts without the writer's labels.

    python corpus/tools/labelling_input.py WRITER_DIR LABELLER_DIR

Each line: draft_id, lang, tenant_message, draft, and the draft's sentences as the engine splits
them (bot.review.text.prepare: chat markup and quoted tenant lines left out), so that sentence tags
line up with what the reviewer sees.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.review.text import prepare  # noqa: E402


def main(writer_dir: str, labeller_dir: str) -> None:
    writer, out = Path(writer_dir), Path(labeller_dir)
    out.mkdir(parents=True, exist_ok=True)
    messages = {}
    for line in (writer / "messages.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            message = json.loads(line)
            messages[message["message_id"]] = message["text"]
    with (out / "input.jsonl").open("w", encoding="utf-8") as handle:
        for line in (writer / "drafts.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            draft = json.loads(line)
            sentences = [s.text for s in prepare(draft["draft"]).sentences]
            handle.write(json.dumps({"draft_id": draft["draft_id"], "lang": draft["lang"],
                                     "tenant_message": messages[draft["message_id"]], "draft": draft["draft"],
                                     "sentences": sentences}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
