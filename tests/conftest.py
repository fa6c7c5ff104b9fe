"""Shared test fixtures and the project's paths, defined once (test modules import the
constants: `from conftest import SEEDS`). The cost markers are given in ../conftest.py."""
from __future__ import annotations

import json
import logging
import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "articles"
GOLD = ROOT / "data" / "annotations" / "seeds_gold.csv"
TEST_DATA = ROOT / "tests" / "data"
FIXTURE = TEST_DATA / "report_fixture"   # a hand-made dataset for the reports
CHROMIUM = Path("/usr/bin/chromium")
INSTALLER = ROOT / "scripts" / "install-browser.sh"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def seed_dataset(tmp_path_factory):
    """The seed corpus extracted into a temporary folder: (summary, out_dir)."""
    from vnlabour.corpus import run_extract

    out = tmp_path_factory.mktemp("processed")
    return run_extract(SEEDS, out), out


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """The embedded corpus built from scratch (extraction included) into a temporary folder,
    shared by the build, browser and security tests."""
    import time

    from vnlabour import build

    base = tmp_path_factory.mktemp("corpus_build")
    t0 = time.perf_counter()
    code = build.run_build(SEEDS, base / "data", base / "reports", jobs=2, only=None)
    return SimpleNamespace(code=code, base=base, data=base / "data", reports=base / "reports",
                           seconds=time.perf_counter() - t0)


@pytest.fixture
def fixture_data(tmp_path):
    """The hand-made dataset with an up-to-date stamp, so that a build does not extract:
    (src, data)."""
    import shutil

    from vnlabour import build

    src, data = tmp_path / "src", tmp_path / "data"
    src.mkdir()
    (src / "sources.csv").write_text("doc_id,url,published,province\n", encoding="utf-8")
    shutil.copytree(FIXTURE, data)
    build.write_stamp(src, data)
    return src, data


def manifest(reports: Path) -> dict:
    """The build manifest of a reports folder."""
    return json.loads((reports / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def vnlog(caplog):
    """pytest's log capture with the `vnlabour` loggers at INFO: `vnlog.text` is what the
    command would log (the build's progress, warnings and errors)."""
    caplog.set_level(logging.INFO, logger="vnlabour")
    return caplog


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by playwright (installed by scripts/install-browser.sh
    when missing; the browser tests fail, never skip, when it cannot be)."""
    if not os.access(CHROMIUM, os.X_OK):
        run = subprocess.run(["bash", str(INSTALLER)], capture_output=True, text=True,
                             timeout=900)
        if run.returncode != 0 or not os.access(CHROMIUM, os.X_OK):
            pytest.fail(f"{CHROMIUM} is missing and {INSTALLER.name} could not install it "
                        f"(exit {run.returncode}): {run.stderr.strip()[-500:]}\n"
                        "Install Debian's chromium package (`make browser`, as root) and "
                        "rerun; the browser test does not skip.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def screenshots():
    """The folder of the browser tests' screenshots, for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # files are overwritten, never cleared
    return SCREENSHOTS
