"""Command line: `vnlabour extract | evaluate | build | lab | explain | rules check`.

Heavy libraries (pandas, papermill, matplotlib) are imported inside the command functions so
that `vnlabour --help` starts fast. The command's results go to stdout; the package's log
(the `vnlabour` loggers: progress, warnings, errors) goes to stderr, at the level `-v`/`-q`
set. An error the user can fix (`errors.VnlabourError`) becomes its message and exit code.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from vnlabour.errors import InputError, VnlabourError
from vnlabour.paths import (DEFAULT_ARTICLES, DEFAULT_CORRECTIONS, DEFAULT_GOLD,
                            DEFAULT_PROCESSED, DEFAULT_REPORTS)

log = logging.getLogger("vnlabour")


def _corrections(args: argparse.Namespace) -> Path | None:
    """The corrections file: --corrections (which must exist), else the default one when
    present, else none."""
    if args.corrections is None:
        return DEFAULT_CORRECTIONS if DEFAULT_CORRECTIONS.exists() else None
    path = Path(args.corrections)
    if not path.is_file():
        raise InputError(f"vnlabour {args.command}: corrections file {path} not found")
    return path


def _cmd_extract(args: argparse.Namespace) -> int:
    """Extract facts from every article of a folder into the dataset tables."""
    from vnlabour.corpus import TIME_BUDGET, run_extract
    from vnlabour.locking import project_lock

    budget = TIME_BUDGET if args.time_budget is None else args.time_budget
    with project_lock(Path(args.out), wait=not args.no_wait):
        summary = run_extract(Path(args.src), Path(args.out), jobs=args.jobs,
                              rules_dir=args.rules, corrections=_corrections(args),
                              time_budget=budget)
    print(summary.headline)   # each skipped file, warning and stale correction is logged
    if args.strict and (summary.skipped or summary.stale):
        counts = ((len(summary.skipped), "file(s) skipped"),
                  (len(summary.stale), "correction(s) stale or malformed"))
        log.error("--strict: %s", ", ".join(f"{n} {what}" for n, what in counts if n))
        return 1
    return 0 if summary.ok else 1


def _cmd_evaluate(args: argparse.Namespace) -> int:
    """Score a facts table against gold annotations."""
    from vnlabour.evaluate import evaluate_corrections, evaluate_files, format_report

    if args.corrections:
        result, problems = evaluate_corrections(Path(args.corrections), Path(args.facts))
        for problem in problems:
            log.warning("%s", problem)
    else:
        result = evaluate_files(Path(args.gold), Path(args.facts))
    print(format_report(result))
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    """Extract when inputs changed, then build every report and the index."""
    from vnlabour.build import run_build
    from vnlabour.locking import project_lock

    with project_lock(Path(args.data), Path(args.reports), wait=not args.no_wait):
        return run_build(
            src_dir=Path(args.src), data_dir=Path(args.data), reports_dir=Path(args.reports),
            jobs=args.jobs, only=args.only, rules_dir=args.rules,
            corrections=_corrections(args), strict=args.strict,
        )


def _cmd_lab(args: argparse.Namespace) -> int:
    """Start JupyterLab in the notebooks folder (an optional extra: the reports need none)."""
    import importlib.util
    import subprocess

    if importlib.util.find_spec("jupyterlab") is None:
        raise VnlabourError("JupyterLab is not installed: run `make lab`, or "
                            "`pip install -e '.[lab]'`")

    return subprocess.call([sys.executable, "-m", "jupyterlab", "--notebook-dir", args.dir])


def _cmd_explain(args: argparse.Namespace) -> int:
    """Show how each figure of one sentence is read, and why."""
    if not args.sentence.strip():
        print("vnlabour explain: the sentence is empty; give the sentence in quotes",
              file=sys.stderr)
        return 2
    from vnlabour import tables
    from vnlabour.explain import explain

    for problem in tables.problems(args.rules):
        print(f"warning: {problem}", file=sys.stderr)
    print(explain(args.sentence, args.published or "", args.rules))
    return 0


def _cmd_rules_check(args: argparse.Namespace) -> int:
    """Print every problem of the rule tables (the package's and --rules DIR's)."""
    from vnlabour import tables

    found = tables.problems(args.rules)
    print("\n".join(found) if found else "rule tables: no problems"
          + (f" (the package's and {args.rules})" if args.rules else ""))
    return 1 if found else 0


def _rules_dir(value: str) -> Path:
    """The --rules folder, which must exist (a mistyped path would drop a researcher's rules)."""
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is not a folder")
    return path


def _date(value: str) -> str:
    """A YYYY-MM-DD date."""
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a YYYY-MM-DD date") from None
    return value


def _add_rules_option(p: argparse.ArgumentParser) -> None:
    """--rules DIR: a researcher's folder of rule tables whose rows are added."""
    p.add_argument("--rules", type=_rules_dir, default=None, metavar="DIR",
                   help="folder of your own rule tables (same names as src/vnlabour/rules/); "
                        "their rows are added to the package's")


def _add_rules_commands(sub) -> None:
    """The `explain` and `rules check` subcommands."""
    p = sub.add_parser("explain", help="show how each figure of a sentence is read, and why")
    p.add_argument("sentence", help="the sentence, in quotes")
    p.add_argument("--published", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="publication date of its article (for years and statuses)")
    _add_rules_option(p)
    p.set_defaults(func=_cmd_explain)

    p = sub.add_parser("rules", help="work with the rule tables")
    rules_sub = p.add_subparsers(dest="rules_command", required=True)
    p = rules_sub.add_parser("check", help="print every problem of the rule tables; "
                                           "exit 1 when there is one")
    _add_rules_option(p)
    p.set_defaults(func=_cmd_rules_check)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="vnlabour",
        description="Vietnamese labour-market and poverty figures from articles: extract a "
                    "provenance-tracked dataset and build comparative reports.")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="log every step (debug messages, with their module)")
    loudness.add_argument("-q", "--quiet", action="store_true",
                          help="log only warnings and errors (no progress)")
    sub = parser.add_subparsers(dest="command", required=True)
    no_wait = argparse.ArgumentParser(add_help=False)
    no_wait.add_argument("--no-wait", action="store_true",
                         help="when another vnlabour run is writing the output folder, stop "
                              "(exit 3) instead of waiting for it")

    p = sub.add_parser("extract", parents=[no_wait],
                       help="articles folder -> facts/documents/indicators tables")
    p.add_argument("src", nargs="?", default=str(DEFAULT_ARTICLES),
                   help="folder of *.txt / *.html articles (and sources.csv)")
    p.add_argument("--out", default=str(DEFAULT_PROCESSED), help="output folder")
    p.add_argument("--jobs", type=int, default=1, help="worker processes")
    p.add_argument("--time-budget", type=float, metavar="SECONDS",
                   help="stop a file whose extraction takes longer (per MB for a file over "
                        "1 MB) and mark it failed, the rest goes on (0: no limit; default: "
                        "corpus.TIME_BUDGET, 30 s)")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero when any input file was skipped or a correction is "
                        "stale or malformed")
    _add_rules_option(p)
    p.add_argument("--corrections", default=None,
                   help=f"researchers' corrections to apply (default: {DEFAULT_CORRECTIONS} "
                        "when present)")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("evaluate", help="score facts against gold annotations")
    p.add_argument("--gold", default=str(DEFAULT_GOLD))
    p.add_argument("--facts", default=str(DEFAULT_PROCESSED / "facts.csv"))
    p.add_argument("--corrections", default=None,
                   help="score against the decisions of this corrections file instead of "
                        "--gold (accepted, edited and added figures are gold, rejected ones "
                        "false positives)")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("build", parents=[no_wait],
                       help="extract if needed, then build all HTML reports")
    p.add_argument("--src", default=str(DEFAULT_ARTICLES))
    p.add_argument("--data", default=str(DEFAULT_PROCESSED))
    p.add_argument("--reports", default=str(DEFAULT_REPORTS))
    p.add_argument("--jobs", type=int, default=2, help="notebooks executed at once")
    p.add_argument("--only", default=None, help="rebuild the report of one province")
    _add_rules_option(p)
    p.add_argument("--corrections", default=None,
                   help=f"researchers' corrections to apply (default: {DEFAULT_CORRECTIONS} "
                        "when present)")
    p.add_argument("--strict", action="store_true",
                   help="fail when a correction is stale or malformed")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("lab", help="start JupyterLab on the notebooks")
    p.add_argument("--dir", default="notebooks")
    p.set_defaults(func=_cmd_lab)
    _add_rules_commands(sub)
    return parser


