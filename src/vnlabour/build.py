"""`vnlabour build`: extract when the inputs changed, run the report notebooks whose inputs
changed, render HTML.

One process runs the notebooks with papermill's Python API in a small thread pool on a pool of
warm kernels, renders each with nbconvert's Python API to a self-contained HTML page (no code,
images inline, no JavaScript, nothing loaded from the network) and records the outcome in
`reports/manifest.json`, from which `reports/index.html` is generated. A failing report does
not stop the others: its executed notebook (with the error) is kept, the index marks it failed
and the command exits non-zero once the rest is built.

Rebuilds are incremental, decided by content hashes (as owid/etl does with checksums): the
extraction stamp (articles, extraction code), then one key of the dataset, notebooks and
report code against the last complete build (nothing changed: no planning, no pandas, no
kernel), then a hash per report of exactly the rows it reads (`hash_jobs`): a report whose
hash is that of its last successful run is not run again.

Outputs (all written atomically, names are deterministic slugs of province names):
  reports/province-<slug>.html, reports/comparison-legacy.html, reports/comparison-2025.html,
  reports/notebooks/<same name>.ipynb, reports/manifest.json, reports/index.html
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import html
import json
import logging
import os
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import vnlabour
from vnlabour import corrections as fixes
from vnlabour.files import atomic_write, replacing, sha256_file
from vnlabour.locking import holding_lock

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(vnlabour.__file__).parent
STAMP_NAME = ".extract-stamp.json"
TABLES = ("facts", "documents", "indicators")
DATA_FILES = ("facts.csv", "documents.csv", "indicators.csv", "facts.parquet",
              "documents.parquet", "indicators.parquet", "datapackage.json")
PROVINCE_NOTEBOOK = "province_report.ipynb"
COMPARISON_NOTEBOOK = "comparison_report.ipynb"
REPORT_NOTEBOOKS = (PROVINCE_NOTEBOOK, COMPARISON_NOTEBOOK)
MANIFEST = "manifest.json"
INDEX = "index.html"
KERNEL = "python3"
# No start-up warnings in the build log; no input history: a reused kernel whose execution
# count is reset would print "Session/line number was not unique in database" into a report.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]
CELL_TIMEOUT = 600  # seconds; a report stuck longer fails (and its kernel is replaced)
ENGINE = "vnlabour-pool"  # the papermill engine that runs notebooks on the pool's kernels
# Code that does not change what extraction produces (a change here does not re-extract).
_NOT_EXTRACTION = ("report/", "build.py", "cli.py", "explain.py")
# Code and tables no report reads (extraction, evaluation, the command line): a change here
# does not make a report stale. Of the rule tables, the reports read only these three
# (tests/test_build.py checks, with an audit hook, that the reports open nothing else).
_NOT_REPORT = ("extract.py", "corpus.py", "numbers.py", "evaluate.py", "cli.py",
               "__main__.py", "explain.py", "rules/",
               "confidence.py", "corrections.py", "review")
_REPORT_RULES = ("rules/provinces.csv", "rules/districts.csv", "rules/indicators.csv")


# ----------------------------------------------------------------------------- small helpers

def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def notebooks_dir() -> Path:
    """The folder of the report notebooks: ./notebooks, else the one next to the package."""
    from vnlabour.paths import NOTEBOOKS

    if (NOTEBOOKS / PROVINCE_NOTEBOOK).exists():
        return NOTEBOOKS.resolve()
    return (PACKAGE_DIR.parent.parent / "notebooks").resolve()


# ----------------------------------------------------------------------------- fingerprints

def _package_fingerprint(include) -> str:
    """sha256 over the package version and the package's code and rule tables whose path
    (relative to the package, e.g. 'report/tables.py') `include` accepts."""
    h = hashlib.sha256(vnlabour.__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        rel = path.relative_to(PACKAGE_DIR).as_posix()
        if not path.is_file() or path.suffix not in (".py", ".csv", ".txt") \
                or "__pycache__" in rel or not include(rel):
            continue
        h.update(rel.encode() + b"\0" + sha256_file(path).encode())
    return h.hexdigest()


def code_fingerprint() -> str:
    """sha256 over the package version and the extraction code and rule tables."""
    return _package_fingerprint(lambda rel: not rel.startswith(_NOT_EXTRACTION))


def read_by_reports(rel: str) -> bool:
    """True when a report may read the package file `rel` (its code or a rule table)."""
    return not rel.startswith(_NOT_REPORT) or rel in _REPORT_RULES


def report_code_fingerprint() -> str:
    """sha256 over the package version and everything a report runs or reads: the report
    package, the dataset loader, places and the rule tables they read, and this module
    (it renders the HTML)."""
    return _package_fingerprint(read_by_reports)


# ----------------------------------------------------------------------------- extraction

UP_TO_DATE = "dataset up to date (inputs unchanged since the last extraction)"


def input_stamp(src_dir: Path, rules_dir: Path | None = None,
                corrections: Path | None = None) -> dict:
    """What the extraction result depends on: every input file's sha256, the code and, with
    `--rules DIR`, the researcher's rule tables, and the corrections file applied, if any."""
    files = {p.relative_to(src_dir).as_posix(): sha256_file(p)
             for p in sorted(src_dir.rglob("*")) if p.is_file() and not p.name.startswith(".")}
    stamp = {"version": vnlabour.__version__, "code": code_fingerprint(), "inputs": files}
    if rules_dir is not None:
        stamp["rules"] = {p.name: sha256_file(p) for p in sorted(rules_dir.glob("*.csv"))}
    if corrections is not None and corrections.exists():
        stamp["corrections"] = sha256_file(corrections)
    return stamp


