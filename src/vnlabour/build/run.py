"""`vnlabour build`, run: extract when the inputs changed, run the report notebooks whose
inputs changed, write the pages of reports/ and the run manifest the index is made from.

A failing report does not stop the others: its executed notebook (with the error) is kept,
the index marks it failed and the command exits non-zero once the rest is built.

Outputs (all written atomically, names are deterministic slugs of province names):
  reports/province-<slug>.html, reports/comparison-legacy.html, reports/comparison-2025.html,
  reports/notebook-<name>.html (with code), reports/notebooks/<name>.ipynb,
  reports/articles/<doc_id>.html, reports/methods.html, reports/data/, reports/static/,
  reports/manifest.json, reports/index.html
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import vnlabour
from vnlabour import corrections as fixes
from vnlabour.build.engine import (CELL_TIMEOUT, ENGINE, KERNEL, Kernels, _count_charts,
                                   _error_text, _import_papermill, render_code_html,
                                   render_html)
from vnlabour.build.plan import Job, inputs_key, notebooks_dir, plan_jobs
from vnlabour.build.stale import UP_TO_DATE, ensure_extracted
from vnlabour.files import atomic_write, replacing
from vnlabour.locking import holding_lock

log = logging.getLogger("vnlabour.build")  # the package's logger, as before the split

MANIFEST = "manifest.json"

INDEX = "index.html"


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
            atomic_write(reports_dir / job.code_html, render_code_html(nb, job.title))
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
    """`reports/index.html` from the manifest (`report.index.write_index`)."""
    from vnlabour.report import index

    index.write_index(reports_dir, manifest)


def write_pages(src_dir: Path, data_dir: Path, reports_dir: Path, previous: dict) -> dict:
    """The pages of reports/ that are not notebooks: the stylesheet and an article page per
    document (only those whose inputs changed since `previous`, the last build's record).
    Returns this build's record."""
    from vnlabour.report import articles, index, site, tables

    site.write_static(reports_dir)
    data = tables.load(data_dir)
    generated = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d")
    index.write_methods(reports_dir)
    return {"articles": articles.write_articles(data, reports_dir, src_dir,
                                                previous.get("articles", {})),
            "quality": index.quality(data),
            "data_files": index.write_data(data_dir, reports_dir, generated, src_dir.name)}


def _remove_stale(reports_dir: Path, keep: set[str]) -> None:
    """Delete report files of earlier builds that this full build did not produce."""
    for pattern in ("province-*.html", "comparison-*.html", "notebooks/*.ipynb",
                    "notebook-*.html"):
        for path in reports_dir.glob(pattern):
            if path.stem.removeprefix("notebook-") not in keep:
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
                planned = plan_jobs(data_dir, only, nb_dir, reports_dir)
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
    pages = previous.get("pages", {}) if planned is None else write_pages(
        src_dir, data_dir, reports_dir, previous.get("pages", {}))
    failed = [j for j in todo if j.status != "ok"]
    manifest = _manifest(previous, planned, todo, only, key, data_dir, reports_dir, msg,
                         seconds=round(time.perf_counter() - t0, 2))
    manifest["pages"] = pages
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
