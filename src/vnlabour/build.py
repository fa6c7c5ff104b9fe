"""`vnlabour build`: extract when the inputs changed, run the report notebooks, render HTML.

One process runs every notebook with papermill's Python API in a small thread pool (each
notebook gets its own kernel), renders it with nbconvert's Python API to a self-contained HTML
page (no code, images inline, no JavaScript, nothing loaded from the network) and records the
outcome in `reports/manifest.json`, from which `reports/index.html` is generated. A failing
report does not stop the others: its executed notebook (with the error) is kept, the index
marks it failed and the command exits non-zero once the rest is built.

Outputs (all written atomically, names are deterministic slugs of province names):
  reports/province-<slug>.html, reports/comparison-legacy.html, reports/comparison-2025.html,
  reports/notebooks/<same name>.ipynb, reports/manifest.json, reports/index.html
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import html
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

import vnlabour
from vnlabour.files import atomic_write, replacing, sha256_file

PACKAGE_DIR = Path(vnlabour.__file__).parent
STAMP_NAME = ".extract-stamp.json"
TABLES = ("facts", "documents", "indicators")
DATA_FILES = ("facts.csv", "documents.csv", "indicators.csv", "facts.parquet",
              "documents.parquet", "indicators.parquet", "datapackage.json")
PROVINCE_NOTEBOOK = "province_report.ipynb"
COMPARISON_NOTEBOOK = "comparison_report.ipynb"
MANIFEST = "manifest.json"
INDEX = "index.html"
KERNEL = "python3"
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]  # no start-up warnings in the build log
CELL_TIMEOUT = 600  # seconds; a report stuck longer fails (and its kernel is replaced)
# Code that does not change what extraction produces (a change here does not re-extract).
_NOT_EXTRACTION = ("report/", "build.py", "cli.py", "rules/indicator_labels.csv")


# ----------------------------------------------------------------------------- small helpers

def _log(msg: str) -> None:
    print(msg, flush=True)


def notebooks_dir() -> Path:
    """The folder of the report notebooks: ./notebooks, else the one next to the package."""
    from vnlabour.paths import NOTEBOOKS

    if (NOTEBOOKS / PROVINCE_NOTEBOOK).exists():
        return NOTEBOOKS.resolve()
    return (PACKAGE_DIR.parent.parent / "notebooks").resolve()


# ----------------------------------------------------------------------------- extraction

def code_fingerprint() -> str:
    """sha256 over the package version and the extraction code and rule tables."""
    h = hashlib.sha256(vnlabour.__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        rel = path.relative_to(PACKAGE_DIR).as_posix()
        if not path.is_file() or path.suffix not in (".py", ".csv", ".txt") \
                or "__pycache__" in rel or rel.startswith(_NOT_EXTRACTION):
            continue
        h.update(rel.encode() + b"\0" + sha256_file(path).encode())
    return h.hexdigest()


def input_stamp(src_dir: Path) -> dict:
    """What the extraction result depends on: every input file's sha256 and the code."""
    files = {p.relative_to(src_dir).as_posix(): sha256_file(p)
             for p in sorted(src_dir.rglob("*")) if p.is_file() and not p.name.startswith(".")}
    return {"version": vnlabour.__version__, "code": code_fingerprint(), "inputs": files}


