"""What is stale: fingerprints of the package's code and rule tables, and the extraction stamp
(re-extract only when an input file or the extraction code changed).

Rebuilds are decided by content hashes, as owid/etl does with checksums: this module's
extraction stamp first, then (`build.plan`) one key of the dataset, notebooks and report code,
then a hash per report of exactly the rows it reads.
"""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import vnlabour
from vnlabour.files import atomic_write, sha256_file

PACKAGE_DIR = Path(vnlabour.__file__).parent

STAMP_NAME = ".extract-stamp.json"

TABLES = ("facts", "documents", "indicators")

# Code that does not change what extraction produces (a change here does not re-extract).
_NOT_EXTRACTION = ("report/", "build/", "cli.py", "explain.py")

# Code and tables no report reads (extraction, evaluation, the command line): a change here
# does not make a report stale. Of the rule tables, the reports read only these
# (tests/test_build.py checks, with an audit hook, that the reports open nothing else).
_NOT_REPORT = ("extract/", "corpus.py", "evaluate.py", "cli.py", "__main__.py", "explain.py",
               "rules/", "confidence.py", "corrections.py", "review", "places/mentions.py",
               "places/resolution.py")

# (the reports read numbers.py and its tables to tell a value a rule computed from one the
# text writes: report/marks.py)
_REPORT_RULES = ("rules/provinces.csv", "rules/districts.csv", "rules/indicators.csv",
                 "rules/units.csv", "rules/multipliers.csv", "rules/qualifiers.csv")


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _package_fingerprint(include) -> str:
    """sha256 over the package version and the package's code and rule tables whose path
    (relative to the package, e.g. 'report/tables.py') `include` accepts."""
    h = hashlib.sha256(vnlabour.__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        rel = path.relative_to(PACKAGE_DIR).as_posix()
        if not path.is_file() or path.suffix not in (".py", ".csv", ".txt", ".html", ".css") \
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
