"""The plan of a build: the reports to build (one per province with figures and the two
comparisons), each with the hash of everything it depends on, and the key of the whole
build's inputs (nothing changed since the last complete build: no planning at all).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from vnlabour.build.stale import (PACKAGE_DIR, TABLES, _sha256_text,
                                  report_code_fingerprint)
from vnlabour.files import sha256_file

PROVINCE_NOTEBOOK = "province_report.ipynb"

COMPARISON_NOTEBOOK = "comparison_report.ipynb"

REPORT_NOTEBOOKS = (PROVINCE_NOTEBOOK, COMPARISON_NOTEBOOK)


def notebooks_dir() -> Path:
    """The folder of the report notebooks: ./notebooks, else the one next to the package."""
    from vnlabour.paths import NOTEBOOKS

    if (NOTEBOOKS / PROVINCE_NOTEBOOK).exists():
        return NOTEBOOKS.resolve()
    return (PACKAGE_DIR.parent.parent / "notebooks").resolve()


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

    @property
    def code_html(self) -> str:
        """The executed notebook with its code, as a page (beside the report, whose links
        it shares)."""
        return f"notebook-{self.name}.html"

    def record(self) -> dict:
        out = asdict(self)
        out.update(html=self.html if self.status == "ok" else "", ipynb=self.ipynb,
                   code_html=self.code_html if self.status == "ok" else "")
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


def plan_jobs(data_dir: Path, only: str | None = None, nb_dir: Path | None = None,
              reports_dir: Path | None = None) -> list[Job]:
    """The reports to build, with their hashes: one per province with figures plus the two
    comparisons; with `only`, the report of that province (pre-2025 or 2025 name) alone.
    With `reports_dir`, the reports save their tables as CSV in its data/ folder."""
    from vnlabour.report import scope, tables

    data = tables.load(data_dir)  # cached: the pages written after the reports reuse it
    data_param = str(data_dir.resolve())
    common = {"data_dir": data_param}
    if reports_dir is not None:
        common["downloads"] = str((reports_dir / "data").resolve())
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
            parameters={"province": sc.display, **common},
            n_figures=tables.figure_count(data, sc.provinces), province=sc.display,
            province_2025=", ".join(sc.province_2025), provinces=list(sc.provinces)))
    jobs.sort(key=lambda j: tables.sort_key(j.title))
    if not only:
        jobs += _comparison_jobs(data, common)
    hash_jobs(jobs, data, data_dir, nb_dir or notebooks_dir())
    return jobs


def _comparison_jobs(data, common: dict) -> list[Job]:
    """The comparison reports: the 63 provinces as reported, and the 34 of the 2025 merger."""
    from vnlabour.report import scope
    from vnlabour.report.comparison import ComparisonReport

    titles = {scope.LEGACY: "Comparison: 63 provinces as reported (pre-2025)",
              scope.MERGED: "Comparison: 34 provinces (2025 merger)"}
    return [Job(name=f"comparison-{geo}", kind="comparison", title=title,
                notebook=COMPARISON_NOTEBOOK,
                parameters={"geography": geo, **common},
                n_figures=ComparisonReport(data, geography=geo).n_figures, geography=geo)
            for geo, title in titles.items()]


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
