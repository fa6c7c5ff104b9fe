"""Failures do not spread and nothing is lost: a build killed midway leaves the previous
reports and dataset intact and readable; two builds of the same input give the same bytes."""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys

import pytest

from vnlabour import dataset
from vnlabour.build import run_build

from conftest import SEEDS


def build_cmd(src, data, reports, jobs=2):
    return [sys.executable, "-m", "vnlabour", "build", "--src", str(src), "--data", str(data),
            "--reports", str(reports), "--jobs", str(jobs)]


def snapshot(folder):
    """Visible files of a folder and their bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def assert_readable(data, reports):
    """Every table loads with its schema; every page and notebook is complete."""
    loaded = dataset.load(data)
    for name in ("facts", "documents", "indicators"):
        dataset.validate(name, getattr(loaded, name))
    json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    for record in manifest["reports"]:
        if record["html"]:
            assert (reports / record["html"]).read_text(encoding="utf-8").rstrip() \
                .endswith("</html>"), record["html"]
        json.loads((reports / record["ipynb"]).read_text(encoding="utf-8"))
    assert (reports / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_a_build_killed_midway_leaves_the_previous_outputs_readable(tmp_path):
    src, data, reports = tmp_path / "src", tmp_path / "data", tmp_path / "reports"
    shutil.copytree(SEEDS, src)
    subprocess.run(build_cmd(src, data, reports), check=True, capture_output=True, timeout=600)
    before = snapshot(reports)
    # change an article so the next build re-extracts and rebuilds three reports (Hà Giang's
    # and the comparisons, which run first), and have it killed (SIGKILL) as soon as the
    # first report is done
    article = src / "003_abde4b4eb7bf41d0.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("30.500", "31.500"),
                       encoding="utf-8")
    env = {**os.environ, "VNLABOUR_STOP_AFTER": "1"}
    log = tmp_path / "build.log"
    with open(log, "w", encoding="utf-8") as out:   # a file: orphaned kernels hold no pipe
        proc = subprocess.Popen(build_cmd(src, data, reports, jobs=1), stdout=out,
                                stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            proc.wait(timeout=600)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)   # the killed build's kernels
    text = log.read_text(encoding="utf-8")
    assert proc.returncode == -signal.SIGKILL, text
    assert "building 3 of 6 report(s) with 1 worker(s)" in text
    assert "[1/3] ok     comparison-legacy" in text and "[2/3]" not in text
    assert_readable(data, reports)
    after = snapshot(reports)
    assert set(after) == set(before)   # nothing that existed was removed, nothing half-new
    changed = sorted(name for name in after if after[name] != before[name])
    # the one report done is a new whole page with its notebook (and its page with code, and
    # the CSV files of its tables); manifest and index are old
    assert [n for n in changed if not n.startswith("data/comparison-legacy-")] == [
        "comparison-legacy.html", "notebook-comparison-legacy.html",
        "notebooks/comparison-legacy.ipynb"]
    assert "data/comparison-legacy-table.csv" in changed
    assert after["comparison-legacy.html"].rstrip().endswith(b"</html>")
    assert b"31,500" in after["comparison-legacy.html"]


def test_two_builds_of_the_same_input_are_identical(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        assert run_build(src_dir=SEEDS, data_dir=out / "data", reports_dir=out / "reports",
                         jobs=2, only=None) == 0
    for name in ("facts.csv", "documents.csv", "indicators.csv", "datapackage.json"):
        assert (first / "data" / name).read_bytes() == (second / "data" / name).read_bytes()
    pages_one, pages_two = snapshot(first / "reports"), snapshot(second / "reports")
    assert set(pages_one) == set(pages_two)
    for name in pages_one:
        if name.startswith("notebook-"):  # with its code: the parameters name the folders
            assert pages_one[name].replace(bytes(first), b"<out>") == \
                pages_two[name].replace(bytes(second), b"<out>"), name
        elif name.endswith(".html") and name != "index.html":
            assert pages_one[name] == pages_two[name], name

    def without_times(page: bytes) -> str:
        text = page.decode("utf-8")
        text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", "<time>", text)
        return re.sub(r"\d+\.\d s", "<seconds>", text)

    assert without_times(pages_one["index.html"]) == without_times(pages_two["index.html"])


@pytest.mark.parametrize("stage", ["raw data"])
def test_raw_inputs_are_untouched_by_a_build(tmp_path, stage):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    before = snapshot(src)
    assert run_build(src_dir=src, data_dir=tmp_path / "data", reports_dir=tmp_path / "r",
                     jobs=1, only="Hà Giang") == 0
    assert snapshot(src) == before
