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

import shutil
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


def bad_links(path: Path, links: list[str], ids: set[str], root: Path | None = None
              ) -> list[str]:
    """Links of the page at `path` that lead nowhere (or, with `root`, out of `root`)."""
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
        target = (path.parent / unquote(parts.path)).resolve()
        if not target.is_file() or (root is not None and root.resolve() not in target.parents):
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
    charts = check_page(browser, reports / "province-hau-giang.html", screenshots)["images"]
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


def test_a_copy_of_the_reports_folder_alone_has_no_broken_link_or_image(
        browser, screenshots, corpus_build, tmp_path):
    """reports/ moved elsewhere (as a zip would be) works: every page, article page and the
    methods page, without the dataset folder or the repository beside it."""
    copy = tmp_path / "elsewhere" / "shared-reports"
    shutil.copytree(corpus_build.reports, copy)
    pages = sorted(copy.glob("*.html")) + sorted((copy / "articles").glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "methods.html"}
    assert len(list((copy / "articles").glob("*.html"))) == 5  # every seed document
    for path in pages:
        seen = check_page(browser, path, screenshots)
        assert seen["problems"] == [], (path.name, seen["problems"])
        assert [i for i in seen["images"] if not (i["complete"] and i["width"] > 0)] == [], \
            path.name
        assert bad_links(path, seen["links"], seen["ids"], root=copy) == [], path.name
    data = {p.name for p in (copy / "data").iterdir()}
    assert {"facts.csv", "documents.csv", "indicators.csv", "facts.parquet",
            "datapackage.json"} <= data


def test_every_figure_link_lands_on_a_highlighted_mark(browser, corpus_build):
    reports = corpus_build.reports
    records = manifest(reports)["reports"]
    targets = set()
    for r in records:
        page = browser.new_page()
        try:
            page.goto((reports / r["html"]).as_uri())
            hrefs = page.evaluate("() => Array.from(document.querySelectorAll("
                                  "'a[href*=\"#f-\"]'), a => a.getAttribute('href'))")
        finally:
            page.close()
        assert all(h.startswith("articles/") for h in hrefs), r["name"]
        targets |= set(hrefs)
    assert len(targets) >= 30  # the figures of the seed reports (tables and sources)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        for href in sorted(targets):
            page.goto((reports / href.split("#")[0]).as_uri() + "#" + href.split("#")[1])
            page.wait_for_function("""() => {  // the browser scrolled to the mark
                const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
                const box = el && el.getBoundingClientRect();
                return !el || (box.bottom > 0 && box.top < innerHeight);
            }""", timeout=5000)
            seen = page.evaluate("""() => {
                const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
                if (!el) return null;
                return {tag: el.tagName, target: el.matches(':target'), title: el.title,
                        background: getComputedStyle(el).backgroundColor,
                        visible: el.getBoundingClientRect().bottom > 0
                                 && el.getBoundingClientRect().top < innerHeight};
            }""")
            assert seen is not None, href
            assert seen["tag"] == "MARK" and seen["target"] and seen["visible"], (href, seen)
            assert seen["background"] == "rgb(255, 216, 77)", (href, seen)  # :target colour
            assert " · " in seen["title"], href  # its reading on hover
    finally:
        page.close()


def test_the_tile_maps_render(browser, screenshots, corpus_build):
    for name, n in (("comparison-legacy", 63), ("comparison-2025", 34)):
        images = check_page(browser, corpus_build.reports / f"{name}.html",
                            screenshots)["images"]
        maps = [i for i in images if "map" in i["alt"]]
        assert len(maps) >= 1, name
        assert all(i["complete"] and i["width"] > 300 for i in maps), name
        assert maps[0]["alt"].startswith(f"Tile-grid map of the {n} provinces"), name
