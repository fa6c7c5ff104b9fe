"""`vnlabour build` end to end: the embedded corpus into a temporary folder, `--only`, a
failing report, the "extract only when the inputs changed" stamp, and incremental rebuilds
(what makes a report stale).

`corpus_build` (tests/conftest.py) is session-scoped and shared with the browser tests.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from vnlabour import build
from vnlabour.dataset import load
from vnlabour.report import scope, tables

from conftest import FIXTURE, SEEDS, manifest

SEED_PROVINCES = ("Hà Giang", "Hậu Giang", "Quảng Ninh", "Bắc Kạn")


class Links(HTMLParser):
    """hrefs of <a>, srcs of <img> and <script>, ids, and whether code cells are present."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs, self.imgs, self.scripts, self.ids, self.classes = [], [], [], set(), set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        self.classes.update((a.get("class") or "").split())
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        elif tag == "img":
            self.imgs.append(a.get("src", ""))
        elif tag == "script":
            self.scripts.append(a.get("src", ""))


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def unresolved_links(page: Path) -> list[str]:
    """Relative links of `page` that point to no file, or to a missing #fragment."""
    p = parse(page)
    bad = []
    for href in p.hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https"):
            continue  # source articles online: not fetched in tests
        if parts.scheme:
            bad.append(href)
            continue
        target = (page.parent / unquote(parts.path)) if parts.path else page
        if not target.is_file() or (parts.fragment and parts.fragment not in parse(target).ids):
            bad.append(href)
    return bad


# ----------------------------------------------------------------------------- corpus build

def test_corpus_build_makes_every_expected_report(corpus_build):
    assert corpus_build.code == 0
    data = tables.Data(load(corpus_build.data))
    expected = {f"province-{scope.slug(scope.resolve(p).display)}"
                for p in data.provinces_with_figures()}
    assert {f"province-{scope.slug(p)}" for p in SEED_PROVINCES} <= expected
    expected |= {"comparison-legacy", "comparison-2025"}
    records = manifest(corpus_build.reports)["reports"]
    assert {r["name"] for r in records} == expected
    assert all(r["status"] == "ok" and r["error"] == "" for r in records)
    for name in expected:
        assert (corpus_build.reports / f"{name}.html").is_file(), name
        nb = nbformat.read(corpus_build.reports / "notebooks" / f"{name}.ipynb", as_version=4)
        assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
        streams = [o for c in nb.cells for o in c.get("outputs", [])
                   if o.output_type == "stream"]  # e.g. no IPython history warning
        assert all("ERROR" not in o.text for o in streams), name


@pytest.mark.parametrize("province, figures", [
    ("Hà Giang", ["&gt;30,500", "167%", "13,800", "60%"]),
    ("Hậu Giang", ["26,054", "70.43%", "1.47%", "15,000"]),
    ("Quảng Ninh", ["Hải Hà", "1,884", "1,400", "134.7%"]),
    ("Bắc Kạn", ["1.74%", "1.96%", "≥0.19 pp"]),
])
def test_province_report_shows_its_name_and_figures(corpus_build, province, figures):
    path = corpus_build.reports / f"province-{scope.slug(province)}.html"
    text = path.read_text(encoding="utf-8")
    heading = {"Quảng Ninh": "Hải Hà district, Quảng Ninh",  # their figures are all for it
               "Bắc Kạn": "Bắc Kạn city, Bắc Kạn"}.get(province, province)
    assert f'<h1 class="vn-title">{heading}</h1>' in text
    assert f"<title>{province}</title>" in text
    for figure in figures:
        assert figure in text, figure


def test_html_is_self_contained_without_code(corpus_build):
    for path in corpus_build.reports.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        p = parse(path)
        # nothing loaded from elsewhere: no scripts, the one stylesheet of reports/static,
        # images inline
        assert p.scripts == [] and "@import" not in text, path.name
        assert re.findall(r"<link[^>]*>", text) == [
            '<link rel="stylesheet" href="static/vnlabour.css">'], path.name
        assert all(src.startswith("data:image/png;base64,") for src in p.imgs), path.name
        assert not re.search(r"""\bsrc=["']?(https?:)?//""", text), path.name
        if path.name.startswith("notebook-"):  # the executed notebook with its code
            assert "input_area" in p.classes and (
                "ProvinceReport(" in text or "ComparisonReport(" in text), path.name
            continue
        # no code cells: no inputs, no prompts, no source of the notebook
        assert not {"input", "input_area", "prompt", "input_prompt"} & p.classes, path.name
        for code in ("ProvinceReport(", "ComparisonReport(", "from vnlabour", "data_dir ="):
            assert code not in text, (path.name, code)


