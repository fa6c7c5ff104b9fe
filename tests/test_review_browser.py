"""The review notebook in a real browser: JupyterLab on a free loopback port with a token,
notebooks/review.ipynb opened in headless Chromium (playwright), run, Accept clicked on the
first card, and the new row checked in corrections.csv. The screenshot is saved to
test-artifacts/screenshots/review-notebook.png; the time from the click to the row written
is printed."""
from __future__ import annotations

import csv
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

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
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)   # start the notebook's kernel without asking which
    (settings / "tracker.jupyterlab-settings").write_text('{"autoStartDefaultKernel": true}')
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings")}
    with open(tmp_path / "lab.log", "w") as lab_log:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={tmp_path / 'notebooks'}",
             f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
             *(["--allow-root"] if os.geteuid() == 0 else [])],
            env=env, stdout=subprocess.DEVNULL, stderr=lab_log)
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


def run_cell(page, index: int, tries: int = 3) -> None:
    """Select cell `index` (its prompt: command mode) and run it with Shift+Enter, again when
    a busy machine dropped the keys, until its prompt shows it ran."""
    prompt = page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-InputPrompt")
    for attempt in range(tries):
        dialog = page.locator(".jp-Dialog")
        if dialog.count():   # e.g. "Select Kernel" when the kernel was slow to start
            print("JupyterLab dialog:", " ".join(dialog.first.inner_text().split()))
            dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
        prompt.click()
        page.keyboard.press("Shift+Enter")
        try:
            expect(prompt).to_have_text(re.compile(r"\[[0-9*]+\]"), timeout=20_000)
            return
        except AssertionError:
            if attempt == tries - 1:
                raise


def test_accept_on_the_first_card_appends_a_row(browser, screenshots, lab):
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
        for i in (1, 2):   # run the code cells, the parameters then the panel, in turn
            run_cell(page, i)
        card = page.locator(".vn-review-card").first
        card.wait_for(timeout=180_000)
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
