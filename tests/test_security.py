"""Hostile text is inert: article text, titles and URLs reach the reports only escaped, nothing
from an article runs in a reviewer's browser, and report names never leave reports/."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from test_browser import check_page

from vnlabour.build import run_build
from vnlabour.places import UnknownProvince, provinces, resolve_report_province, slug

from conftest import TEST_DATA

HOSTILE = TEST_DATA / "hostile"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    code = run_build(src_dir=HOSTILE, data_dir=base / "data", reports_dir=base / "reports",
                     jobs=2, only=None)
    return code, base / "reports"


def pages(reports):
    return sorted(reports.glob("*.html"))


@pytest.mark.build
def test_hostile_corpus_builds(hostile_build):
    code, reports = hostile_build
    assert code == 0
    names = {p.name for p in pages(reports)}
    assert {"index.html", "province-ha-giang.html", "province-hau-giang.html"} <= names


class _Tags(HTMLParser):
    """The elements and attributes a browser would build from a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.build
def test_html_has_no_active_content_from_articles(hostile_build):
    _, reports = hostile_build
    for page in pages(reports):
        parser = _Tags()
        parser.feed(page.read_text(encoding="utf-8"))
        names = {tag for tag, _ in parser.tags}
        assert not names & {"script", "iframe", "svg", "object", "embed"}, page.name
        for tag, attrs in parser.tags:
            assert not [a for a in attrs if a.startswith("on")], (page.name, tag, attrs)
            href = attrs.get("href") or ""
            assert href.startswith(("http://", "https://", "#")) or (
                ":" not in href.split("/")[0]), (page.name, href)


@pytest.mark.build
def test_payloads_show_as_text_in_the_province_report(hostile_build):
    _, reports = hostile_build
    html = (reports / "province-ha-giang.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    assert "30,000" in html


@pytest.mark.browser
def test_nothing_executes_in_the_browser(hostile_build, browser, screenshots):
    _, reports = hostile_build
    for path in pages(reports):
        page = browser.new_page()
        try:
            page.goto(path.as_uri(), wait_until="load")
            page.mouse.move(200, 200)
            page.mouse.move(600, 500)
            assert page.evaluate("() => typeof window.pwned") == "undefined", path.name
            text = page.inner_text("body")
            page.screenshot(path=str(screenshots / f"hostile-{path.stem}.png"), full_page=True)
        finally:
            page.close()
        if path.name == "province-ha-giang.html":
            assert "<script>window.pwned=1</script>" in text   # shown literally
    assert check_page(browser, reports / "province-hau-giang.html", screenshots)["problems"] == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "Hà Giang/../..", 'Hà "Giang"', "..",
                                  "a\\b", "\x00"])
def test_hostile_report_names_stay_inside_reports(name):
    """A name is either refused or resolved to a canonical province, whose slug names the file."""
    assert re.fullmatch(r"[a-z0-9-]+", slug(name)) and ".." not in slug(name)
    try:
        display, _ = resolve_report_province(name)
    except UnknownProvince as err:
        assert str(err).startswith("unknown province")
        return
    assert display in {p.name for p in provinces()} and re.fullmatch(r"[a-z0-9-]+", slug(display))


def test_unknown_province_suggests_the_closest_name():
    with pytest.raises(UnknownProvince) as err:
        resolve_report_province("Ha Gang")
    assert str(err.value) == "unknown province 'Ha Gang'; did you mean 'Hà Giang'?"


def test_build_only_with_a_path_name_writes_nothing_outside(tmp_path, vnlog):
    reports = tmp_path / "reports"
    code = run_build(src_dir=HOSTILE, data_dir=tmp_path / "data", reports_dir=reports, jobs=1,
                     only="../../outside")
    assert code == 2
    assert "unknown province '../../outside'" in vnlog.text
    outside = [p for p in tmp_path.rglob("*") if p.is_file()
               and not p.is_relative_to(reports) and not p.is_relative_to(tmp_path / "data")]
    assert outside == []
