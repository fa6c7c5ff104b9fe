"""Start-up time of the command line, and peak memory of extracting a large corpus.

usage: python benchmarks/bench_startup.py [--corpus DIR | --mb 50] [--runs 3] [--results F]

`vnlabour --help` through the installed console script (what a user types), median of
max(--runs, 10) runs, with `python -c "import vnlabour.cli"` and a bare `python -c pass` for
reference (target ≤ 0.3 s). Peak memory: the maximum resident set size of
`vnlabour extract CORPUS --jobs 1` (the whole command: reading, extraction, writing the tables),
as the operating system counts it for the process; the corpus is --corpus, or one of --mb MB made
like bench_extract.py's (target for 50 MB: ≤ 500 MB).
"""
from __future__ import annotations

import functools
import shutil
import sys
import tempfile
from pathlib import Path

from benchlib import BIN, measure, parser, row, run, save, summary, timed

VNLABOUR = str(BIN / "vnlabour")


def startup(runs: int) -> dict:
    """Median wall times of the help command, the CLI import and a bare interpreter."""
    commands = {"vnlabour_help_s": [VNLABOUR, "--help"],
                "import_cli_s": [sys.executable, "-c", "import vnlabour.cli"],
                "bare_python_s": [sys.executable, "-c", "pass"]}
    return {key: summary([timed(functools.partial(run, cmd)) for _ in range(runs)])
            for key, cmd in commands.items()}


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--corpus", type=Path, help="articles folder to extract (else one is made)")
    p.add_argument("--mb", type=float, default=50.0, help="size of the corpus made")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vnlabour-bench-startup-"))
    try:
        times = startup(max(args.runs, 10))
        corpus = args.corpus
        if corpus is None:
            from bench_extract import make_corpus

            corpus = work / "corpus"
            make_corpus(corpus, args.mb)
        mb = sum(f.stat().st_size for f in corpus.iterdir() if f.is_file()) / 1_000_000
        used = measure([VNLABOUR, "extract", str(corpus), "--out", str(work / "out"),
                        "--jobs", "1"])
        peak, seconds = used["peak_mb"], used["wall"]
        figures = {**times, "corpus_mb": round(mb, 2), "extract_peak_rss_mb": round(peak, 1),
                   "extract_s": round(seconds, 2)}
        help_s = times["vnlabour_help_s"]
        save(args.results, "startup", figures, [
            row("vnlabour --help", help_s["median"], "s", at_most=0.3, spread=help_s["spread"]),
            row("python -c 'import vnlabour.cli'", times["import_cli_s"]["median"], "s"),
            row("python -c pass (interpreter alone)", times["bare_python_s"]["median"], "s"),
            row(f"peak memory, extracting {mb:.1f} MB (1 worker)", peak, "MB",
                at_most=500.0 if mb >= 50 else None),
            row(f"extraction command, {mb:.1f} MB, wall (with table writing)", seconds, "s"),
        ])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
