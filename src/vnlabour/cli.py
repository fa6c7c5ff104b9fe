"""Command line: `vnlabour extract | evaluate | build | lab`.

Heavy libraries (pandas, papermill, matplotlib) are imported inside the command functions so
that `vnlabour --help` starts fast.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vnlabour.paths import DEFAULT_ARTICLES, DEFAULT_GOLD, DEFAULT_PROCESSED, DEFAULT_REPORTS


def _cmd_extract(args: argparse.Namespace) -> int:
    """Extract facts from every article of a folder into the dataset tables."""
    from vnlabour.corpus import run_extract

    summary = run_extract(Path(args.src), Path(args.out), jobs=args.jobs)
    print(summary.describe())
    if args.strict and summary.skipped:
        print(f"--strict: {len(summary.skipped)} file(s) skipped", file=sys.stderr)
        return 1
    return 0 if summary.ok else 1


def _cmd_evaluate(args: argparse.Namespace) -> int:
    """Score a facts table against gold annotations."""
    from vnlabour.evaluate import evaluate_files, format_report

    result = evaluate_files(Path(args.gold), Path(args.facts))
    print(format_report(result))
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    """Extract when inputs changed, then build every report and the index."""
    from vnlabour.build import run_build

    return run_build(
        src_dir=Path(args.src), data_dir=Path(args.data), reports_dir=Path(args.reports),
        jobs=args.jobs, only=args.only,
    )


def _cmd_lab(args: argparse.Namespace) -> int:
    """Start JupyterLab in the notebooks folder."""
    import subprocess

    return subprocess.call([sys.executable, "-m", "jupyterlab", "--notebook-dir", args.dir])


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="vnlabour",
        description="Vietnamese labour-market and poverty figures from articles: extract a "
                    "provenance-tracked dataset and build comparative reports.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="articles folder -> facts/documents/indicators tables")
    p.add_argument("src", nargs="?", default=str(DEFAULT_ARTICLES),
                   help="folder of *.txt / *.html articles (and sources.csv)")
    p.add_argument("--out", default=str(DEFAULT_PROCESSED), help="output folder")
    p.add_argument("--jobs", type=int, default=1, help="worker processes")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero when any input file was skipped")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("evaluate", help="score facts against gold annotations")
    p.add_argument("--gold", default=str(DEFAULT_GOLD))
    p.add_argument("--facts", default=str(DEFAULT_PROCESSED / "facts.csv"))
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("build", help="extract if needed, then build all HTML reports")
    p.add_argument("--src", default=str(DEFAULT_ARTICLES))
    p.add_argument("--data", default=str(DEFAULT_PROCESSED))
    p.add_argument("--reports", default=str(DEFAULT_REPORTS))
    p.add_argument("--jobs", type=int, default=2, help="notebooks executed at once")
    p.add_argument("--only", default=None, help="rebuild the report of one province")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("lab", help="start JupyterLab on the notebooks")
    p.add_argument("--dir", default="notebooks")
    p.set_defaults(func=_cmd_lab)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `vnlabour` command."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
