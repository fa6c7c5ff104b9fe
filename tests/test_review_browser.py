"""The review notebook in a real browser: JupyterLab on a free loopback port with a token,
notebooks/review.ipynb opened in headless Chromium (playwright), run, Accept clicked on the
first card, and the new row checked in corrections.csv. The screenshot is saved to
test-artifacts/screenshots/review-notebook.png; the time from the click to the row written
is printed."""
from __future__ import annotations

import csv
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_browser import LAUNCH_ARGS, browser, screenshots  # noqa: F401 - shared fixtures
from vnlabour import review
from vnlabour.corpus import run_extract

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "articles"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """JupyterLab serving a copy of the review notebook beside an extracted seed corpus;
    stopped after the test."""
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "review.ipynb", tmp_path / "notebooks")
    run_extract(SEEDS, tmp_path / "data" / "processed")
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={tmp_path / 'notebooks'}",
         f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "lab.log", "w"))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail((tmp_path / "lab.log").read_text())
                time.sleep(0.5)
        yield url, token, tmp_path / "data"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_accept_on_the_first_card_appends_a_row(browser, screenshots, lab):  # noqa: F811
    url, token, data = lab
    corrections = data / "annotations" / "corrections.csv"
    queue = review.queue(data_dir=data / "processed", corrections=corrections)
    first = queue.iloc[0]   # the card on top: the lowest confidence
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(f"{url}/lab/tree/review.ipynb?token={token}", wait_until="load")
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=60_000)
        page.locator(".jp-Cell").first.click()
        for _ in range(3):   # run each cell: the notes, the parameters, the panel
            page.keyboard.press("Shift+Enter")
            page.wait_for_timeout(500)
        card = page.locator(".vn-review-card").first
        card.wait_for(timeout=90_000)
        assert page.locator(".vn-review-card").count() == 10
        assert "<mark>" in card.inner_html()
        t0 = time.perf_counter()
        card.locator("button", has_text="Accept").click()
        while not corrections.exists() and time.perf_counter() - t0 < 30:
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
        page.wait_for_selector(f".vn-progress :text('1 / {len(queue)} figures reviewed')",
                               timeout=30_000)
        news = page.locator(".jp-toast-button:has-text('No')")   # JupyterLab's news prompt
        if news.count():
            news.first.click()
            news.first.wait_for(state="detached", timeout=10_000)
        page.screenshot(path=str(screenshots / "review-notebook.png"), full_page=True)
    finally:
        page.close()
    with open(corrections, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["action"], r["char_start"], r["indicator"]) for r in rows] == [
        ("accept", str(first["char_start"]), first["indicator"])]
    print(f"click on Accept -> row in corrections.csv: {seconds:.2f} s")
