"""Smoke runs of the benchmark scripts on tiny inputs: each runs to the end and writes its
figures and table under its key of the results file given with --results. No timing is
asserted (timings are the benchmarks' business, `make bench`)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS

BENCH = ROOT / "benchmarks"
SEED = SEEDS / "003_abde4b4eb7bf41d0.txt"  # Hà Giang

SMOKE = {  # script -> arguments on a tiny input
    "bench_extract.py": ["--mb", "0.2", "--jobs", "1", "2", "--runs", "1"],
    "bench_startup.py": ["--mb", "0.2", "--runs", "1"],
    "bench_build.py": ["--corpus", "{corpus}", "--runs", "1"],
    "bench_scale.py": ["--provinces", "3", "--years", "2", "--runs", "1"],
    "bench_corpus.py": ["--articles", "10"],
    "bench_review.py": ["--corpus", "{corpus}", "--figures", "5"],
}


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """Every benchmark run once on a tiny input into one results file: (results, outputs)."""
    base = tmp_path_factory.mktemp("bench")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus)
    results = base / "results.json"
    real = (BENCH / "results.json").read_bytes() if (BENCH / "results.json").exists() else None
    outputs = {script: _run(script, *[a.format(corpus=corpus) for a in args],
                            "--results", str(results)).stdout
               for script, args in SMOKE.items()}
    outputs["summary.py"] = _run("summary.py", "--results", str(results)).stdout
    real_after = (BENCH / "results.json").read_bytes() \
        if (BENCH / "results.json").exists() else None
    assert real_after == real, "a smoke run wrote benchmarks/results.json"
    return json.loads(results.read_text(encoding="utf-8")), outputs


@pytest.mark.parametrize("key, figures", [
    ("extraction", ["corpus_mb", "floor_mb_s", "extract_1_workers_mb_s",
                    "extract_2_workers_mb_s", "extract_1_workers_floor_ratio"]),
    ("build", ["build_s", "naive_s", "naive_over_build", "reports"]),
    ("scale", ["wall_s", "province_report_s", "comparison_report_s", "reports"]),
    ("rebuild", ["no_change_s", "one_article_s", "no_change_executed",
                 "one_article_executed"]),
    ("startup", ["vnlabour_help_s", "import_cli_s", "extract_peak_rss_mb"]),
    ("corpus", ["articles", "reports", "article_pages", "wall_s", "cpu_s"]),
    ("review", ["figures", "clicks_per_figure", "click_to_row_s"]),
])
def test_each_benchmark_writes_its_key(smoke, key, figures):
    results, _ = smoke
    assert set(figures) <= set(results[key])
    assert results[key]["table"], key
    for r in results[key]["table"]:
        assert set(r) == {"what", "figure", "target", "met"}
        assert r["met"] in ("", "yes", "NO")


def test_tables_are_printed_with_targets(smoke):
    _, outputs = smoke
    for script, out in outputs.items():
        assert "what" in out and "figure" in out and "target" in out and "met" in out, script
    summary = outputs["summary.py"]
    for n in range(1, 7):
        assert f"\n{n}. " in summary, n


def test_rebuild_benchmark_sees_the_incremental_build(smoke):
    results, _ = smoke
    rebuild = results["rebuild"]
    assert rebuild["no_change_executed"] == [[]]
    assert rebuild["one_article_executed"] == [rebuild["expected"]]
    assert rebuild["expected"] == ["comparison-2025", "comparison-legacy", "province-ha-giang"]


def test_scale_benchmark_builds_every_province(smoke):
    results, _ = smoke
    assert results["scale"]["provinces"] == 3
    assert results["scale"]["reports"] == 3 + 2  # and the two comparisons
