"""A folder of articles (+ optional sources.csv catalog) -> documents and facts tables.

Each file is read, decoded, normalised, placed (province and locality) and extracted on its
own (`process_file`, a pure function of the file and its catalog row), so the work runs in
parallel and a bad file only costs its own row: it gets a status and a message in
documents.csv while every other file goes on.
"""
from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
import signal
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from vnlabour import confidence, places, tables
from vnlabour.errors import InputError
from vnlabour.extract import Document, Place, extract
from vnlabour.locking import holding_lock
from vnlabour.text import (UnreadableText, content_lines, decode, find_published, find_title,
                           html_to_text, normalise)

log = logging.getLogger(__name__)

CATALOG = "sources.csv"
CATALOG_COLUMNS = ("doc_id", "url", "published", "province")
SUFFIXES = (".txt", ".html", ".htm")
TIME_BUDGET = 30.0   # seconds a file may take (per MB for a larger one); past them it is
#                      stopped and marked failed: extraction is linear, a blow-up is not


@dataclass
class DocResult:
    """What one input file gives: its documents.csv row and its facts (as dicts)."""

    document: dict
    facts: list[dict] = field(default_factory=list)
    text_sha: str = ""   # hash of the normalised text, to find the same article twice


@dataclass
class ExtractSummary:
    """Counts and problems of one extraction run, for the command's summary."""

    n_documents: int
    n_facts: int
    statuses: dict
    skipped: list[tuple[str, str, str]]   # (file name, status, message)
    warnings: list[str]
    out_dir: Path
    stale: list[str] = field(default_factory=list)   # corrections not applied, and why

    @property
    def ok(self) -> bool:
        """True when at least one document was read (an empty corpus is an error)."""
        return self.n_documents > len(self.skipped)

    @property
    def headline(self) -> str:
        """The counts: '5 documents (5 ok), 51 facts -> data/processed'."""
        counts = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        return f"{self.n_documents} documents ({counts}), {self.n_facts} facts -> {self.out_dir}"

    def describe(self) -> str:
        """A human summary: counts, then every skipped file and warning with its reason."""
        lines = [self.headline]
        lines += [f"  skipped {name}: {status}: {msg}" for name, status, msg in self.skipped]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [f"  {s}" for s in self.stale]
        if self.n_documents == 0:
            lines.append("  no *.txt or *.html files found: the corpus is empty")
        return "\n".join(lines)


def read_catalog(path: Path) -> tuple[dict[str, dict], list[str]]:
    """Rows of sources.csv by doc_id, and warnings about the file (bad dates, unknown
    columns, encoding). A missing catalog is no error: every column may come from the text."""
    if not path.exists():
        return {}, []
    warnings = []
    data = path.read_bytes()
    try:
        text, _ = decode(data)
    except UnreadableText as exc:
        return {}, [f"{path.name}: {exc}; catalog ignored"]
    reader = csv.DictReader(io.StringIO(normalise(text)))
    header = [h.strip() for h in reader.fieldnames or []]
    if "doc_id" not in header:
        return {}, [f"{path.name}: no doc_id column (columns: {', '.join(header)}); "
                    "catalog ignored"]
    extra = [h for h in header if h not in CATALOG_COLUMNS]
    if extra:
        warnings.append(f"{path.name}: unknown columns ignored: {', '.join(extra)}")
    rows = {}
    for row in reader:
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        entry = {c: row.get(c, "") for c in CATALOG_COLUMNS}
        where = f"{path.name} line {reader.line_num}"
        if entry["published"] and not _is_iso_date(entry["published"]):
            warnings.append(f"{where}: doc_id {entry['doc_id']}: bad date "
                            f"{entry['published']!r} (want YYYY-MM-DD, YYYY-MM or YYYY); "
                            "ignored")
            entry["published"] = ""
        if entry["province"] and places.lookup_province(entry["province"]) is None:
            warnings.append(f"{where}: doc_id {entry['doc_id']}: unknown province "
                            f"{entry['province']!r}; ignored")
            entry["province"] = ""
        rows[entry["doc_id"]] = entry
    return rows, warnings


