"""End to end on a large corpus: 10,000 synthetic articles, from the text files to every
report and every article page.

usage: python benchmarks/bench_corpus.py [--articles 10000] [--runs 1] [--results F]

The articles are those of benchmarks/bench_extract.py (the seed articles with other numbers,
years and province names, ~5 KB each). One run is `vnlabour build --jobs 2` from nothing:
extraction, the dataset, a report per province with figures, the two comparisons, an article
page per document, the data folder and the index. Reports the wall time (target ≤ 120 s on
2 cores), the CPU time of all its processes, and what was built.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from bench_extract import make_corpus
from benchlib import SEEDS, measure_build, parser, row, save, summary


def corpus_of(dest: Path, n_articles: int) -> int:
    """Write about `n_articles` synthetic articles into dest; return how many."""
    mean = sum(p.stat().st_size for p in SEEDS.glob("*.txt")) / len(list(SEEDS.glob("*.txt")))
    make_corpus(dest, n_articles * mean / 1_000_000)
    return len(list(dest.glob("*.txt")))


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--articles", type=int, default=10_000, help="number of articles")
    p.set_defaults(runs=1)
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vnlabour-corpus-"))
    try:
        n = corpus_of(work / "articles", args.articles)
        runs = [measure_build(work / "articles", work / "data", work / "reports",
                              work / "data", work / "reports") for _ in range(args.runs)]
        reports = work / "reports"
        records = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))["reports"]
        failed = [r["name"] for r in records if r["status"] != "ok"]
        if failed:
            raise SystemExit(f"failed reports: {', '.join(failed)}")
        pages = len(list((reports / "articles").glob("*.html")))
        wall, cpu = summary([r["wall"] for r in runs]), summary([r["cpu"] for r in runs])
        print(f"{n} articles: {len(records)} reports, {pages} article pages")
        save(args.results, "corpus", {"articles": n, "reports": len(records),
                                      "article_pages": pages, "wall_s": wall, "cpu_s": cpu}, [
            row(f"end to end, {n} articles ({len(records)} reports, {pages} article pages)",
                wall["median"], "s", at_most=120.0 if n >= 10_000 else None,
                spread=wall["spread"]),
            row("  its CPU time, all processes", cpu["median"], "s", spread=cpu["spread"]),
        ])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
