"""Extraction throughput on a synthetic corpus built from the seed articles.

usage: python benchmarks/bench_extract.py [--mb 20] [--jobs 1 2] [--keep DIR]

The corpus varies the seeds' numbers, years and place names (from the province tables) so that
no two documents are the same text; every document is ~5 KB like a real article. Prints MB/s of
`extract_corpus` (read, decode, normalise, place, extract; no table writing) per worker count,
and the floor: reading + decoding + Unicode normalisation alone.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "articles"
RESULTS = Path(__file__).with_name("results.json")


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
        for jobs in args.jobs:
            seconds, n_facts = extract_seconds(work, jobs)
            rows[f"extract_{jobs}_workers_mb_s"] = round(mb / seconds, 2)
            print(f"{f'extract, {jobs} worker(s)':<28}{seconds:>10.2f}{mb / seconds:>10.2f}"
                  f"{n_facts:>10}")
        results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        results["extraction"] = rows
        RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