_PARTIAL_DATE = re.compile(r"(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2]))?")


def _is_iso_date(value: str) -> bool:
    """YYYY-MM-DD with a real month and day, or only YYYY-MM or YYYY when the page shows no
    more (the year and month still date the figures)."""
    import datetime

    try:
        datetime.date.fromisoformat(value)
        return True
    except ValueError:
        return bool(_PARTIAL_DATE.fullmatch(value))


def process_file(path: Path, catalog_row: dict | None = None, rules_dir: Path | None = None
                 ) -> DocResult:
    """Read, decode, normalise, place and extract one file (pure: same input, same output);
    `rules_dir` is a researcher's folder of extra rule rows (`--rules DIR`)."""
    catalog_row = catalog_row or {}
    data = path.read_bytes()
    row = {"doc_id": path.stem, "path": str(path), "sha256": hashlib.sha256(data).hexdigest(),
           "title": "", "published": catalog_row.get("published", ""),
           "url": catalog_row.get("url", ""), "province": "", "province_code": "",
           "province_2025": "", "province_source": "unresolved", "locality": "",
           "encoding": "", "n_facts": 0, "status": "ok", "message": ""}
    try:
        raw, row["encoding"] = decode(data)
    except UnreadableText as exc:
        row.update(status=exc.status, message=f"{path.name}: {exc}")
        return DocResult(row)
    title = published = ""
    if path.suffix.lower() in (".html", ".htm"):
        raw, title, published, url = html_to_text(raw)
        row["url"] = row["url"] or url   # the catalog's address wins over the page's own
    text = normalise(raw)
    lines = content_lines(text)
    if not lines:
        row.update(status="empty", message=f"{path.name}: no article text (only menus, "
                                           "captions or other boilerplate)")
        return DocResult(row)
    row["title"] = normalise(title) or find_title(text, lines)
    row["published"] = row["published"] or published or find_published(text)
    mentions = places.find_mentions(text)
    where = places.resolve_document(text, row["title"], row["url"],
                                    catalog_row.get("province", ""), mentions)
    province = places.lookup_province(where.province) if where.province else None
    row.update(province=where.province, province_source=where.source,
               locality=where.locality,
               province_code=province.code if province else "",
               province_2025=province.name_2025 if province else "")
    former = None
    if province is not None and places.merged_name(province, row["published"]):
        former = province
        merged = ", ".join(p.name for p in places.provinces_2025()[province.name_2025])
        row.update(province="", province_code="", locality="",
                   message=f"published after the {places.MERGER_DATE} merger: about the merged "
                           f"province {province.name_2025} ({merged}); figures of a former "
                           "province it names keep that province, and results of the years "
                           f"before the merger are those of the former {province.name}")
    doc = Document(path.stem, text, row["title"], row["published"], row["url"])
    found = extract(doc, Place(where.province, where.locality), mentions, lines, rules_dir)
    facts = [_fact_row(f, row, former) for f in found]
    facts.sort(key=lambda f: (f["char_start"], f["indicator"]))
    confidence.add_confidence(facts, text, row)
    row["n_facts"] = len(facts)
    if not facts:
        row.update(status="no_figures", message=f"{path.name}: no labour or poverty figures found")
    elif not where.province:
        row["message"] = "province unresolved: " + (where.evidence or "no place named")
    return DocResult(row, facts, hashlib.sha256(text.encode()).hexdigest())


