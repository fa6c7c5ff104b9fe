"""The built reports in a real browser: Debian's headless Chromium driven by playwright.

Opens reports/index.html and every report of a fresh build of the embedded corpus (file://),
and checks: no console errors or page errors, every image decoded (naturalWidth > 0), every
relative link resolves to an existing file (and #fragment), external links are http(s).
Screenshots are saved to test-artifacts/screenshots/ for a human to look at.

Chromium is not downloaded: scripts/install-browser.sh installs Debian's `chromium` package
when /usr/bin/chromium is missing; if it is still missing the test fails (it never skips).
The `browser` and `screenshots` fixtures are in tests/conftest.py (the security tests use
them too).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import manifest

pytestmark = pytest.mark.browser


def check_page(browser, path: Path, shots: Path) -> dict:
    """Open `path`; return what the page logged, its images and its links."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    try:
        page.goto(path.as_uri(), wait_until="load")
        images = page.evaluate("""() => Promise.all(Array.from(document.images).map(
            img => img.decode().then(() => null, () => null).then(() => ({
                complete: img.complete, width: img.naturalWidth, alt: img.alt}))))""")
        links = page.evaluate(
            "() => Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))")
        ids = set(page.evaluate("() => Array.from(document.querySelectorAll('[id]'), e => e.id)"))
        title = page.title()
        page.screenshot(path=str(shots / f"{path.stem}.png"), full_page=True)
    finally:
        page.close()
    return {"problems": problems, "images": images, "links": links, "ids": ids,
            "title": title}


def bad_links(path: Path, links: list[str], ids: set[str]) -> list[str]:
    bad = []
    for href in links:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https"):
            if not parts.netloc:
                bad.append(href)
            continue
        if parts.scheme:  # javascript:, data:, file: … never in a report
            bad.append(href)
            continue
        if not parts.path:
            if parts.fragment not in ids:
                bad.append(href)
            continue
        if not (path.parent / unquote(parts.path)).is_file():
            bad.append(href)
    return bad


def test_index_and_every_report_in_chromium(browser, screenshots, corpus_build):
    reports = corpus_build.reports
    records = manifest(reports)["reports"]
    pages = [reports / "index.html"] + [reports / r["html"] for r in records]
    assert len(pages) == len(records) + 1 >= 7
    for path in pages:
        seen = check_page(browser, path, screenshots)
        assert seen["problems"] == [], (path.name, seen["problems"])
        assert [i for i in seen["images"] if not (i["complete"] and i["width"] > 0)] == [], \
            path.name
        assert all(i["alt"] for i in seen["images"]), path.name
        assert bad_links(path, seen["links"], seen["ids"]) == [], path.name
        if path.name == "index.html":
            assert seen["title"] == "vnlabour reports"
            assert {r["html"] for r in records} <= set(seen["links"])
        else:
            assert "index.html" in seen["links"], path.name
        assert (screenshots / f"{path.stem}.png").stat().st_size > 10_000
    charts = check_page(browser, reports / "province-ha-giang.html", screenshots)["images"]
    assert len(charts) == 2 and all(i["width"] == 800 for i in charts)


def test_a_broken_page_would_be_caught(browser, tmp_path):
    """The checks themselves fail on a broken image, a script error and a dead link."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head>'
                    '<body><img src="missing.png" alt="gone"><a href="nowhere.html">x</a>'
                    '<a href="#nope">y</a><script>undefinedFunction()</script></body></html>',
                    encoding="utf-8")
    seen = check_page(browser, page, tmp_path)
    assert any("undefinedFunction" in p for p in seen["problems"])
    assert seen["images"][0]["width"] == 0
    assert bad_links(page, seen["links"], seen["ids"]) == ["nowhere.html", "#nope"]