def is_stale(src_dir: Path, data_dir: Path, rules_dir: Path | None = None,
             corrections: Path | None = None) -> bool:
    """True when the tables are missing or the stamp differs from the current inputs."""
    if not all((data_dir / f"{t}.csv").exists() for t in TABLES):
        return True
    try:
        old = json.loads((data_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return old != input_stamp(src_dir, rules_dir, corrections)


def write_stamp(src_dir: Path, data_dir: Path, rules_dir: Path | None = None,
                corrections: Path | None = None) -> None:
    """Record the inputs the tables in `data_dir` were extracted from."""
    atomic_write(data_dir / STAMP_NAME, json.dumps(input_stamp(src_dir, rules_dir, corrections),
                                                   indent=1, sort_keys=True) + "\n")


def ensure_extracted(src_dir: Path, data_dir: Path, jobs: int = 1, on_extract=None,
                     rules_dir: Path | None = None, corrections: Path | None = None
                     ) -> tuple[bool, str]:
    """Run the extraction when the inputs changed. Returns (ok, message).

    `on_extract` is called just before an extraction starts: the build starts its kernels
    then, so that they warm up while the articles are read (and not when nothing changed)."""
    if not is_stale(src_dir, data_dir, rules_dir, corrections):
        return True, UP_TO_DATE
    if on_extract is not None:
        on_extract()
    from vnlabour.corpus import run_extract

    t0 = time.perf_counter()
    data_dir.mkdir(parents=True, exist_ok=True)
    summary = run_extract(src_dir, data_dir, jobs=jobs, rules_dir=rules_dir,
                          corrections=corrections)  # logs problems and stale corrections
    first = summary.headline.split(" -> ")[0]
    msg = f"dataset extracted in {time.perf_counter() - t0:.1f} s: {first}"
    if not summary.ok:
        return False, msg
    write_stamp(src_dir, data_dir, rules_dir, corrections)
    return True, msg


# ----------------------------------------------------------------------------- jobs

@dataclass
class Job:
    """One report to build, and (after the run, or from the last build when it was up to
    date) its outcome."""

    name: str            # file stem: province-ha-giang, comparison-legacy
    kind: str            # province | comparison
    title: str
    notebook: str        # template notebook file name
    parameters: dict
    n_figures: int
    province: str = ""
    province_2025: str = ""
    provinces: list[str] = field(default_factory=list)  # pre-2025 provinces it covers
    geography: str = ""
    hash: str = ""       # of everything the report depends on (see hash_jobs)
    status: str = "pending"  # ok | failed
    seconds: float = 0.0
    n_charts: int = 0
    error: str = ""

    @property
    def html(self) -> str:
        return f"{self.name}.html"

    @property
    def ipynb(self) -> str:
        return f"notebooks/{self.name}.ipynb"

    def record(self) -> dict:
        out = asdict(self)
        out.update(html=self.html if self.status == "ok" else "", ipynb=self.ipynb)
        return out

    def is_built(self, record: dict | None, reports_dir: Path) -> bool:
        """True when the last build's `record` of this report ran from the same inputs
        (same hash), succeeded, and its HTML and notebook are still there."""
        return (record is not None and record.get("hash") == self.hash
                and record.get("status") == "ok" and (reports_dir / self.html).is_file()
                and (reports_dir / self.ipynb).is_file())

    def keep(self, record: dict) -> None:
        """Take the outcome of the last build's run (the report is up to date)."""
        self.status, self.seconds = record["status"], record["seconds"]
        self.n_charts, self.error = record.get("n_charts", 0), record.get("error", "")


def plan_jobs(data_dir: Path, only: str | None = None, nb_dir: Path | None = None
              ) -> list[Job]:
    """The reports to build, with their hashes: one per province with figures plus the two
    comparisons; with `only`, the report of that province (pre-2025 or 2025 name) alone."""
    from vnlabour.dataset import load
    from vnlabour.report import scope, tables

    data = tables.Data(load(data_dir))
    data_param = str(data_dir.resolve())
    names = [only] if only else data.provinces_with_figures()
    jobs, seen = [], set()
    for name in names:
        sc = scope.resolve(name)
        slug = scope.slug(sc.display)
        if slug in seen:
            continue
        seen.add(slug)
        jobs.append(Job(
            name=f"province-{slug}", kind="province", title=sc.display,
            notebook=PROVINCE_NOTEBOOK,
            parameters={"province": sc.display, "data_dir": data_param},
            n_figures=tables.figure_count(data, sc.provinces), province=sc.display,
            province_2025=", ".join(sc.province_2025), provinces=list(sc.provinces)))
    jobs.sort(key=lambda j: tables.sort_key(j.title))
    if not only:
        jobs += _comparison_jobs(data, data_param)
    hash_jobs(jobs, data, data_dir, nb_dir or notebooks_dir())
    return jobs


def _comparison_jobs(data, data_param: str) -> list[Job]:
    """The comparison reports: the 63 provinces as reported, and the 34 of the 2025 merger."""
    from vnlabour.report import scope
    from vnlabour.report.comparison import ComparisonReport

    titles = {scope.LEGACY: "Comparison: 63 provinces as reported (pre-2025)",
              scope.MERGED: "Comparison: 34 provinces (2025 merger)"}
    return [Job(name=f"comparison-{geo}", kind="comparison", title=title,
                notebook=COMPARISON_NOTEBOOK,
                parameters={"geography": geo, "data_dir": data_param},
                n_figures=ComparisonReport(data, geography=geo).n_figures, geography=geo)
            for geo, title in titles.items()]


# ----------------------------------------------------------------------------- what is stale

def inputs_key(data_dir: Path, nb_dir: Path) -> str:
    """sha256 of everything any report depends on, cheap to compute (no pandas, no kernel):
    the dataset tables the notebooks load, the notebooks, the code the reports run and the
    folder of the data (a notebook parameter). When it equals the key of a complete earlier
    build, no report can be stale."""
    return _sha256_text(json.dumps({
        "code": report_code_fingerprint(),
        "notebooks": {nb: sha256_file(nb_dir / nb) for nb in REPORT_NOTEBOOKS},
        "data": {f"{t}.csv": sha256_file(data_dir / f"{t}.csv") for t in TABLES},
        "data_dir": str(data_dir.resolve()),
    }, sort_keys=True))


def _province_rows(data, provinces: list[str], ranks) -> str:
    """The rows a province report reads, as CSV text: the indicator values and facts of its
    provinces (and the facts those values cite), the documents of those facts, every
    unresolved document (the data notes list them) and its ranks among the other provinces
    (`tables.ranks`: its rank, the number and the names of the provinces with the same
    figure, so another province's change rebuilds this report only when those change)."""
    from vnlabour.report import tables

    ind = data.indicators[data.indicators["province"].isin(provinces)]
    cited = set(";".join(ind["fact_ids"]).split(";")) - {""}
    facts = data.facts[data.facts["province"].isin(provinces)
                       | data.facts["fact_id"].isin(cited)].drop(columns=["confidence"])
    docs = data.documents[data.documents["doc_id"].isin(set(facts["doc_id"]))]
    parts = (ind, facts, docs, tables.unresolved_documents(data),
             ranks[ranks["Province"].isin(provinces)])
    return "\n".join(df.to_csv(index=False, lineterminator="\n") for df in parts)


def hash_jobs(jobs: list[Job], data, data_dir: Path, nb_dir: Path) -> None:
    """Set each job's `hash`: sha256 of its parameters, notebook, the report code and the
    rows of the dataset it reads (a province report: `_province_rows`; a comparison: the
    indicators and documents files, and the facts but for what only a province report shows
    of them, a reviewed figure's mark). A report whose hash and HTML are those of the last
    build is not run."""
    from vnlabour.report import tables

    code = report_code_fingerprint()
    notebooks = {nb: sha256_file(nb_dir / nb) for nb in REPORT_NOTEBOOKS}
    review_only = [c for c in data.facts.columns if c in ("confidence", "review")
                   or c.endswith("_extracted")]
    whole = {**{f"{t}.csv": sha256_file(data_dir / f"{t}.csv") for t in ("indicators",
                                                                          "documents")},
             "facts": _sha256_text(data.facts.drop(columns=review_only).to_csv(
                 index=False, lineterminator="\n"))}
    provinces = sorted({p for j in jobs for p in j.provinces})
    ranks = tables.ranks(data, provinces)
    for job in jobs:
        rows = (_sha256_text(_province_rows(data, job.provinces, ranks))
                if job.kind == "province" else whole)
        job.hash = _sha256_text(json.dumps({
            "code": code, "notebook": notebooks[job.notebook], "parameters": job.parameters,
            "title": job.title, "rows": rows}, sort_keys=True, ensure_ascii=False))


# ----------------------------------------------------------------------------- run + render

_IMPORT_LOCK = threading.Lock()


def _import_papermill():
    """papermill and nbconvert, without jsonschema's slow optional IRI checker (~1 s of
    `rfc3987_syntax` start-up; nbformat's schema has no IRI formats), with the pool engine
    registered."""
    with _IMPORT_LOCK:
        stub = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
        if stub:
            sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import fails
        try:
            import nbconvert
            import papermill
        finally:
            if stub and sys.modules.get("rfc3987_syntax", 0) is None:
                del sys.modules["rfc3987_syntax"]
        from papermill.engines import papermill_engines

        papermill_engines.register(ENGINE, _pool_engine())
    return papermill, nbconvert


@functools.lru_cache(maxsize=1)
def _pool_engine():
    """papermill's nbclient engine, run on a kernel of the pool through the pool's connected
    client (`kc`). papermill's own engine connects a new client to the kernel for every
    notebook and waits for it to be ready, ~0.2 s of quiet-channel timeout per report. The
    cell papermill injects gets a fixed id instead of a random one, so that the same inputs
    give the same pages."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger

    class PoolEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, km=None, kc=None,
                                     execution_timeout=None, log_output=False, **_):
            for cell in nb_man.nb.cells:
                if "injected-parameters" in cell.metadata.get("tags", []):
                    cell.id = "injected-parameters"
            client = PapermillNotebookClient(nb_man, km=km, kernel_name=kernel_name,
                                             timeout=execution_timeout, log=logger,
                                             log_output=log_output)
            client.kc = kc  # set: nbclient then neither connects nor waits for the kernel
            return client.execute()

    return PoolEngine


_exporter_local = threading.local()


def _exporter():
    """One nbconvert HTML exporter per thread: body only, no code, no prompts."""
    exp = getattr(_exporter_local, "exp", None)
    if exp is None:
        exp = _page_exporter()(template_name="basic", exclude_input=True,
                               exclude_input_prompt=True, exclude_output_prompt=True,
                               embed_images=True, anchor_link_text="¶")
        _exporter_local.exp = exp
    return exp


@functools.lru_cache(maxsize=1)
def _page_exporter():
    """nbconvert's HTMLExporter without its last step, which parses the whole page again
    with BeautifulSoup (~0.2 s a report at 63 provinces, a sixth of the build process's
    work) only to give images without alt text a placeholder one and the input and output
    areas of the 'lab' template a tabindex: the report charts carry their own alt text
    (tests/test_browser.py checks every image has one) and the 'basic' template has no such
    areas."""
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters import Highlight2HTML

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            self.register_filter("highlight_code", Highlight2HTML(parent=self))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


CSS = """
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--accent:#2a6f97;--bad:#b42318;--good:#1b7f3b}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans","Noto Sans","Segoe UI",Arial,sans-serif;color:var(--ink);
 margin:0;line-height:1.5;background:#fff}
main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem 3rem}
nav.vn-nav{background:#f5f7fa;border-bottom:1px solid var(--line);padding:.5rem 1.5rem;
 font-size:.9rem}
a{color:var(--accent)}
h1{font-size:1.8rem;margin:.6rem 0 .3rem}
h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.vn-sub,.vn-legend,.vn-note,.vn-meta{color:var(--muted)}
.vn-legend{font-size:.85rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem;max-width:100%}
th,td{border:1px solid var(--line);padding:.25rem .5rem;vertical-align:top;text-align:left}
th{background:#f0f4f8}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
img{max-width:100%;height:auto}
figure.vn-chart{margin:.8rem 0}
pre{background:#f5f7fa;border:1px solid var(--line);padding:.6rem;white-space:pre-wrap;
 font-size:.88rem}
.jp-Cell,.cell{margin:0}
a.anchor-link{visibility:hidden;text-decoration:none;margin-left:.3rem}
h2:hover a.anchor-link{visibility:visible}
.status-ok{color:var(--good);font-weight:bold}
.status-failed{color:var(--bad);font-weight:bold}
.vn-failures{border:1px solid var(--bad);background:#fff5f5;padding:.5rem 1rem}
"""


def page(title: str, body: str, nav: str = "") -> str:
    """A complete, self-contained HTML page (inline CSS, no scripts)."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + (f'<nav class="vn-nav">{nav}</nav>\n' if nav else "")
            + f"<main>\n{body}\n</main>\n</body>\n</html>\n")


def render_html(nb, title: str) -> str:
    """The executed notebook as a self-contained page: outputs and prose, no code cells."""
    body, _ = _exporter().from_notebook_node(nb)
    nav = '<a href="index.html">← All reports</a>'
    return page(title, body, nav)


def _count_charts(nb) -> int:
    n = 0
    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if "image/png" in data or 'class="vn-chart"' in str(data.get("text/html", "")):
                n += 1
    return n


def _error_text(exc: BaseException) -> str:
    """'ValueError: unknown province …' from a papermill or any other exception."""
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None)
    if evalue is None:
        lines = str(exc).strip().splitlines()
        evalue = lines[-1] if lines else ""
    return f"{ename}: {evalue}"


class Kernels:
    """A pool of warm kernels, reused from report to report.

    Kernel start-up and the notebooks' imports (pandas, matplotlib) dominate a report's run
    time. The pool starts its kernels in the background as soon as the build knows it will
    run reports (while the articles are extracted, or the jobs planned), imports the report
    modules in them, and after each report clears the user namespace (`%reset -f`, in the
    background while the report's HTML is rendered): every report starts from empty variables
    but finds its modules imported. Once warm, a kernel freezes what it holds (`gc.freeze`):
    the cyclic garbage collector, which `%reset` runs in full and Python runs now and then
    during a report, no longer walks the ~130,000 objects of the imported modules every time
    (about 0.4 s a report). A kernel that failed a report is shut down and replaced.
    Kernels start in the notebooks folder (papermill's own `cwd` option would chdir the whole
    build process, which is unsafe with threads).
    """

    WARM = ("vnlabour.dataset", "vnlabour.report.province", "vnlabour.report.comparison",
            "vnlabour.report.figures", "seaborn")
    RESET = "%reset -f\nget_ipython().execution_count = 1"

    def __init__(self, cwd: Path) -> None:
        import queue

        self.cwd = cwd
        self.ready: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.started: list = []
        self.closed = False
        self.starter: ThreadPoolExecutor | None = None

    def start(self, n: int) -> Kernels:
        """Start `n` kernels in the background (once: later calls change nothing)."""
        # typing before the threads: they import it (jupyter_client), and a dataclass made
        # meanwhile in this thread looks it up in sys.modules, half-imported ("partially
        # initialized module 'typing' has no attribute 'ClassVar'")
        import typing  # noqa: F401

        with self.lock:
            if self.starter is None:
                self.starter = ThreadPoolExecutor(max_workers=max(1, n))
                for _ in range(max(1, n)):
                    self.starter.submit(self._start)
        return self

    def _start(self) -> None:
        from jupyter_client import KernelManager

        try:
            km = KernelManager(kernel_name=KERNEL)
            km.start_kernel(extra_arguments=KERNEL_ARGS, cwd=str(self.cwd))
            with self.lock:
                self.started.append(km)
            kc = km.blocking_client()
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            warm = ("import importlib as _il\n"
                    f"for _m in {self.WARM!r}:\n    _il.import_module(_m)\n"
                    "_il.import_module('vnlabour.report.figures').warm_up()\n"
                    "import gc as _gc\n_gc.collect()\n_gc.freeze()\n"
                    "del _il, _m, _gc")
            kc.execute_interactive(warm, silent=True, timeout=120)
            self.ready.put((km, kc))
        except Exception as exc:  # noqa: BLE001 - handed to the job that waits for it
            self.ready.put(exc)

    def acquire(self):
        """A warm (km, kc) pair; waits for one to be free."""
        item = self.ready.get(timeout=300)
        if isinstance(item, Exception):
            self.starter.submit(self._start)  # keep the pool size for the other jobs
            raise item
        return item

    def release(self, pair, healthy: bool) -> None:
        """Give a kernel back after a report, without waiting for it: it is reset (or
        replaced, when it failed the report) in the background."""
        self.starter.submit(self._recycle, pair, healthy)

    def _recycle(self, pair, healthy: bool) -> None:
        """Reset a kernel and make it available again; replace it when that fails."""
        km, kc = pair
        if healthy and km.is_alive():
            try:
                reply = kc.execute_interactive(self.RESET, silent=True, timeout=60)
                if reply["content"].get("status") == "ok":
                    self.ready.put(pair)
                    return
            except Exception:  # noqa: BLE001 - a kernel that cannot reset is replaced
                pass
        self._shutdown(km, kc)
        if not self.closed:
            self._start()

    def _shutdown(self, km, kc) -> None:
        with self.lock:
            if km in self.started:
                self.started.remove(km)
        try:
            if kc is not None:
                kc.stop_channels()
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)

    def close(self) -> None:
        """Shut every kernel down (also those still starting)."""
        self.closed = True
        if self.starter is None:
            return
        self.starter.shutdown(wait=True)
        while not self.ready.empty():
            item = self.ready.get()
            if not isinstance(item, Exception):
                self._shutdown(*item)
        with self.lock:
            left, self.started = self.started, []
        for km in left:
            if km.has_kernel:
                km.shutdown_kernel(now=True)