def _fact_row(fact, doc_row: dict, former: places.Province | None = None) -> dict:
    """A facts.csv row: the extracted fact with its place columns: the document's, or the
    province the figure's sentence names (a merged 2025 province: that one only), or none
    for a whole-country figure. In an article about a merged province that kept the name of
    one of its parts (`former`), a result of a year before the merger is that part's: the
    merged province had no figures of its own then ("Hưng Yên … từ 2,55% năm 2021 xuống còn
    0,44% cuối năm 2024" in December 2025)."""
    row = dict(vars(fact))
    del row["reading"]   # how the figure was read (its provenance is `rule`): no column
    row["fact_id"] = f"{fact.doc_id}@{fact.char_start}"
    own = places.lookup_province(fact.province) if fact.province else None
    if own is None and former is not None and not fact.province_2025 and fact.year \
            and fact.status == "actual" and fact.year < int(places.MERGER_DATE[:4]):
        own = former
    if fact.scope == "national":
        place = ("", "", "")
    elif own is not None:
        place = (own.name, own.code, own.name_2025)
    elif fact.province_2025:
        place = ("", "", fact.province_2025)
    else:
        place = (doc_row["province"], doc_row["province_code"], doc_row["province_2025"])
    row["province"], row["province_code"], row["province_2025"] = place
    if fact.scope == "national" or own is not None or fact.province_2025:
        row["locality"], row["admin_level"] = "", "province"
    return row


def normalised_text(path: Path) -> str:
    """The normalised text of an input file, as process_file reads it (for the sentence of a
    figure a researcher added)."""
    raw, _ = decode(path.read_bytes())
    if path.suffix.lower() in (".html", ".htm"):
        raw = html_to_text(raw)[0]
    return normalise(raw)


def list_inputs(src_dir: Path) -> list[Path]:
    """Article files of a folder in doc_id order (the order of every output)."""
    return sorted((p for p in src_dir.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES),
                  key=lambda p: (p.stem, p.suffix))


def extract_corpus(src_dir: Path, jobs: int = 1, rules_dir: Path | None = None,
                   time_budget: float = TIME_BUDGET) -> tuple[Iterator[DocResult], list[str]]:
    """Results of every file of src_dir, lazily and in doc_id order, and the warnings about
    the rule tables (the package's and rules_dir's) and the catalog. With jobs > 1 the files
    are processed by worker processes. A file that takes more than `time_budget` seconds (per
    MB for a file over 1 MB; 0: no limit) is stopped and marked failed."""
    catalog, warnings = read_catalog(src_dir / CATALOG)
    warnings = tables.problems(rules_dir) + warnings
    paths = list_inputs(src_dir)
    known = {p.stem for p in paths}
    warnings += [f"{CATALOG}: doc_id {d!r} has no file in {src_dir}; ignored"
                 for d in sorted(catalog) if d not in known]
    args = [(p, catalog.get(p.stem), rules_dir, time_budget) for p in paths]
    return _without_duplicates(_results(args, jobs)), warnings


