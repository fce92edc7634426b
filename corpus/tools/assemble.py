"""Build corpus/drafts.jsonl and corpus/messages.jsonl from the writers', labellers' and adjudicators' files.

    python corpus/tools/assemble.py WORK_DIR

WORK_DIR holds writer folders ``H<n>`` (messages.jsonl, drafts.jsonl with the writer's labels),
``label/L<n>`` (the independent labeller's output.jsonl for writer folder n) and ``adjudicate/A<n>``
(the adjudicator's output.jsonl for the drafts the two disagreed on). The corpus is built in rounds:
what the corpus already holds from folders that are not in WORK_DIR is kept, the folders in WORK_DIR
are (re)built. Prints Cohen's kappa per guideline over every doubly labelled draft (all rounds, from
``annotations.jsonl``) and writes ``corpus/stats.json``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.review.text import prepare

GUIDELINES = ("hear", "acknowledge", "no_with_care", "person_not_policy", "respect", "next_step", "plain_language")
CORPUS = Path(__file__).resolve().parents[1]
SPLITS = {
    "train": {"P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "E01", "E02", "E03", "E05", "E06",
              "P16", "P17", "P18", "P19", "P20", "P21", "E10", "E11",  # round 2 (H9-H11, H13)
              "P24", "P25", "P26", "P27", "P28", "P29", "E14", "E15"},  # round 3 (H15-H17, H19)
    "validation": {"P10", "P11", "P12", "E04", "P22", "P23", "E12", "E13",  # round 2: all of H12 and H14
                   "P30", "P31", "E16", "E17"},  # round 3: all of H18 and H20
    "test": {"P13", "P14", "P15", "E07", "E08", "E09"},
}
SPLIT_OF = {writer: split for split, writers in SPLITS.items() for writer in writers}


def read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two annotators' categories."""
    n = len(pairs)
    if not n:
        return float("nan")
    observed = sum(1 for a, b in pairs if a == b) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in set(first) | set(second)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main(work_dir: str) -> None:
    work = Path(work_dir)
    rebuilt = {folder.name for folder in work.glob("H*")}

    def kept(item_id: str) -> bool:
        return item_id.split("-", 1)[0] not in rebuilt

    drafts_out = [d for d in read(CORPUS / "drafts.jsonl") if kept(d["id"])]
    messages_out = [m for m in read(CORPUS / "messages.jsonl") if kept(m["message_id"])]
    annotations_out = [a for a in read(CORPUS / "annotations.jsonl") if kept(a["id"])]
    pairs: dict[str, list[tuple[str, str]]] = {g: [] for g in (*GUIDELINES, "refusal")}
    for earlier in annotations_out:
        for g in GUIDELINES:
            pairs[g].append((earlier["writer"]["labels"][g], earlier["labeller"]["labels"][g]))
        pairs["refusal"].append((str(earlier["writer"]["refusal"]), str(earlier["labeller"]["refusal"])))
    previous = json.loads((CORPUS / "stats.json").read_text(encoding="utf-8")) if (CORPUS / "stats.json").is_file() else {}
    counts = Counter(d["annotation"] for d in drafts_out)
    earlier = previous.get("annotation", {})  # the first round's drops, carried once under their own key
    earlier_drops = earlier.get("dropped by the adjudicator (earlier rounds)", earlier.get("dropped by the adjudicator", 0))
    if earlier_drops:
        counts["dropped by the adjudicator (earlier rounds)"] = earlier_drops
    for folder in sorted(work.glob("H*"), key=lambda f: int(f.name[1:])):
        number = folder.name[1:]
        messages = {m["message_id"]: m for m in read(folder / "messages.jsonl")}
        labelled = {d["draft_id"]: d for d in read(work / "label" / f"L{number}" / "output.jsonl")}
        settled = {d["draft_id"]: d for d in read(work / "adjudicate" / f"A{number}" / "output.jsonl")}
        used_messages = set()
        for draft in read(folder / "drafts.jsonl"):
            second = labelled.get(draft["draft_id"])
            if second is None:
                counts["not labelled twice"] += 1
                continue
            for g in GUIDELINES:
                pairs[g].append((draft["labels"][g], second["labels"][g]))
            pairs["refusal"].append((str(draft["refusal"]), str(second["refusal"])))
            annotations_out.append({
                "id": draft["draft_id"], "writer": {"labels": draft["labels"], "refusal": draft["refusal"],
                                                    "note": draft.get("note")},
                "labeller": {"labels": second["labels"], "refusal": second["refusal"]},
                "adjudicator": ({k: settled[draft["draft_id"]][k] for k in ("labels", "refusal", "drop")
                                 if k in settled[draft["draft_id"]]} if draft["draft_id"] in settled else None),
            })
            agreed = all(draft["labels"][g] == second["labels"][g] for g in GUIDELINES) and \
                draft["refusal"] == second["refusal"]
            if agreed:
                final, how = second, "agreed"
            elif draft["draft_id"] in settled:
                final, how = settled[draft["draft_id"]], "adjudicated"
                if final.get("drop"):
                    counts["dropped by the adjudicator"] += 1
                    continue
            else:
                counts["disputed, not yet adjudicated"] += 1
                continue
            counts[how] += 1
            sentences = [s.text for s in prepare(draft["draft"]).sentences]
            tags = final.get("tags", {})
            form = draft["form"]
            drafts_out.append({
                "id": draft["draft_id"], "writer": draft["writer"], "split": SPLIT_OF[draft["writer"]],
                "lang": draft["lang"], "topic": messages[draft["message_id"]]["topic"],
                "message_id": draft["message_id"], "tenant_message": messages[draft["message_id"]]["text"],
                "draft": draft["draft"], "form": form, "scenario": draft.get("triad"),
                "variant": form.split("-", 1)[1] if form.startswith("triad-") else None,
                "refusal": final["refusal"], "facts": draft["facts"], "labels": final["labels"],
                "sentences": [{"text": text, "tags": tags.get(str(i), [])} for i, text in enumerate(sentences)],
                "annotation": how,
            })
            used_messages.add(draft["message_id"])
        messages_out += [messages[m] for m in sorted(used_messages)]
    (CORPUS / "drafts.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts_out),
                                         encoding="utf-8")
    (CORPUS / "annotations.jsonl").write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in annotations_out), encoding="utf-8")
    (CORPUS / "messages.jsonl").write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in messages_out),
                                           encoding="utf-8")
    by_split = Counter(d["split"] for d in drafts_out)
    by_lang = Counter(d["lang"] for d in drafts_out)
    stats = {
        "drafts": len(drafts_out), "by_split": dict(by_split), "by_lang": dict(by_lang),
        "writers": len({d["writer"] for d in drafts_out}), "messages": len(messages_out),
        "topics": len({m["topic"] for m in messages_out}),
        "single": sum(1 for d in drafts_out if d["form"] == "single"),
        "refusals": sum(1 for d in drafts_out if d["refusal"]),
        "issue_share": {g: round(sum(d["labels"][g] == "issue" for d in drafts_out) / max(1, len(drafts_out)), 3)
                        for g in GUIDELINES},
        "kappa": {g: round(kappa(p), 3) for g, p in pairs.items()},
        "doubly_labelled": len(pairs["hear"]), "annotation": dict(counts),
    }
    (CORPUS / "stats.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(stats, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
