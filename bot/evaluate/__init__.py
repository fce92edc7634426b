"""``python -m bot eval FILE``: measure a reviewer against labelled drafts.

Two kinds of input, told apart by the file's suffix:

- ``.jsonl``: labelled drafts in the format of ``shared/eval/dev.jsonl`` (id, scenario, lang,
  variant, tenant_message, draft, refusal, facts, labels). Reported: precision, recall and F1 of
  the ``issue`` verdict per guideline and their macro average; whether warm versions of a
  scenario score above cold ones (and mixed in between); the share of warm drafts at 80 or more
  and cold ones below 50; language accuracy; for the rewrites, the share that keep every fact and
  the refusal and that score higher with fewer issues when reviewed again; time per review.
- ``.csv``: the Stanford Politeness Corpus (``text`` and ``binary_quartile``: 1 top, -1 bottom
  quartile): how well the score separates polite from impolite requests (ROC AUC, and accuracy at
  the median score), without any training on it.

Everything is computed in plain Python, so the command needs nothing beyond the engine.
Nothing here is tuned to a particular file: other labelled sets in the same format work as well.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from bot.evaluate.labelled import _review, dropped_sentences, evaluate_labelled
from bot.evaluate.politeness import evaluate_politeness
from bot.evaluate.report import format_labelled, format_politeness
from bot.evaluate.stats import Counts, accuracy_at_median, percentile, roc_auc
from bot.review.refusal import is_refusal

__all__ = ["Counts", "accuracy_at_median", "dropped_sentences", "evaluate_labelled", "percentile", "roc_auc",
           "run_eval"]


# --- the command -------------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The labelled items of a JSON-lines file; blank lines are skipped, a bad line is an error."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(item, dict) or "draft" not in item:
            raise ValueError(f"{path}:{number}: expected an object with a \"draft\" field")
        items.append(item)
    return items


def run_eval(args: Any) -> int:
    """Entry point of ``python -m bot eval``; returns the exit status."""
    weights = getattr(args, "weights", None)
    if weights:
        from bot.review.learned.model import parse_model, using_model

        try:
            model = parse_model(Path(weights).read_bytes())
        except (OSError, ValueError) as error:
            print(f"Cannot use the weights {weights}: {error}", file=sys.stderr)
            return 2
        with using_model(model):
            return _run_eval(args)
    return _run_eval(args)


def _run_eval(args: Any) -> int:
    path = Path(args.file)
    engine = getattr(args, "engine", "offline") or "offline"
    try:
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                rows: list[dict[str, str]] = list(csv.DictReader(handle))
            if rows and "text" not in rows[0]:
                raise ValueError(f"{path}: expected a \"text\" column (and binary_quartile)")
        else:
            items = read_jsonl(path)
    except (OSError, UnicodeDecodeError) as error:
        print(f"Cannot read {path}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2

    from bot.cli import UserError, build_reviewer

    try:
        reviewer = build_reviewer(engine)
    except UserError as error:
        print(str(error), file=sys.stderr)
        return error.status
    engine_name = getattr(reviewer, "name", engine)
    if engine_name == "offline":
        # One untimed review first: loading and compiling the lexicons is start-up, not time per review.
        _review(reviewer, "Beste meneer, ik bel u morgen over de lekkage in uw badkamer.", None)
        _review(reviewer, "Dear Sir, I will call you tomorrow about the leak in your bathroom.", None)
    if path.suffix.lower() == ".csv":
        politeness = evaluate_politeness(rows, reviewer)
        if args.json:
            print(json.dumps({"file": str(path), "engine": engine_name, **politeness.as_dict()}, ensure_ascii=False,
                             indent=2))
        else:
            print(format_politeness(politeness, str(path), engine_name))
        return 0

    split = getattr(args, "split", None)
    train_f1 = None
    if split:
        chosen = [item for item in items if item.get("split") == split]
        if not chosen:
            print(f"{path}: no drafts of split {split!r}", file=sys.stderr)
            return 2
        if split != "train" and any(item.get("split") == "train" for item in items):
            train_items = [item for item in items if item.get("split") == "train"]
            train_f1 = evaluate_labelled(train_items, reviewer, None, check_rewrites=False).macro_f1
        items = chosen
    report = evaluate_labelled(items, reviewer, is_refusal)
    gap_line = (f"train split macro-F1 {train_f1:.3f}; {split} {report.macro_f1:.3f}; gap "
                f"{train_f1 - report.macro_f1:+.3f}") if train_f1 is not None else None
    if args.json:
        figures = report.as_dict()
        if train_f1 is not None:
            figures["train_macro_f1"] = round(train_f1, 4)
            figures["train_test_gap"] = round(train_f1 - report.macro_f1, 4)
        if not getattr(args, "errors", False):
            figures.pop("wrong_verdicts")
        print(json.dumps({"file": str(path), "engine": engine_name, **figures}, ensure_ascii=False, indent=2))
    else:
        print(format_labelled(report, str(path), engine_name, getattr(args, "errors", False)))
        if gap_line:
            print(gap_line)
    return 0