def test_charts_are_inline_images(corpus_build):
    records = {r["name"]: r for r in manifest(corpus_build.reports)["reports"]}
    hau_giang = parse(corpus_build.reports / "province-hau-giang.html")
    assert len(hau_giang.imgs) == records["province-hau-giang"]["n_charts"] == 2
    ha_giang = parse(corpus_build.reports / "province-ha-giang.html")  # 2024 only: strips
    assert ha_giang.imgs == [] and "vn-strip" in ha_giang.classes
    legacy = parse(corpus_build.reports / "comparison-legacy.html")
    # the two maps and the scatter of trained labour against poverty (Hậu Giang has both)
    assert len(legacy.imgs) == records["comparison-legacy"]["n_charts"] == 3


def test_index_links_every_report_and_the_dataset(corpus_build):
    reports = corpus_build.reports
    records = manifest(reports)["reports"]
    index = parse(reports / "index.html")
    assert {r["html"] for r in records} <= set(index.hrefs)
    assert {r["ipynb"] for r in records} <= set(index.hrefs)
    for name in ("facts.csv", "documents.csv", "indicators.csv", "datapackage.json"):
        assert f"data/{name}" in index.hrefs
    assert unresolved_links(reports / "index.html") == []
    text = (reports / "index.html").read_text(encoding="utf-8")
    assert f"{len(records)} reports ({len(records)} ok)" in text and "Failed" not in text


def test_figure_counts_in_manifest_match_the_dataset(corpus_build):
    data = tables.Data(load(corpus_build.data))
    for r in manifest(corpus_build.reports)["reports"]:
        if r["kind"] == "province":
            assert r["n_figures"] == tables.figure_count(
                data, scope.resolve(r["province"]).provinces) > 0


def test_comparison_reports_in_both_geographies(corpus_build):
    legacy = (corpus_build.reports / "comparison-legacy.html").read_text(encoding="utf-8")
    merged = (corpus_build.reports / "comparison-2025.html").read_text(encoding="utf-8")
    assert "<li>Hà Giang: <b>&gt;30,500</b></li><li>Hậu Giang: <b>26,054</b>" in legacy
    # Tuyên Quang = Hà Giang + Tuyên Quang: one former province's figure is a part, not a sum
    assert "Tuyên Quang: former Hà Giang &gt;30,500 (2024)" in merged
    assert "legacy geography" in legacy and "2025 geography" in merged


def test_unchanged_inputs_are_not_extracted_again(corpus_build, tmp_path):
    ok, msg = build.ensure_extracted(SEEDS, corpus_build.data)
    assert ok and msg.startswith("dataset up to date")
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    assert build.is_stale(src, corpus_build.data) is False  # same bytes, same stamp
    first = next(src.glob("*.txt"))
    first.write_text(first.read_text(encoding="utf-8") + "\nThêm một dòng.", encoding="utf-8")
    assert build.is_stale(src, corpus_build.data) is True


def test_only_rebuilds_one_province_and_keeps_the_index_whole(corpus_build, tmp_path):
    base = tmp_path / "copy"
    shutil.copytree(corpus_build.base, base)
    reports = base / "reports"
    before = {r["name"]: r for r in manifest(reports)["reports"]}
    legacy_mtime = (reports / "comparison-legacy.html").stat().st_mtime_ns
    code = build.run_build(SEEDS, base / "data", reports, jobs=1, only="ha giang")
    assert code == 0
    after = {r["name"]: r for r in manifest(reports)["reports"]}
    assert set(after) == set(before)
    assert manifest(reports)["executed"] == ["province-ha-giang"]
    assert (reports / "comparison-legacy.html").stat().st_mtime_ns == legacy_mtime
    assert unresolved_links(reports / "index.html") == []
    assert set(parse(reports / "index.html").hrefs) >= {r["html"] for r in after.values()}


def test_only_with_an_unknown_province_fails_with_a_suggestion(corpus_build, tmp_path,
                                                                 vnlog):
    code = build.run_build(SEEDS, corpus_build.data, tmp_path / "reports", jobs=1,
                           only="Ha Giangg")
    assert code == 2
    assert "did you mean 'Hà Giang'" in vnlog.text


# ----------------------------------------------------------------------------- failures