def run_job(job: Job, kernels: Kernels, nb_dir: Path, reports_dir: Path) -> Job:
    """Execute one notebook, keep it in reports/notebooks, render its HTML when it ran."""
    papermill, _ = _import_papermill()
    import nbformat

    t0 = time.perf_counter()  # reset once a kernel is free: the run time excludes waiting
    out_nb = reports_dir / job.ipynb
    nb = None
    try:
        with replacing(out_nb, suffix=".ipynb") as tmp:  # kept even when the report fails
            pair = None
            try:
                pair = kernels.acquire()
                t0 = time.perf_counter()
                nb = papermill.execute_notebook(
                    str(nb_dir / job.notebook), tmp, parameters=job.parameters,
                    kernel_name=KERNEL, engine_name=ENGINE, km=pair[0], kc=pair[1],
                    progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                    execution_timeout=CELL_TIMEOUT)
                job.status = "ok"
            except Exception as exc:  # noqa: BLE001 - any failure marks the report failed
                job.status, job.error = "failed", _error_text(exc)
            finally:
                if pair is not None:
                    kernels.release(pair, healthy=job.status == "ok")
            if os.path.getsize(tmp) == 0:  # failed before papermill wrote anything
                note = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
                    f"**This report failed before it ran:** `{job.error}`")])
                nbformat.write(note, tmp)
        if job.status == "ok":
            nb = nb if nb is not None else nbformat.read(out_nb, as_version=4)
            job.n_charts = _count_charts(nb)
            atomic_write(reports_dir / job.html, render_html(nb, job.title))
    except Exception as exc:  # noqa: BLE001 - rendering failures too
        job.status, job.error = "failed", _error_text(exc)
    if job.status != "ok":
        stale = reports_dir / job.html
        if stale.exists():
            stale.unlink()
    job.seconds = round(time.perf_counter() - t0, 2)
    return job