def configure_logging(verbose: bool = False, quiet: bool = False) -> None:
    """Send the `vnlabour` loggers' records to stderr: plain lines at INFO, 'warning: …' and
    'error: …' above, every module's debug lines (with its name) under -v, only warnings and
    errors under -q. Called again (tests call main() many times), it only sets the level."""
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        log.addHandler(_StderrHandler())
    for handler in log.handlers:
        if isinstance(handler, _StderrHandler):
            handler.setFormatter(_Formatter(verbose))
    log.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)


class _StderrHandler(logging.StreamHandler):
    """A handler writing to whatever sys.stderr is when a record comes (a test's capture,
    a redirected stream), not to the one of the first call."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        """StreamHandler sets its stream; this one always looks sys.stderr up."""


class _Formatter(logging.Formatter):
    """INFO as the bare message; other levels prefixed with the level (and, under -v, every
    line with the module that logged it)."""

    def __init__(self, verbose: bool) -> None:
        super().__init__()
        self.verbose = verbose

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if record.levelno != logging.INFO:
            text = f"{record.levelname.lower()}: {text}"
        return f"[{record.name}] {text}" if self.verbose else text


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `vnlabour` command."""
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose, args.quiet)
    try:
        return args.func(args)
    except VnlabourError as exc:
        log.error("%s", exc)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