def test_a_failing_report_does_not_stop_the_others(fixture_data, tmp_path, monkeypatch,
                                                   vnlog):
    src, data = fixture_data
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    shutil.copy(build.notebooks_dir() / build.COMPARISON_NOTEBOOK, nb_dir)
    nb = nbformat.read(build.notebooks_dir() / build.PROVINCE_NOTEBOOK, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(
        'if province == "Hậu Giang":\n    raise RuntimeError("boom for Hậu Giang")'))
    nbformat.write(nb, nb_dir / build.PROVINCE_NOTEBOOK)
    monkeypatch.setattr(build.run, "notebooks_dir", lambda: nb_dir)  # where run_build looks
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "province-hau-giang.html").write_text("stale", encoding="utf-8")
    (reports / "province-old.html").write_text("stale", encoding="utf-8")

    assert build.run_build(src, data, reports, jobs=2, only=None) == 1

    out = vnlog.text
    assert "dataset up to date" in out
    assert re.search(r"\[\d/7\] failed province-hau-giang \(\d+\.\d s\): RuntimeError: boom",
                     out)
    records = {r["name"]: r for r in manifest(reports)["reports"]}
    assert set(records) == {"province-bac-kan", "province-ha-giang", "province-hau-giang",
                            "province-quang-ninh", "province-soc-trang", "comparison-legacy",
                            "comparison-2025"}
    failed = records.pop("province-hau-giang")
    assert (failed["status"], failed["error"], failed["html"]) == (
        "failed", "RuntimeError: boom for Hậu Giang", "")
    assert all(r["status"] == "ok" for r in records.values())
    assert not (reports / "province-hau-giang.html").exists()  # no stale page of a failure
    assert not (reports / "province-old.html").exists()        # not built this time
    kept = nbformat.read(reports / "notebooks" / "province-hau-giang.ipynb", as_version=4)
    errors = [o for c in kept.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors[0].ename == "RuntimeError"
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "1 failed" in index
    assert ('<li><a href="notebooks/province-hau-giang.ipynb" download>Hậu Giang</a>: '
            "<code>RuntimeError: boom for Hậu Giang</code></li>") in index
    assert 'href="province-hau-giang.html"' not in index
    assert unresolved_links(reports / "index.html") == []
    # the others are complete, and article text stays escaped end to end
    soc_trang = (reports / "province-soc-trang.html").read_text(encoding="utf-8")
    assert "<script>alert" not in soc_trang and "<img src=x" not in soc_trang
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in soc_trang
    assert 'href="javascript:' not in soc_trang


def test_province_without_figures_builds_a_no_figures_report(fixture_data, tmp_path):
    src, data = fixture_data
    reports = tmp_path / "reports"
    assert build.run_build(src, data, reports, jobs=1, only="Lai Châu") == 0
    text = (reports / "province-lai-chau.html").read_text(encoding="utf-8")
    assert "No figures for Lai Châu in the dataset: no article of the corpus states one" in text
    assert "Lai Châu: no figures in the dataset." in text
    assert manifest(reports)["reports"][0]["n_figures"] == 0


@pytest.mark.unit
def test_stamp_depends_on_inputs_and_code(fixture_data):
    src, data = fixture_data
    assert build.is_stale(src, data) is False
    stamp = json.loads((data / build.STAMP_NAME).read_text(encoding="utf-8"))
    assert set(stamp) == {"version", "code", "inputs"}
    assert list(stamp["inputs"]) == ["sources.csv"]
    stamp["code"] = "0" * 64
    (data / build.STAMP_NAME).write_text(json.dumps(stamp), encoding="utf-8")
    assert build.is_stale(src, data) is True
    (data / "facts.csv").unlink()
    build.write_stamp(src, data)
    assert build.is_stale(src, data) is True  # a table is missing


@pytest.mark.unit
def test_progress_is_a_bar_on_a_terminal_and_log_lines_otherwise(monkeypatch, vnlog):
    import io

    class Tty(io.StringIO):
        def isatty(self):
            return True

    job = build.Job(name="province-ha-giang", kind="province", title="Hà Giang",
                    notebook=build.PROVINCE_NOTEBOOK, parameters={}, n_figures=1,
                    status="ok", seconds=1.25)
    tty = Tty()
    monkeypatch.setattr("sys.stderr", tty)
    bar = build.run._Progress(1)
    bar.update(job)
    bar.close()
    assert "1/1" in tty.getvalue() and "province-ha-giang ok" in tty.getvalue()
    assert vnlog.messages == []

    monkeypatch.setattr("sys.stderr", io.StringIO())
    log = build.run._Progress(1)
    log.update(job)
    log.close()
    assert vnlog.messages == ["[1/1] ok     province-ha-giang (1.2 s)"]


# ----------------------------------------------------------------------------- incremental builds

HA_GIANG_ARTICLE = "003_abde4b4eb7bf41d0.txt"
HEAVY = ("pandas", "papermill", "nbconvert", "jupyter_client")


def cli_build(src: Path, base: Path, *extra: str) -> SimpleNamespace:
    """`vnlabour build` in a new process: its log, the heavy modules it imported, its
    manifest and the modification times of the pages before and after."""
    pages = base / "reports"
    before = {p.name: p.stat().st_mtime_ns for p in pages.glob("*.html")}
    code = ("import sys\nfrom vnlabour.cli import main\n"
            f"code = main(['build', '--src', {str(src)!r}, '--data', {str(base / 'data')!r}, "
            f"'--reports', {str(pages)!r}, *{list(extra)!r}])\n"
            f"print('imported:', [m for m in {HEAVY!r} if m in sys.modules])\n"
            "sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    after = {p.name: p.stat().st_mtime_ns for p in pages.glob("*.html")}
    return SimpleNamespace(log=done.stdout + done.stderr, manifest=manifest(pages), before=before,
                           after=after)


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory):
    """A copy of the embedded corpus built from scratch, again with nothing changed, then
    after one figure of the Hà Giang article changed: one no other province states, so no
    ranking moves (2,734 recipients of unemployment benefits become 2,735)."""
    base = tmp_path_factory.mktemp("rebuilds")
    src = base / "src"
    shutil.copytree(SEEDS, src)
    first = cli_build(src, base)
    same = cli_build(src, base)
    article = src / HA_GIANG_ARTICLE
    text = article.read_text(encoding="utf-8")
    assert "2.734 người" in text
    article.write_text(text.replace("2.734 người", "2.735 người"), encoding="utf-8")
    changed = cli_build(src, base)
    return SimpleNamespace(first=first, same=same, changed=changed, base=base,
                           only=cli_build(src, base, "--only", "Hà Giang"),
                           after_only=cli_build(src, base))


def test_no_change_rebuild_runs_no_notebook_and_imports_nothing_heavy(rebuilds):
    same = rebuilds.same
    assert "imported: []" in same.log  # no pandas, papermill, nbconvert or kernel client
    assert "reports up to date: 0 of 6 report(s) to build" in same.log
    assert same.manifest["executed"] == []
    assert len(rebuilds.first.manifest["executed"]) == 6
    pages = {k: v for k, v in same.after.items() if k != "index.html"}
    assert pages == {k: v for k, v in same.before.items() if k != "index.html"}
    assert same.manifest["reports"] == rebuilds.first.manifest["reports"]
    assert same.manifest["inputs"] == rebuilds.first.manifest["inputs"] is not None


def test_one_changed_article_rebuilds_its_province_the_comparisons_and_the_index(rebuilds):
    changed = rebuilds.changed
    ran = {"province-ha-giang", "comparison-legacy", "comparison-2025"}
    assert set(changed.manifest["executed"]) == ran
    assert "dataset extracted" in changed.log and "building 3 of 6 report(s)" in changed.log
    rebuilt = {k for k in changed.after if changed.after[k] != changed.before.get(k)}
    assert rebuilt == {f"{p}{name}.html" for name in ran for p in ("", "notebook-")} | {
        "index.html"}
    assert "2,735" in (rebuilds.base / "reports" / "province-ha-giang.html").read_text(
        encoding="utf-8")
    old = {r["name"]: r["hash"] for r in rebuilds.first.manifest["reports"]}
    new = {r["name"]: r["hash"] for r in changed.manifest["reports"]}
    assert {name for name in new if new[name] != old[name]} == ran


def test_only_an_up_to_date_report_runs_nothing_and_keeps_the_build_complete(rebuilds):
    only, after = rebuilds.only, rebuilds.after_only
    assert only.manifest["executed"] == []
    assert "reports up to date: 0 of 1 report(s) to build" in only.log
    assert "jupyter_client" not in only.log.split("imported:")[1]  # no kernel started
    assert only.manifest["inputs"] == rebuilds.changed.manifest["inputs"] is not None
    assert after.manifest["executed"] == [] and "imported: []" in after.log


def fixture_hashes(data) -> dict[str, str]:
    """Report name -> hash for the reports of the hand-made dataset, from `data`."""
    jobs = build.plan_jobs(FIXTURE)
    build.hash_jobs(jobs, data, FIXTURE, build.notebooks_dir())
    return {j.name: j.hash for j in jobs}


@pytest.fixture
def fixture_tables():
    return tables.Data(load(FIXTURE))


def _set_value(data, province: str, indicator: str, status: str, year: int, value: float):
    ind = data.indicators
    mask = ((ind["province"] == province) & (ind["indicator"] == indicator)
            & (ind["status"] == status) & (ind["year"] == year) & (ind["locality"] == ""))
    assert mask.sum() == 1
    ind.loc[mask, "value"] = value


@pytest.mark.unit
def test_a_province_report_hash_follows_its_own_rows(fixture_tables):
    before = fixture_hashes(fixture_tables)
    assert before == fixture_hashes(tables.Data(load(FIXTURE)))  # deterministic
    _set_value(fixture_tables, "Hà Giang", "vocational_enrolment", "actual", 2024, 13900)
    after = fixture_hashes(fixture_tables)
    assert {n for n in before if before[n] != after[n]} == {"province-ha-giang"}


@pytest.mark.unit
def test_a_province_report_hash_follows_its_rank_not_other_values(fixture_tables):
    # jobs created 2024: Hà Giang 30,500 (1st), Hậu Giang 26,054 (2nd), Sóc Trăng 20,000 (3rd)
    before = fixture_hashes(fixture_tables)
    _set_value(fixture_tables, "Sóc Trăng", "jobs_created", "actual", 2024, 21000)
    after = fixture_hashes(fixture_tables)  # no rank moves: only Sóc Trăng's own report
    assert {n for n in before if before[n] != after[n]} == {"province-soc-trang"}
    _set_value(fixture_tables, "Sóc Trăng", "jobs_created", "actual", 2024, 28000)
    moved = fixture_hashes(fixture_tables)  # Sóc Trăng passes Hậu Giang: both reports change
    assert {n for n in after if after[n] != moved[n]} == {"province-soc-trang",
                                                          "province-hau-giang"}


@pytest.mark.unit
def test_a_province_report_hash_follows_its_documents(fixture_tables):
    before = fixture_hashes(fixture_tables)
    docs = fixture_tables.documents
    doc_id = fixture_tables.facts.loc[fixture_tables.facts["province"] == "Quảng Ninh",
                                      "doc_id"].iloc[0]
    docs.loc[docs["doc_id"] == doc_id, "title"] = "A corrected title"
    after = fixture_hashes(fixture_tables)
    assert {n for n in before if before[n] != after[n]} == {"province-quang-ninh"}


def test_reports_read_no_package_file_left_out_of_their_fingerprint():
    """Run the report notebooks' code (both kinds, both geographies) in a fresh process and
    list the package files it imports or opens: each must count in report_code_fingerprint,
    or a change to it would leave stale reports."""
    probe = f"""
import json, sys
from pathlib import Path
import nbformat
opened = set()
sys.addaudithook(lambda event, args: event == "open" and isinstance(args[0], str)
                 and opened.add(args[0]))
runs = [("{build.PROVINCE_NOTEBOOK}", dict(province=p)) for p in ("Hà Giang", "Tuyên Quang")]
runs += [("{build.COMPARISON_NOTEBOOK}", dict(geography=g)) for g in ("legacy", "2025")]
for name, params in runs:
    nb = nbformat.read(Path({str(build.notebooks_dir())!r}) / name, as_version=4)
    ns = {{}}
    for cell in [c for c in nb.cells if c.cell_type == "code"]:
        exec(cell.source, ns)
        if "parameters" in cell.metadata.get("tags", []):  # as papermill injects them
            ns.update(params, data_dir={str(FIXTURE)!r})
files = opened | {{m.__file__ for m in list(sys.modules.values())
                  if getattr(m, "__file__", None)}}
print(json.dumps(sorted(files)))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    root = build.PACKAGE_DIR.resolve()
    used = {Path(f).resolve() for f in json.loads(done.stdout.splitlines()[-1])}
    rels = {p.relative_to(root).as_posix() for p in used if root in p.parents
            and "__pycache__" not in p.parts}
    assert {"report/province.py", "rules/provinces.csv", "rules/indicators.csv"} <= rels
    assert [r for r in rels if not build.read_by_reports(r)] == []


def test_pages_are_nbconvert_html_without_the_soup_pass(corpus_build):
    """The exporter skips HTMLExporter's BeautifulSoup pass: the page body is the same
    document (BeautifulSoup's re-serialisation of ours is byte for byte nbconvert's)."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    stock = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                         exclude_output_prompt=True, embed_images=True, anchor_link_text="¶")
    for name in ("province-ha-giang", "comparison-2025"):
        nb = nbformat.read(corpus_build.reports / "notebooks" / f"{name}.ipynb", as_version=4)
        ours = build.engine._exporter().from_notebook_node(nb)[0]
        assert str(BeautifulSoup(ours, features="html.parser")) == \
            stock.from_notebook_node(nb)[0]