class _Progress:
    """A tqdm bar on a terminal, plain log lines otherwise."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.bar = None
        if sys.stderr.isatty() and log.isEnabledFor(logging.INFO):
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="report", file=sys.stderr)

    def update(self, job: Job) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{job.name} {job.status}")
            self.bar.update(1)
            if job.status != "ok":
                self.bar.write(f"FAILED {job.name}: {job.error}")
        else:
            log.info("[%d/%d] %-6s %s (%.1f s)%s", self.done, self.total, job.status, job.name,
                     job.seconds, f": {job.error}" if job.error else "")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_jobs(jobs: list[Job], nb_dir: Path, reports_dir: Path, n_workers: int,
             kernels: Kernels | None = None) -> list[Job]:
    """Execute `jobs` in a pool of `n_workers` threads sharing warm kernels; every job ends
    ok or failed."""
    _import_papermill()
    n_workers = max(1, min(n_workers, len(jobs)))
    own = kernels is None
    kernels = (kernels or Kernels(nb_dir)).start(n_workers)
    progress = _Progress(len(jobs))
    try:
        # longest first (comparisons, then the provinces with most figures): shorter build
        order = sorted(jobs, key=lambda j: (j.kind != "comparison", -j.n_figures))
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            futures = [pool.submit(run_job, j, kernels, nb_dir, reports_dir) for j in order]
            for fut in as_completed(futures):
                progress.update(fut.result())
                _stop_after_hook(progress.done)
    finally:
        if own:
            kernels.close()
        progress.close()
    return jobs


def _stop_after_hook(done: int) -> None:
    """Test hook: with VNLABOUR_STOP_AFTER=N in the environment the build process kills
    itself (SIGKILL, as a crash or `kill -9` would) once N reports are done, so that
    tests/test_resilience.py checks what a build killed midway leaves without a timer."""
    stop_after = os.environ.get("VNLABOUR_STOP_AFTER")
    if stop_after and done >= int(stop_after):
        os.kill(os.getpid(), signal.SIGKILL)


# ----------------------------------------------------------------------------- manifest + index

def read_manifest(reports_dir: Path) -> dict:
    try:
        return json.loads((reports_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"reports": []}


def _rel(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def write_index(reports_dir: Path, manifest: dict) -> None:
    """`reports/index.html` from the manifest: every report, its status, time and figures,
    the dataset files and the failures."""
    e = html.escape
    reports = manifest.get("reports", [])
    failed = [r for r in reports if r["status"] != "ok"]
    n_ok = len(reports) - len(failed)

    def row(r: dict) -> str:
        link = (f'<a href="{e(r["html"])}">{e(r["title"])}</a>' if r["status"] == "ok"
                and r.get("html") else e(r["title"]))
        nb = f'<a href="{e(r["ipynb"])}">notebook</a>'
        extra = e(r.get("province_2025", "")) if r["kind"] == "province" else e(
            r.get("geography", ""))
        return (f"<tr><td>{link}</td><td>{extra}</td>"
                f'<td class="status-{e(r["status"])}">{e(r["status"])}</td>'
                f'<td class="num">{r["seconds"]:.1f} s</td><td class="num">{r["n_figures"]}</td>'
                f'<td class="num">{r.get("n_charts", 0)}</td><td>{nb}</td></tr>')

    def table(kind: str, second: str) -> str:
        rows = [r for r in reports if r["kind"] == kind]
        if not rows:
            return '<p class="vn-note">None in this build.</p>'
        return ("<table><thead><tr><th>Report</th>"
                f"<th>{second}</th><th>Status</th><th>Run time</th><th>Figures</th>"
                "<th>Charts</th><th>Executed notebook</th></tr></thead><tbody>"
                + "".join(row(r) for r in rows) + "</tbody></table>")

    parts = ["<h1>vnlabour reports</h1>",
             f'<p class="vn-meta">Built {e(manifest.get("generated", ""))} with vnlabour '
             f'{e(manifest.get("version", ""))} in {manifest.get("seconds", 0):.1f} s: '
             f"{len(reports)} reports, {n_ok} ok, {len(failed)} failed. "
             f'{e(manifest.get("extract", ""))}</p>']
    if failed:
        items = "".join(f'<li><a href="{e(r["ipynb"])}">{e(r["title"])}</a>: '
                        f"<code>{e(r.get('error', ''))}</code></li>" for r in failed)
        parts.append(f'<section class="vn-failures"><h2 id="failures">Failures</h2>'
                     f"<p>These reports failed; their executed notebooks keep the error."
                     f"</p><ul>{items}</ul></section>")
    if manifest.get("review"):
        from vnlabour.report.review import index_section

        parts.append(index_section(manifest["review"]))
    parts.append('<h2 id="comparisons">Comparisons</h2>' + table("comparison", "Geography"))
    parts.append('<h2 id="provinces">Province reports</h2>'
                 + table("province", "2025 province"))
    files = manifest.get("data_files", [])
    if files:
        parts.append('<h2 id="data">Dataset</h2><ul>' + "".join(
            f'<li><a href="{e(f["href"])}">{e(f["name"])}</a> ({f["bytes"]:,} bytes)</li>'
            for f in files) + "</ul>")
    atomic_write(reports_dir / INDEX, page("vnlabour reports", "\n".join(parts)))


def _data_files(data_dir: Path, reports_dir: Path) -> list[dict]:
    return [{"name": name, "href": _rel(data_dir / name, reports_dir),
             "bytes": (data_dir / name).stat().st_size}
            for name in DATA_FILES if (data_dir / name).exists()]


def _remove_stale(reports_dir: Path, keep: set[str]) -> None:
    """Delete report files of earlier builds that this full build did not produce."""
    for pattern in ("province-*.html", "comparison-*.html", "notebooks/*.ipynb"):
        for path in reports_dir.glob(pattern):
            if path.stem not in keep:
                path.unlink()


# ----------------------------------------------------------------------------- entry point

@holding_lock("data_dir", "reports_dir")
def run_build(src_dir: Path, data_dir: Path, reports_dir: Path, jobs: int, only: str | None,
              rules_dir: Path | None = None, corrections: Path | None = None,
              strict: bool = False) -> int:
    """Extract when the inputs changed, run the reports whose inputs changed since the last
    build (every report, or only one province's), write the manifest and the index. Returns
    the exit code: 0 when every report is built, 1 when one (or the extraction) failed, 2 for
    an unknown province (1 too when `strict` and a correction is stale or malformed).

    What is stale is decided by content hashes, as owid/etl does with checksums: the
    extraction stamp (articles and extraction code), then `inputs_key` (dataset, notebooks,
    report code) against the last complete build, and only when that differs the hash of
    each report (`hash_jobs`). Kernels start only when something is likely to run, while the
    articles are extracted or the reports planned. `rules_dir` is a researcher's folder of
    extra rule rows (`--rules DIR`), part of the extraction stamp. It holds the locks of the
    data and reports folders (`locking`): a second build on them waits for this one."""
    t0 = time.perf_counter()
    src_dir, data_dir, reports_dir = (Path(p).resolve() for p in (src_dir, data_dir,
                                                                   reports_dir))
    jobs = max(1, jobs)
    nb_dir = notebooks_dir()
    kernels = Kernels(nb_dir)
    try:
        ok, msg = ensure_extracted(src_dir, data_dir, jobs=jobs,
                                   on_extract=lambda: kernels.start(1 if only else jobs),
                                   rules_dir=rules_dir, corrections=corrections)
        log.info(msg)
        if not ok:
            log.error("build: extraction failed; no reports built")
            return 1
        if strict and (refused := fixes.problems_of(data_dir, corrections)):
            for problem in refused:
                log.error("%s", problem)
            log.error("build --strict: %d correction(s) stale or malformed; no reports built",
                      len(refused))
            return 1
        previous = read_manifest(reports_dir)
        key = inputs_key(data_dir, nb_dir)
        planned, todo = None, []
        if only is None and _all_built(previous, key, reports_dir):
            log.info(f"reports up to date: 0 of {len(previous['reports'])} report(s) to build")
        else:
            if only is None:  # something is very likely stale: warm up while planning
                kernels.start(jobs)
            try:
                planned = plan_jobs(data_dir, only, nb_dir)
            except ValueError as exc:  # UnknownProvince is a ValueError
                log.error(f"build: {exc}")
                return 2
            todo = _stale_jobs(planned, previous, reports_dir)
            if todo:
                log.info(f"building {len(todo)} of {len(planned)} report(s) with "
                         f"{min(jobs, len(todo))} worker(s); the others are up to date")
                reports_dir.mkdir(parents=True, exist_ok=True)
                run_jobs(todo, nb_dir, reports_dir, jobs, kernels)
            else:
                log.info(f"reports up to date: 0 of {len(planned)} report(s) to build")
    finally:
        kernels.close()
    if planned is not None and not only:
        _remove_stale(reports_dir, {j.name for j in planned})
    failed = [j for j in todo if j.status != "ok"]
    manifest = _manifest(previous, planned, todo, only, key, data_dir, reports_dir, msg,
                         seconds=round(time.perf_counter() - t0, 2))
    manifest["review"] = (previous["review"] if msg == UP_TO_DATE and "review" in previous
                          else fixes.review_summary(data_dir))
    atomic_write(reports_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1)
                 + "\n")
    write_index(reports_dir, manifest)
    log.info(f"{len(todo) - len(failed)} report(s) built, {len(failed)} failed, "
             f"{len(manifest['reports']) - len(todo)} up to date, in {manifest['seconds']:.1f} s "
             f"-> {reports_dir / INDEX}")
    for j in failed:
        log.error(f"FAILED {j.name}: {j.error} (notebook kept: {reports_dir / j.ipynb})")
    return 1 if failed else 0


def _manifest(previous: dict, planned: list[Job] | None, todo: list[Job], only: str | None,
              key: str, data_dir: Path, reports_dir: Path, extract_msg: str, seconds: float
              ) -> dict:
    """The run manifest of this build (the index is generated from it): every report with
    its hash and outcome, the reports executed this time, and the inputs key when the build
    is complete (see _all_built)."""
    records = previous["reports"] if planned is None else _records(planned, previous, only)
    failed = [j for j in todo if j.status != "ok"]
    return {
        "generated": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "version": vnlabour.__version__,
        "seconds": seconds,
        "extract": extract_msg.splitlines()[0],
        "data_dir": _rel(data_dir, reports_dir),
        "data_files": _data_files(data_dir, reports_dir),
        "inputs": _complete_key(key, previous, planned, only, failed),
        "executed": [j.name for j in todo],
        "reports": records,
    }


def _all_built(previous: dict, key: str, reports_dir: Path) -> bool:
    """True when the last build was a complete one (every report, none failed) from the same
    inputs, and its pages are still there: then no report is stale, without planning."""
    return previous.get("inputs") == key and all(
        r["status"] == "ok" and (reports_dir / r["html"]).is_file()
        and (reports_dir / r["ipynb"]).is_file() for r in previous["reports"])


def _complete_key(key: str, previous: dict, planned: list[Job] | None, only: str | None,
                  failed: list[Job]) -> str | None:
    """The inputs key to record when every report of the manifest is now built from these
    inputs (see _all_built), else None: a full build without failures, or an `only` build
    of a report the last complete build from the same inputs already had."""
    if failed:
        return None
    if only is None:
        return key
    names = {r["name"] for r in previous["reports"]}
    return key if previous.get("inputs") == key and all(
        j.name in names for j in planned or []) else None


def _stale_jobs(planned: list[Job], previous: dict, reports_dir: Path) -> list[Job]:
    """The planned jobs to run; the others take the outcome of their last run."""
    last = {r["name"]: r for r in previous["reports"]}
    todo = []
    for job in planned:
        if job.is_built(last.get(job.name), reports_dir):
            log.debug("%s: up to date (same hash %s… as its last run)", job.name, job.hash[:12])
            job.keep(last[job.name])
        else:
            todo.append(job)
    return todo


def _records(planned: list[Job], previous: dict, only: str | None) -> list[dict]:
    """The manifest's reports: the planned ones; with `only`, also the other reports of the
    last build (the index stays whole)."""
    records = [j.record() for j in planned]
    if only:
        names = {r["name"] for r in records}
        records = [r for r in previous["reports"] if r["name"] not in names] + records
        records.sort(key=lambda r: (r["kind"] != "comparison", r["kind"], r["name"]))
    return records


# ----------------------------------------------------------------------------- nbval outputs

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
NOTEBOOKS = (PROVINCE_NOTEBOOK, COMPARISON_NOTEBOOK, "explore.ipynb")


def refresh_checked_outputs(nb_dir: Path | None = None) -> list[Path]:
    """Execute each notebook with its default parameters and store in it only the outputs of
    the cells marked `# NBVAL_CHECK_OUTPUT` (the ones `pytest --nbval-lax` compares); every
    other output (and its execution count) is cleared. Run it after a deliberate change of the
    headline figures of the embedded corpus: `python -m vnlabour.build --refresh-notebooks`."""
    _import_papermill()
    import nbformat
    from nbclient import NotebookClient

    nb_dir = Path(nb_dir) if nb_dir else notebooks_dir()
    written = []
    for name in NOTEBOOKS:
        path = nb_dir / name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name=KERNEL, resources={"metadata": {"path": str(nb_dir)}},
                       extra_arguments=KERNEL_ARGS, shutdown_kernel="immediate").execute()
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.metadata.pop("execution", None)
            if CHECK_MARK not in cell.source:  # nbval wants a count on cells with outputs
                cell.execution_count = None
                cell.outputs = []
        atomic_write(path, nbformat.writes(nb) + "\n")
        written.append(path)
    return written


if __name__ == "__main__":
    if sys.argv[1:] == ["--refresh-notebooks"]:
        for p in refresh_checked_outputs():
            print(f"stored checked outputs in {p}")
    else:
        print("usage: python -m vnlabour.build --refresh-notebooks", file=sys.stderr)
        sys.exit(2)
