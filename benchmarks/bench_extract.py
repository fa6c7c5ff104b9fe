"""Extraction throughput on a synthetic corpus built from the seed articles.

usage: python benchmarks/bench_extract.py [--mb 20] [--jobs 1 2] [--runs 3] [--keep DIR]
                                          [--results F]

The corpus varies the seeds' numbers, years and place names (from the province tables) so that
no two documents are the same text; every document is ~5 KB like a real article. Prints MB/s of
`extract_corpus` (read, decode, normalise, place, extract; no table writing) per worker count,
and the floor: reading + decoding + Unicode normalisation alone, and how many times the floor's
time the extraction takes. Targets: ≥ 5 MB/s on one worker, ≥ 1.7× that on two; beside the
2-worker speed-up, the speed-up that two busy pure-Python processes get on this machine right
now (the ceiling of any: a shared core, or time stolen by the host, gives less than 2).
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

from benchlib import RESULTS, SEEDS, row, save, summary


def make_corpus(dest: Path, megabytes: float, seed: int = 7) -> int:
    """Write synthetic articles into dest until they hold `megabytes`; return the byte count."""
    from vnlabour.places import provinces

    rng = random.Random(seed)
    names = [p.name for p in provinces()]
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    dest.mkdir(parents=True, exist_ok=True)
    total, n = 0, 0
    while total < megabytes * 1_000_000:
        text = texts[n % len(texts)]
        text = re.sub(r"\d+", lambda m: str(rng.randint(1, 9) * 10 ** (len(m.group()) - 1)
                                            + rng.randint(0, 10 ** (len(m.group()) - 1) - 1))
                      if len(m.group()) != 4 else str(rng.randint(2018, 2025)), text)
        for original in ("Hậu Giang", "Bắc Kạn", "Hà Giang", "Quảng Ninh"):
            text = text.replace(original, rng.choice(names))
        data = text.encode("utf-8")
        (dest / f"synthetic_{n:06d}.txt").write_bytes(data)
        total += len(data)
        n += 1
    return total


def floor_seconds(src: Path) -> float:
    """Reading + decoding + normalisation only: the least any extraction must spend."""
    from vnlabour.text import decode, normalise

    start = time.perf_counter()
    for path in sorted(src.glob("*.txt")):
        normalise(decode(path.read_bytes())[0])
    return time.perf_counter() - start


def _spin(n: int) -> float:
    """Seconds of a pure-Python loop of n steps (what one busy core does)."""
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i % 7
    return time.perf_counter() - start


def machine_speedup(steps: int = 20_000_000) -> float:
    """How much more pure-Python work two processes get done than one on this machine right
    now (2.0 on two free cores; less when the cores are shared or the host steals time): the
    ceiling of any 2-worker speed-up, printed beside extraction's."""
    import multiprocessing

    alone = _spin(steps)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pair = max(pool.map(_spin, [steps, steps]))
    return 2 * alone / pair


def extract_seconds(src: Path, jobs: int) -> tuple[float, int]:
    """Wall time of extracting the corpus with `jobs` workers, and the number of facts."""
    from vnlabour.corpus import extract_corpus

    start = time.perf_counter()
    results, _ = extract_corpus(src, jobs=jobs)
    n_facts = sum(len(r.facts) for r in results)   # results are lazy: consume them in the clock
    return time.perf_counter() - start, n_facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--results", type=Path, default=RESULTS, help="JSON file of the figures")
    parser.add_argument("--runs", type=int, default=3,
                        help="timed runs per worker count; the median is reported")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="vnlabour-bench-"))
    try:
        size = make_corpus(work, args.mb)
        mb = size / 1_000_000
        rows = {"corpus_mb": round(mb, 2), "floor_mb_s": round(mb / floor_seconds(work), 2)}
        print(f"corpus: {mb:.1f} MB in {len(list(work.glob('*.txt')))} files")
        print(f"{'what':<28}{'seconds':>10}{'MB/s':>10}{'facts':>10}")
        print(f"{'read+decode+normalise':<28}{mb / rows['floor_mb_s']:>10.2f}"
              f"{rows['floor_mb_s']:>10.2f}{'':>10}")
        floor = mb / rows["floor_mb_s"]
        table = [row("floor: read + decode + normalise", rows["floor_mb_s"], "MB/s")]
        for jobs in args.jobs:
            runs = [extract_seconds(work, jobs) for _ in range(args.runs)]
            timing = summary([t for t, _ in runs])
            seconds, n_facts = timing["median"], runs[0][1]
            rows[f"extract_{jobs}_workers_s"] = timing
            rows[f"extract_{jobs}_workers_mb_s"] = round(mb / seconds, 2)
            rows[f"extract_{jobs}_workers_floor_ratio"] = round(seconds / floor, 2)
            print(f"{f'extract, {jobs} worker(s)':<28}{seconds:>10.2f}{mb / seconds:>10.2f}"
                  f"{n_facts:>10}   runs: {timing['runs']}")
            table += [row(f"extraction, {jobs} worker(s), median of {args.runs}", mb / seconds,
                          "MB/s", at_least=5.0 if jobs == 1 else None,
                          spread=mb / min(timing["runs"]) - mb / max(timing["runs"])),
                      row(f"extraction time ÷ floor time, {jobs} worker(s)", seconds / floor,
                          "×")]
        if {1, 2} <= set(args.jobs):
            speedup = rows["extract_2_workers_mb_s"] / rows["extract_1_workers_mb_s"]
            rows["machine_2_process_speedup"] = round(machine_speedup(), 2)
            table += [row("extraction speed-up, 2 workers ÷ 1", speedup, "×", at_least=1.7),
                      row("this machine's speed-up, 2 busy processes ÷ 1",
                          rows["machine_2_process_speedup"], "×")]
        save(args.results, "extraction", rows, table)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