def _results(args: list, jobs: int) -> Iterator[DocResult]:
    """process_file over (path, catalog_row, rules_dir) triples, in order, in this process or
    a pool."""
    if jobs <= 1 or len(args) < 2:
        yield from map(_process_args, args)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the build warms up kernels in threads meanwhile, and a process forked
    # while another thread imports a module inherits that module half-initialised
    with ProcessPoolExecutor(max_workers=jobs,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_process_args, args, chunksize=max(1, min(64, len(args) // (jobs * 8))))


def _process_args(args) -> DocResult:
    """process_file for a (path, catalog_row, rules_dir, time budget) tuple (picklable for
    worker processes); an error on one file, or its running past the time budget, becomes
    that file's 'failed' status instead of stopping the run."""
    path, catalog_row, rules_dir, budget = args
    try:
        budget *= max(1.0, path.stat().st_size / 1_000_000)   # a 20 MB file: 20 budgets
        with _time_budget(budget):
            return process_file(path, catalog_row, rules_dir)
    except OverBudget:
        return _failed(path, f"stopped: extraction ran past the time budget of one file, "
                             f"{budget:g} s (--time-budget)")
    except Exception as exc:  # noqa: BLE001 - any error of one file must not stop the others
        return _failed(path, f"vnlabour failed on this file: {type(exc).__name__}: {exc}")


def _failed(path: Path, reason: str) -> DocResult:
    """The documents.csv row of a file vnlabour could not finish, with the reason."""
    return DocResult({"doc_id": path.stem, "path": str(path), "n_facts": 0, "status": "failed",
                      "message": f"{path.name}: {reason}"})


class OverBudget(BaseException):
    """A file's extraction ran past its time budget (a BaseException, like KeyboardInterrupt:
    no `except Exception` on the way may swallow it)."""


@contextmanager
def _time_budget(seconds: float):
    """Raise OverBudget in the code run inside when it takes more than `seconds` of wall time
    (0: no limit). A timer signal interrupts the Python work of this process wherever it is
    (the process of a worker, or the command's own for one job); where no signal can be set
    (not the main thread, no setitimer) the work runs without a limit."""
    if not seconds or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _without_duplicates(results: Iterator[DocResult]) -> Iterator[DocResult]:
    """The same article under two names, or two files with one doc_id, is kept once: later
    copies become 'duplicate' with no facts."""
    texts: dict[str, str] = {}
    ids: dict[str, str] = {}
    for res in results:
        doc = res.document
        first_id = ids.setdefault(doc["doc_id"], doc["path"])
        first_text = texts.setdefault(res.text_sha, doc["doc_id"]) if res.text_sha else None
        if first_id != doc["path"]:
            doc.update(status="duplicate", n_facts=0,
                       message=f"doc_id {doc['doc_id']} already used by {Path(first_id).name}")
            res.facts = []
        elif first_text is not None and first_text != doc["doc_id"]:
            doc.update(status="duplicate", n_facts=0,
                       message=f"same text as {first_text}; its facts are kept once")
            res.facts = []
        yield res


@holding_lock("out_dir")
def run_extract(src_dir: Path, out_dir: Path, jobs: int = 1, rules_dir: Path | None = None,
                corrections: Path | None = None, time_budget: float = TIME_BUDGET
                ) -> ExtractSummary:
    """Extract every article of src_dir and write the dataset tables to out_dir, with the
    package's rule tables and the rows a researcher's folder `rules_dir` adds to them
    (holding the lock of out_dir: a second run on it waits), and the researchers' corrections
    of `corrections` applied (see corrections.py): the ones that no longer fit are logged and
    listed in the summary and in stale_corrections.csv. A file that takes more than
    `time_budget` seconds (per MB over 1 MB) is stopped and marked failed. InputError when
    src_dir is no folder."""
    from vnlabour import corrections as fixes
    from vnlabour import dataset

    if not src_dir.is_dir():
        raise InputError(f"vnlabour extract: {src_dir} is not a folder")
    results, warnings = extract_corpus(src_dir, jobs, rules_dir, time_budget)
    rows, problems = fixes.read(corrections) if corrections else ([], [])
    book = fixes.Book(rows, fixes.known_ids(out_dir))
    documents: list[dict] = []

    def facts() -> Iterator[dict]:
        """Facts of each result in turn, corrected, noting its document row on the way."""
        for res in results:
            documents.append(res.document)
            path = Path(res.document["path"])
            yield from book.apply(res.document, res.facts, lambda p=path: normalised_text(p))

    slim = dataset.write_facts(out_dir, facts())   # streams: no corpus held in memory
    n_facts = dataset.write_rest(out_dir, documents, slim)
    not_applied = book.finish()
    fixes.write_stale(out_dir, not_applied)
    skipped = [(Path(d["path"]).name, d["status"], d["message"]) for d in documents
               if d["status"] not in ("ok", "no_figures")]
    for name, status, message in skipped:
        log.warning("skipped %s: %s: %s", name, status, message)
    for warning in warnings:
        log.warning("%s", warning)
    stale = problems + [s.describe() for s in not_applied]
    for problem in stale:
        log.warning("%s", problem)
    if not documents:
        log.error("no *.txt or *.html files in %s: the corpus is empty", src_dir)
    return ExtractSummary(len(documents), n_facts, dict(Counter(d["status"] for d in documents)),
                          skipped, warnings, out_dir, stale)