def is_stale(src_dir: Path, data_dir: Path) -> bool:
    """True when the tables are missing or the stamp differs from the current inputs."""
    if not all((data_dir / f"{t}.csv").exists() for t in TABLES):
        return True
    try:
        old = json.loads((data_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return old != input_stamp(src_dir)


def write_stamp(src_dir: Path, data_dir: Path) -> None:
    """Record the inputs the tables in `data_dir` were extracted from."""
    atomic_write(data_dir / STAMP_NAME,
                 json.dumps(input_stamp(src_dir), indent=1, sort_keys=True) + "\n")


def ensure_extracted(src_dir: Path, data_dir: Path, jobs: int = 1) -> tuple[bool, str]:
    """Run the extraction when the inputs changed. Returns (ok, message)."""
    if not is_stale(src_dir, data_dir):
        return True, "dataset up to date (inputs unchanged since the last extraction)"
    from vnlabour.corpus import run_extract

    t0 = time.perf_counter()
    data_dir.mkdir(parents=True, exist_ok=True)
    summary = run_extract(src_dir, data_dir, jobs=jobs)
    first, *rest = summary.describe().splitlines()
    first = first.split(" -> ")[0]
    msg = "\n".join([f"dataset extracted in {time.perf_counter() - t0:.1f} s: {first}", *rest])
    if not summary.ok:
        return False, msg
    write_stamp(src_dir, data_dir)
    return True, msg


# ----------------------------------------------------------------------------- jobs

@dataclass
class Job:
    """One report to build, and (after the run) its outcome."""

    name: str            # file stem: province-ha-giang, comparison-legacy
    kind: str            # province | comparison
    title: str
    notebook: str        # template notebook file name
    parameters: dict
    n_figures: int
    province: str = ""
    province_2025: str = ""
    geography: str = ""
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


def plan_jobs(data_dir: Path, only: str | None = None) -> list[Job]:
    """The reports to build: one per province with figures plus the two comparisons; with
    `only`, the report of that province (pre-2025 or 2025 name) alone."""
    from vnlabour.dataset import load
    from vnlabour.report import scope, tables
    from vnlabour.report.comparison import ComparisonReport

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
            province_2025=", ".join(sc.province_2025)))
    if only:
        return jobs
    jobs.sort(key=lambda j: tables.sort_key(j.title))
    for geo, title in ((scope.LEGACY, "Comparison: 63 provinces as reported (pre-2025)"),
                       (scope.MERGED, "Comparison: 34 provinces (2025 merger)")):
        jobs.append(Job(name=f"comparison-{geo}", kind="comparison", title=title,
                        notebook=COMPARISON_NOTEBOOK,
                        parameters={"geography": geo, "data_dir": data_param},
                        n_figures=ComparisonReport(data, geography=geo).n_figures,
                        geography=geo))
    return jobs


# ----------------------------------------------------------------------------- run + render

_IMPORT_LOCK = threading.Lock()


def _import_papermill():
    """papermill and nbconvert, without jsonschema's slow optional IRI checker (~1 s of
    `rfc3987_syntax` start-up; nbformat's schema has no IRI formats)."""
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
    return papermill, nbconvert


_exporter_local = threading.local()


