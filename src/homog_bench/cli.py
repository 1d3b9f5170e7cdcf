"""The ``homog-bench`` command: check value files, export the schema, summarize logs.

homog-bench values check FILE_OR_NAME...   validate value files (exit 1 if any is invalid)
homog-bench values list                    bundled value files
homog-bench values schema [--out PATH [--force]]
                                           JSON Schema of the value-file format
homog-bench summary [LOG_OR_DIR] [--examples] [--plot PATH]
                                           headline figures of a log (newest under a folder)
homog-bench leaderboard LOGDIR [--values NAME] [--format md|csv|json|html]
                           [--out PATH [--force]] [--rank-degenerate]
                                           compare models from a folder of logs

--out never writes over an input log or through a symbolic link, replaces an existing
file only with --force, and writes atomically (a temporary file, then a rename).
homog-bench agreement LOG [--pair JUDGED=OFFLINE] [--json]
                                           judged vs offline structures: accuracy, kappa
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from homog_bench._errors import HomogBenchError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        sys.stdout.flush()
        return code
    except HomogBenchError as exc:
        print(f"error: {_safe(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (``| head``): stop quietly; the interpreter's final flush
        # must not fail again on the closed pipe
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _safe(text: object) -> str:
    from homog_bench.report.output import terminal_text

    return terminal_text(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="homog-bench",
        description="Check value files, export their schema, summarize homog-bench logs.",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    values = sub.add_parser("values", help="value files").add_subparsers(required=True)
    check = values.add_parser("check", help="validate value files")
    check.add_argument("files", nargs="+", help="paths or bundled names")
    check.set_defaults(run=_values_check)
    values.add_parser("list", help="bundled value files").set_defaults(run=_values_list)
    schema = values.add_parser("schema", help="JSON Schema of value files")
    schema.add_argument("--out", type=Path, help="write to this file instead of stdout")
    schema.add_argument("--force", action="store_true", help="replace an existing --out file")
    schema.set_defaults(run=_values_schema)

    summary = sub.add_parser("summary", help="headline figures of an eval log")
    summary.add_argument(
        "log", nargs="?", default="logs", help="a .eval/.json log or a folder (newest log)"
    )
    summary.add_argument(
        "--examples",
        action="store_true",
        help="per prompt, the generation nearest the core (the default) and the furthest",
    )
    summary.add_argument(
        "--plot", type=Path, help="dynamics logs: write the core along the trunk (.png/.svg)"
    )
    summary.set_defaults(run=_summary)

    board = sub.add_parser("leaderboard", help="compare models from a folder of logs")
    board.add_argument("logdir", help="a log folder, object storage (s3://...) or one log")
    board.add_argument("--values", help="only runs scored with this value file")
    board.add_argument("--format", choices=("md", "csv", "json", "html"), default="md")
    board.add_argument("--out", type=Path, help="write to this file instead of stdout")
    board.add_argument(
        "--force", action="store_true", help="replace an existing --out file or --figures pictures"
    )
    board.add_argument("--figures", type=Path, help="also write PNG and SVG pictures here")
    board.add_argument(
        "--no-samples",
        action="store_true",
        help="skip the cross-model section and the examples",
    )
    board.add_argument(
        "--rank-degenerate",
        action="store_true",
        help="rank runs whose generations are mostly degenerate (flagged, unranked by default)",
    )
    board.set_defaults(run=_leaderboard)

    agree = sub.add_parser("agreement", help="judged vs offline structures: accuracy, kappa")
    agree.add_argument("log", help="a .eval/.json log (or a folder: its newest log)")
    agree.add_argument(
        "--pair",
        action="append",
        default=[],
        metavar="JUDGED=OFFLINE",
        help="compare these two structures too (besides the value file's agrees_with)",
    )
    agree.add_argument("--json", action="store_true", help="print JSON instead of a table")
    agree.set_defaults(run=_agreement)
    return parser


def _values_check(args: argparse.Namespace) -> int:
    from homog_bench.judge.check import check_judge
    from homog_bench.values import load_values

    failed = 0
    for spec in args.files:
        try:
            values = load_values(spec)
            check_judge(values, spec)
        except HomogBenchError as exc:
            print(f"error: {_safe(exc)}", file=sys.stderr)
            failed += 1
            continue
        print(
            f"ok: {spec}: {values.name} ({_plural(len(values.structures), 'structure')}, "
            f"{_plural(len(values.attributes), 'attribute')})"
        )
    return 1 if failed else 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _values_list(args: argparse.Namespace) -> int:
    from homog_bench.values import bundled_values, load_values

    for name in bundled_values():
        text = " ".join(load_values(name).description.split())
        print(f"{name}: {text if len(text) <= 100 else text[:99].rsplit(' ', 1)[0] + ' …'}")
    return 0


def _values_schema(args: argparse.Namespace) -> int:
    from homog_bench.values import json_schema

    text = json.dumps(json_schema(), indent=2) + "\n"
    if args.out:
        from homog_bench.report.output import write_output

        write_output(args.out, text, force=args.force)
    else:
        sys.stdout.write(text)
    return 0


def _summary(args: argparse.Namespace) -> int:
    from homog_bench.report.summary import summarize_log

    log = _newest_log(args.log)
    print(summarize_log(log, examples=args.examples))
    if args.plot is not None:
        from homog_bench.report.trunk_plot import write_trunk_plot

        print(f"plot: {write_trunk_plot(log, args.plot)}")
    return 0


def _leaderboard(args: argparse.Namespace) -> int:
    from homog_bench.report.command import leaderboard

    return leaderboard(
        args.logdir,
        values=args.values,
        fmt=args.format,
        out=args.out,
        figures=args.figures,
        samples=not args.no_samples,
        rank_degenerate=args.rank_degenerate,
        force=args.force,
    )


def _agreement(args: argparse.Namespace) -> int:
    from homog_bench.report.agreement import format_agreements, log_agreements

    extra: dict[str, str] = {}
    for pair in args.pair:
        judged, sep, offline = pair.partition("=")
        if not sep or not judged.strip() or not offline.strip():
            raise HomogBenchError(f"--pair {pair!r}: expected JUDGED=OFFLINE structure ids")
        extra[judged.strip()] = offline.strip()
    results = log_agreements(_newest_log(args.log), extra)
    if args.json:
        print(json.dumps([a.as_dict() for a in results], indent=2))
    else:
        print(format_agreements(results))
    return 0


def _newest_log(given: str) -> str:
    """``given`` if it is a log, else the newest log under it (a folder or ``s3://…``)."""
    if "://" in given:  # object storage: the leaderboard's listing (oldest first)
        if given.endswith((".eval", ".json")):
            return given
        from homog_bench.report._logs import list_logs

        return list_logs(given)[-1]
    path = Path(given)
    if path.is_file():
        return given
    if path.is_dir():
        logs = sorted(
            (p for p in path.rglob("*") if p.suffix in (".eval", ".json") and p.is_file()),
            key=lambda p: p.stat().st_mtime,
        )
        if logs:
            return str(logs[-1])
        raise HomogBenchError(f"{path}: no .eval or .json log in this folder or below it")
    from homog_bench._inputs import describe_path

    problem = describe_path(path) or "not a log file or folder"
    if problem == "no such file":
        problem = "no such log file or folder"
    raise HomogBenchError(f"{path}: {problem}")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
