"""Full build against the naive way, and incremental rebuilds, on the embedded corpus.

usage: python benchmarks/bench_build.py [--corpus DIR] [--runs 3] [--naive-runs 1] [--results F]

build (benchmark 2): `vnlabour build` from scratch (extraction, every report, the index), wall
time of the real command, median of --runs; against the naive way measured in the same run:
`vnlabour extract`, then the `papermill` command once per report, then
`jupyter nbconvert --to html --no-input` once per report, sequentially. Targets: ≤ 10 s, and
≥ 4× faster than the naive way.

rebuild (benchmark 4): `vnlabour build` again with nothing changed (target ≤ 1.5 s), and after
one article changed (a sentence with a new figure appended to the first article that has a
province): which reports ran (target: that province's report and the two comparisons only) and
how long it took.
"""
from __future__ import annotations

import csv
import json
import shutil
import tempfile
from pathlib import Path

from benchlib import (BIN, SEEDS, measure, parser, row, run, save, summary, text_row,
                      timed)

VNLABOUR = str(BIN / "vnlabour")


def build(src: Path, data: Path, reports: Path) -> dict:
    """Run `vnlabour build`; return its manifest, with its wall and CPU times ('wall',
    'cpu')."""
    used = measure([VNLABOUR, "build", "--src", str(src), "--data", str(data), "--reports",
                    str(reports), "--jobs", "2"])
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    failed = [r["name"] for r in manifest["reports"] if r["status"] != "ok"]
    if failed:
        raise SystemExit(f"failed reports: {', '.join(failed)}")
    return {**manifest, "wall": used["wall"], "cpu": used["cpu"]}


def naive_seconds(src: Path, work: Path, reports: list[dict]) -> float:
    """Wall time of the naive way: the extraction command, then papermill's command once per
    report, then nbconvert's once per report (each a new process and a new kernel)."""
    from vnlabour.build import notebooks_dir

    nb_dir, data, out = notebooks_dir(), work / "data", work / "reports"
    shutil.rmtree(work, ignore_errors=True)
    out.mkdir(parents=True)
    commands = [[VNLABOUR, "extract", str(src), "--out", str(data)]]
    for r in reports:
        params = {**r["parameters"], "data_dir": str(data)}
        commands.append([str(BIN / "papermill"), str(nb_dir / r["notebook"]),
                         str(out / f"{r['name']}.ipynb"), "-k", "python3", "--cwd", str(nb_dir),
                         "--no-progress-bar",
                         *[x for k, v in params.items() for x in ("-r", k, str(v))]])
    commands += [[str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                  str(out / f"{r['name']}.ipynb")] for r in reports]
    return timed(lambda: [run(c) for c in commands])


def full_build(src: Path, work: Path, runs: int, naive_runs: int) -> tuple[dict, list[dict]]:
    """Benchmark 2: figures and table rows."""
    manifests = []
    for _ in range(runs):
        shutil.rmtree(work / "ours", ignore_errors=True)
        manifests.append(build(src, work / "ours" / "data", work / "ours" / "reports"))
    ours, cpu = summary([m["wall"] for m in manifests]), summary([m["cpu"] for m in manifests])
    reports = manifests[-1]["reports"]
    naive = summary([naive_seconds(src, work / "naive", reports) for _ in range(naive_runs)])
    ratio = naive["median"] / ours["median"]
    figures = {"reports": len(reports), "build_s": ours, "build_cpu_s": cpu, "naive_s": naive,
               "naive_over_build": round(ratio, 2)}
    return figures, [
        row(f"full build, {'embedded corpus' if src == SEEDS else src.name} "
            f"({len(reports)} reports)", ours["median"], "s",
            at_most=10.0, spread=ours["spread"]),
        row("  its CPU time, all processes", cpu["median"], "s", spread=cpu["spread"]),
        row("naive way (papermill + nbconvert commands)", naive["median"], "s",
            spread=naive["spread"] if naive_runs > 1 else None),
        row("naive ÷ full build", ratio, "×", at_least=4.0),
    ]


def _article_to_change(src: Path, data: Path) -> tuple[Path, str]:
    """The first article (by name) whose province is known, and that province."""
    with open(data / "documents.csv", encoding="utf-8", newline="") as f:
        for doc in csv.DictReader(f):
            if doc["status"] == "ok" and doc["province"]:
                return Path(doc["path"]), doc["province"]
    raise SystemExit("no article with a province in the corpus")


def rebuilds(src: Path, work: Path, runs: int) -> tuple[dict, list[dict]]:
    """Benchmark 4: figures and table rows."""
    own_src, data, reports = work / "src", work / "data", work / "reports"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(src, own_src)
    first = build(own_src, data, reports)
    unchanged = [build(own_src, data, reports) for _ in range(runs)]
    article, province = _article_to_change(own_src, data)
    name = next(r["name"] for r in first["reports"] if province in r.get("provinces", ()))
    expected = sorted({name, "comparison-legacy", "comparison-2025"})
    original = article.read_text(encoding="utf-8")
    changed = []
    for i in range(runs):
        added = f"\nNăm 2019, toàn tỉnh đã giải quyết việc làm cho {1000 + i} lao động.\n"
        article.write_text(original + added, encoding="utf-8")
        changed.append(build(own_src, data, reports))
    no_change = summary([m["wall"] for m in unchanged])
    one = summary([m["wall"] for m in changed])
    ran = [sorted(m["executed"]) for m in changed]
    figures = {"reports": len(first["reports"]), "no_change_s": no_change,
               "no_change_executed": [m["executed"] for m in unchanged],
               "one_article_s": one, "one_article_executed": ran, "expected": expected}
    return figures, [
        row("rebuild, nothing changed", no_change["median"], "s", at_most=1.5,
            spread=no_change["spread"]),
        text_row("reports run, nothing changed", f"{max(len(m['executed']) for m in unchanged)}"
                 f" of {len(first['reports'])}", "0",
                 all(not m["executed"] for m in unchanged)),
        row("rebuild, one article changed", one["median"], "s", spread=one["spread"]),
        text_row("reports run, one article changed", ", ".join(ran[-1]),
                 f"{name} + 2 comparisons", all(r == expected for r in ran)),
    ]


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--corpus", type=Path, default=SEEDS, help="articles folder")
    p.add_argument("--naive-runs", type=int, default=1, help="runs of the (slow) naive way")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vnlabour-bench-build-"))
    try:
        save(args.results, "build", *full_build(args.corpus, work / "full", args.runs,
                                                args.naive_runs))
        save(args.results, "rebuild", *rebuilds(args.corpus, work / "rebuild", args.runs))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