def _exporter():
    """One nbconvert HTMLExporter per thread: body only, no code, no prompts."""
    exp = getattr(_exporter_local, "exp", None)
    if exp is None:
        from nbconvert import HTMLExporter

        exp = HTMLExporter(template_name="basic", exclude_input=True,
                           exclude_input_prompt=True, exclude_output_prompt=True,
                           embed_images=True, anchor_link_text="¶")
        _exporter_local.exp = exp
    return exp


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
    time. The pool starts its kernels in the background as soon as the build begins (while the
    dataset is loaded and the jobs are planned), imports the report modules in them, and after
    each report clears the user namespace (`%reset -f`): every report starts from empty
    variables but finds its modules imported. A kernel that failed a report is shut down and
    replaced. Kernels start in the notebooks folder (papermill's own `cwd` option would chdir
    the whole build process, which is unsafe with threads).
    """

    WARM = ("vnlabour.dataset", "vnlabour.report.province", "vnlabour.report.comparison",
            "vnlabour.report.figures", "seaborn")

    def __init__(self, cwd: Path, n: int) -> None:
        import queue

        self.cwd = cwd
        self.ready: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.started: list = []
        self.closed = False
        self.starter = ThreadPoolExecutor(max_workers=max(1, n))
        for _ in range(max(1, n)):
            self.starter.submit(self._start)

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
                    "del _il, _m")
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
        """Give a kernel back after a report: reset it, or replace it when it failed."""
        km, kc = pair
        if healthy and km.is_alive():
            try:
                reply = kc.execute_interactive(
                    "%reset -f\nget_ipython().execution_count = 1", silent=True, timeout=60)
                if reply["content"].get("status") == "ok":
                    self.ready.put(pair)
                    return
            except Exception:  # noqa: BLE001 - a kernel that cannot reset is replaced
                pass
        self._shutdown(km, kc)
        if not self.closed:
            self.starter.submit(self._start)

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
                    kernel_name=KERNEL, km=pair[0], progress_bar=False, log_output=False,
                    request_save_on_cell_execute=False, execution_timeout=CELL_TIMEOUT)
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
        if sys.stderr.isatty():
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
            _log(f"[{self.done}/{self.total}] {job.status:6} {job.name} ({job.seconds:.1f} s)"
                 + (f": {job.error}" if job.error else ""))

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
    kernels = kernels or Kernels(nb_dir, n_workers)
    progress = _Progress(len(jobs))
    try:
        # longest first (comparisons, then the provinces with most figures): shorter build
        order = sorted(jobs, key=lambda j: (j.kind != "comparison", -j.n_figures))
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            futures = [pool.submit(run_job, j, kernels, nb_dir, reports_dir) for j in order]
            for fut in as_completed(futures):
                progress.update(fut.result())
    finally:
        if own:
            kernels.close()
        progress.close()
    return jobs


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

def run_build(src_dir: Path, data_dir: Path, reports_dir: Path, jobs: int, only: str | None
              ) -> int:
    """Extract when inputs changed, build every report (or only one province's) and the
    index. Returns the exit code: 0 when everything was built, 1 otherwise."""
    t0 = time.perf_counter()
    src_dir, data_dir, reports_dir = (Path(p).resolve() for p in (src_dir, data_dir,
                                                                   reports_dir))
    jobs = max(1, jobs)
    nb_dir = notebooks_dir()
    kernels = Kernels(nb_dir, 1 if only else jobs)  # start warming up while we extract/plan
    try:
        ok, msg = ensure_extracted(src_dir, data_dir, jobs=jobs)
        _log(msg)
        if not ok:
            _log("build: extraction failed; no reports built")
            return 1
        try:
            planned = plan_jobs(data_dir, only)
        except ValueError as exc:  # UnknownProvince is a ValueError
            _log(f"build: {exc}")
            return 2
        _log(f"building {len(planned)} report(s) with {min(jobs, len(planned))} worker(s)")
        reports_dir.mkdir(parents=True, exist_ok=True)
        done = run_jobs(planned, nb_dir, reports_dir, jobs, kernels)
    finally:
        kernels.close()
    records = [j.record() for j in done]
    if only:
        names = {r["name"] for r in records}
        old = [r for r in read_manifest(reports_dir).get("reports", [])
               if r["name"] not in names]
        records = old + records
        records.sort(key=lambda r: (r["kind"] != "comparison", r["kind"], r["name"]))
    else:
        _remove_stale(reports_dir, {j.name for j in done})
    manifest = {
        "generated": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "version": vnlabour.__version__,
        "seconds": round(time.perf_counter() - t0, 2),
        "extract": msg.splitlines()[0],
        "data_dir": _rel(data_dir, reports_dir),
        "data_files": _data_files(data_dir, reports_dir),
        "reports": records,
    }
    atomic_write(reports_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1)
                 + "\n")
    write_index(reports_dir, manifest)
    failed = [j for j in done if j.status != "ok"]
    _log(f"built {len(done) - len(failed)} of {len(done)} report(s) in "
         f"{time.perf_counter() - t0:.1f} s -> {reports_dir / INDEX}")
    for j in failed:
        _log(f"FAILED {j.name}: {j.error} (notebook kept: {reports_dir / j.ipynb})")
    return 1 if failed else 0


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
