"""Command line: ``python -m bot check | eval | train | serve | teams-package``.

Only the standard library and the sub-command's own module are imported at start-up, so that
``check`` stays fast: Slack, Teams and openai modules are loaded only by the commands that use them.
"""

from __future__ import annotations

import argparse
import sys

DESCRIPTION = """\
Aandacht reviews a reply to a tenant against the tone rubric (hear, acknowledge, explain a no
with care, person not process, take seriously, next step, plain language) and suggests a warmer
version that keeps every fact and the decision. Dutch and English.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser(
        "check",
        help="review a draft reply from a file or standard input",
        description="Review a draft reply and print the review in the draft's language.\n\n"
        "Exit status: 0 reviewed, 2 empty or unreadable input, 3 a language other than Dutch or English.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("file", nargs="?", default="-", metavar="FILE|-",
                       help="the draft; '-' or nothing reads standard input")
    context = check.add_mutually_exclusive_group()
    context.add_argument("--message", metavar="TEXT",
                         help="the tenant's original message, so the review can check it is answered")
    context.add_argument("--message-file", metavar="FILE", help="the tenant's message, read from a file")
    check.add_argument("--engine", choices=("offline", "llm", "auto"), default="auto",
                       help="offline: rules, no network; llm: a language model (OPENAI_API_KEY); "
                       "auto (default): the model when one is configured, else offline")
    check.add_argument("--json", action="store_true",
                       help="print the review as one JSON object (language, score, verdicts, findings, "
                       "rewrite, engine, notes, usage)")
    check.add_argument("--jsonl", action="store_true",
                       help="with --json: read JSON lines {\"draft\": ..., \"tenant_message\": ...} from "
                       "standard input and write one review per line, in order")

    evaluate = sub.add_parser(
        "eval",
        help="measure a reviewer on a labelled set (JSON lines) or the politeness corpus (CSV)",
        description="Print per-guideline precision, recall and F1, score ordering, language accuracy "
        "and rewrite guards for a labelled JSON-lines set in the format of shared/eval/dev.jsonl; "
        "for a politeness CSV (Stanford Politeness Corpus), ROC AUC and accuracy of the score.",
    )
    evaluate.add_argument("file", metavar="FILE", help="a .jsonl labelled set or a politeness .csv")
    evaluate.add_argument("--engine", choices=("offline", "llm", "auto"), default="offline")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--errors", action="store_true", help="also list every wrong verdict")
    evaluate.add_argument("--weights", metavar="FILE",
                          help="review with these learned weights (from python -m bot train --out FILE) instead "
                          "of the shipped ones")
    evaluate.add_argument("--split", metavar="NAME",
                          help="only the drafts of this split (train, validation, test) of a corpus file, "
                          "with the train split's macro-F1 beside it and the gap between the two")

    train = sub.add_parser(
        "train",
        help="learn the offline reviewer's weights from the labelled corpus (needs the train extra)",
        description="Fit the learned layer of the offline reviewer on corpus/drafts.jsonl (train split), "
        "set its thresholds on the validation split, and write the weights the package ships. The test "
        "split is never read. Needs scikit-learn: pip install -e '.[train]'.",
    )
    train.add_argument("--corpus", default=None, metavar="FILE", help="the labelled drafts (default: corpus/drafts.jsonl)")
    train.add_argument("--out", default=None, metavar="FILE",
                       help="where to write the weights (default: bot/data/learned/weights.bin)")
    train.add_argument("--final", action="store_true",
                       help="fit on the train and validation splits together (more writers) and set the "
                       "thresholds out of fold by writer: the weights that ship")
    train.add_argument("--limit", type=int, default=0, metavar="N",
                       help="train on a random N drafts only (a quick check of the pipeline)")

    sub.add_parser(
        "serve",
        help="run the chat server: Slack on /slack/events, Teams on /api/messages, /healthz",
        description="Start one aiohttp server on $PORT (default 3000). Slack needs SLACK_BOT_TOKEN and "
        "SLACK_SIGNING_SECRET (SLACK_APP_TOKEN adds Socket Mode); Teams needs the Agents SDK's "
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__* settings. Settings come from the environment "
        "and .env.",
    )
    package = sub.add_parser(
        "teams-package",
        help="build the Teams app package zip (manifest with your app id, icons) to upload in Teams",
        description="Write teams/manifest.json with the app id filled in, its English texts and the two "
        "icons into one zip at the path given, ready for Teams > Apps > Manage your apps > Upload an app.",
    )
    package.add_argument("--app-id", metavar="ID",
                         help="the Microsoft App ID of the Azure bot (default: "
                         "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID)")
    package.add_argument("--out", metavar="FILE", default="aandacht-teams.zip",
                         help="where to write the zip (default: aandacht-teams.zip)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        from bot.cli import run_check

        return run_check(args)
    if args.command == "eval":
        from bot.evaluate import run_eval

        return run_eval(args)
    if args.command == "train":
        from bot.train import DEFAULT_CORPUS, DEFAULT_OUT, run_train

        args.corpus = args.corpus or str(DEFAULT_CORPUS)
        args.out = args.out or str(DEFAULT_OUT)
        return run_train(args)
    if args.command == "serve":
        from bot.server import run_server

        return run_server()
    if args.command == "teams-package":
        from bot.teams.package import run_teams_package

        return run_teams_package(args.app_id, args.out)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
