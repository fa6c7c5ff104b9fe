"""What the benchmark scripts share: the command line, timing, the results file and the table.

Every script records its figures under one key of a results file (`benchmarks/results.json`
unless `--results` names another, as the smoke tests do) together with the rows it prints:
what was measured, the figure, the target and whether the target is met. Timings are medians
of `--runs` runs, printed with their spread (max - min) so that a noisy machine shows.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from vnlabour.files import atomic_write

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "articles"
RESULTS = Path(__file__).with_name("results.json")
BIN = Path(sys.executable).parent  # the venv's console scripts: vnlabour, papermill, jupyter
ORDER = ("extraction", "build", "scale", "rebuild", "startup", "corpus",
         "review")  # benchmarks 1-7


def parser(doc: str, runs: bool = True) -> argparse.ArgumentParser:
    """An argument parser with the options every benchmark takes: --results and --runs."""
    p = argparse.ArgumentParser(description=doc.splitlines()[0])
    p.add_argument("--results", type=Path, default=RESULTS,
                   help="JSON file the figures are merged into (default: benchmarks/results.json)")
    if runs:
        p.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported")
    return p


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call of `fn`, in seconds."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command, output captured; raise with its output when it fails."""
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {done.returncode}:\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def measure(cmd: list[str]) -> dict:
    """Wall time, CPU time (user + system, of the command and every process it waited for,
    e.g. the build's kernels) and peak resident memory (of the largest of them) of a command.
    A fresh helper process runs it, so that nothing else counts. The CPU time does not
    depend on what else the machine runs: on 2 cores, wall ≥ CPU / 2."""
    probe = ("import json, resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "subprocess.run(sys.argv[1:], check=True)\n"
             "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(json.dumps({'wall': time.perf_counter() - t, 'cpu': r.ru_utime + r.ru_stime,"
             " 'peak_mb': r.ru_maxrss / 1024}))")
    return json.loads(run([sys.executable, "-c", probe, *cmd]).stdout.splitlines()[-1])


def measure_build(src: Path, data: Path, reports: Path, *empty: Path) -> dict:
    """Wall and CPU time of `vnlabour build --jobs 2`, after removing the `empty` folders (the
    reports, and the dataset too for a build from nothing)."""
    for folder in empty:
        shutil.rmtree(folder, ignore_errors=True)
    return measure([str(BIN / "vnlabour"), "build", "--src", str(src), "--data", str(data),
                    "--reports", str(reports), "--jobs", "2"])


def summary(seconds: list[float]) -> dict:
    """Median, spread (max - min) and every run of a list of timings, rounded."""
    return {"median": round(statistics.median(seconds), 3),
            "spread": round(max(seconds) - min(seconds), 3),
            "runs": [round(s, 3) for s in seconds]}


def row(what: str, value: float, unit: str, *, at_most: float | None = None,
        at_least: float | None = None, spread: float | None = None) -> dict:
    """One table row: the figure (with the spread of its runs), its target and whether met."""
    figure = f"{value:.2f} {unit}".rstrip()
    if spread is not None:
        figure += f" (spread {spread:.2f})"
    if at_most is not None:
        return text_row(what, figure, f"≤ {at_most:g} {unit}".rstrip(), value <= at_most)
    if at_least is not None:
        return text_row(what, figure, f"≥ {at_least:g} {unit}".rstrip(), value >= at_least)
    return text_row(what, figure)


def text_row(what: str, figure: str, target: str = "", met: bool | None = None) -> dict:
    """One table row of text: what, figure, target and 'yes'/'NO' (empty without a target)."""
    return {"what": what, "figure": figure, "target": target,
            "met": "" if met is None else ("yes" if met else "NO")}


def print_table(rows: list[dict]) -> None:
    """The rows as an aligned text table: what / figure / target / met."""
    heads = ("what", "figure", "target", "met")
    widths = [max(len(h), *(len(r[h]) for r in rows)) for h in heads] if rows else [4] * 4
    for line in (dict(zip(heads, heads)), *rows):
        print("  ".join(str(line[h]).ljust(w) for h, w in zip(heads, widths)).rstrip())


def save(path: Path, key: str, figures: dict, rows: list[dict]) -> None:
    """Merge `figures` and the table `rows` under `key` of the results file, print the rows."""
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        results = {}
    results[key] = {**figures, "table": rows}
    ordered = {k: results[k] for k in sorted(results, key=lambda k: (
        ORDER.index(k) if k in ORDER else len(ORDER), k))}
    atomic_write(path, json.dumps(ordered, ensure_ascii=False, indent=1) + "\n")
    print_table(rows)
