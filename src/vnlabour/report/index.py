"""The pages that present the whole build: reports/index.html (reports, researchers' review,
data quality, data, how to cite), reports/methods.html and the shareable data folder reports/data/.

What the index shows about the documents is computed once, when the dataset changed
(`quality`), and kept in the build manifest, so a build with nothing to do writes the index
without reading the dataset.
"""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from vnlabour.report import fmt, labels, marks, site

DATA = "data"
DATA_FILES = ("facts.csv", "documents.csv", "indicators.csv", "facts.parquet",
              "documents.parquet", "indicators.parquet")
LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
CITATION = ("vnlabour contributors ({year}). Vietnamese labour-market and poverty figures "
            "extracted from provincial news articles (vnlabour {version}) [data set and "
            "reports]. Built {generated}.")
PLACED_FIX = ("write the province in the province column of the document's row in "
              "sources.csv (in the articles folder) and rebuild")
# The review section: figures per province by review state, and the stale corrections
# (never applied; listed until the researcher updates or removes them).
REVIEW_COLUMNS = ("province", "figures", "reviewed", "accepted", "edited", "rejected", "added")
BROKEN = ("empty", "duplicate", "unreadable", "unsupported_encoding", "failed")


def _doc(d: dict) -> dict:
    return {"doc_id": d["doc_id"], "title": d["title"], "href": marks.article_href(d["doc_id"]),
            "n_facts": 0 if fmt.is_missing(d["n_facts"]) else int(d["n_facts"]),
            "status": d["status"], "message": d["message"]}


def quality(data) -> dict:
    """What the data-quality panel lists: documents not placed (and the fix), documents
    without figures, documents that could not be read, and conflicting values."""
    docs = data.documents.to_dict("records")
    facts = data.facts_by_id
    conflicts = []
    for r in data.indicators[data.indicators["conflict"]].to_dict("records"):
        sources = [facts[i] for i in r["fact_ids"].split(";") if i in facts]
        conflicts.append({
            "what": f"{labels.label(r['indicator'])}, {r['locality'] or r['province']}, "
                    f"{marks.time_text(r['year'])} ({r['status']})",
            "values": [{"text": fmt.value(f["value"], f["unit"], f["qualifier"],
                                          f["value_max"]), "href": marks.fact_href(f)}
                       for f in sources]})
    n_facts = len(data.facts)
    unplaced = [_doc(d) for d in docs if not d["province"] and d["status"] in ("ok",
                                                                              "no_figures")]
    return {"n_documents": len(docs), "n_facts": n_facts,
            "n_placed_facts": int((data.facts["province"] != "").sum()),
            "unplaced": unplaced, "fix": PLACED_FIX,
            "no_figures": [_doc(d) for d in docs if d["status"] == "no_figures"],
            "broken": [_doc(d) for d in docs if d["status"] in BROKEN],
            "conflicts": conflicts}


def write_data(data_dir: Path, reports_dir: Path, generated: str, sources: str) -> list[dict]:
    """Copy the dataset into reports/data/ with a datapackage.json that carries the licence,
    the sources and the creation date; returns the files (name, href, bytes)."""
    from vnlabour.dataset import datapackage

    out = reports_dir / DATA
    for name in DATA_FILES:
        if (data_dir / name).is_file():
            site.copy_file(data_dir / name, out / name)
    package = {**datapackage(), "licenses": [LICENSE], "created": generated,
               "sources": [{"title": f"Provincial news articles ({sources})",
                            "path": "documents.csv"}],
               "description": "Figures on job creation, vocational training and poverty "
                              "reduction stated in Vietnamese provincial news articles; every "
                              "figure keeps its sentence, document and character span. The "
                              "quoted sentences remain their publishers' and are kept so that "
                              "each figure can be checked."}
    site.write_page(out / "datapackage.json",
                    json.dumps(package, ensure_ascii=False, indent=1) + "\n")
    return [{"name": p.name, "href": f"{DATA}/{p.name}", "bytes": p.stat().st_size}
            for p in sorted(out.iterdir()) if p.suffix in (".csv", ".parquet", ".json")
            and p.name in (*DATA_FILES, "datapackage.json")]


def indicator_rows() -> list[dict]:
    """Each indicator's definition for the methods page, from the indicator registry
    (rules/indicators.csv: labels, unit, kind, stock or flow, plausible range, definition)."""
    from vnlabour.tables import read_table

    kinds = {"count": "a count (summed over provinces only when all report it)",
             "rate": "a rate (never summed)", "plan_pct": "a share of plan",
             "change": "a change of a rate, in percentage points"}
    return [{"code": r["code"], "label": r["label_en"], "label_vi": r["label_vi"],
             "unit": fmt.unit_word(r["unit"]), "core": r["core"] == "1",
             "definition": f"{r['definition']} {kinds.get(r['kind'], r['kind']).capitalize()}; "
                           + ("a level at a point in time" if r["stock"] == "1"
                              else "a flow over the year")
                           + f"; values outside {r['min']}–{r['max']} are not stored."}
            for r in read_table("indicators")]


def write_methods(reports_dir: Path) -> None:
    """reports/methods.html: indicators, how figures are read and reconciled, known limits."""
    site.write_page(reports_dir / "methods.html", site.render(
        "methods.html", title="Methods: how the figures are read", indicators=indicator_rows(),
        marks=fmt.QUALIFIER_WORDS, qmarks=fmt.QUALIFIER_MARKS, derived=fmt.DERIVED_MARK,
        conflict=fmt.CONFLICT_MARK, computed=marks.COMPUTED_MARK, review=marks.REVIEW_MARKS))


def citation(manifest: dict) -> str:
    """The 'How to cite' text of a build."""
    generated = manifest.get("generated", "")
    return CITATION.format(year=generated[:4] or _dt.date.today().year,
                           version=manifest.get("version", ""), generated=generated)


def write_index(reports_dir: Path, manifest: dict) -> None:
    """reports/index.html from the build manifest."""
    reports = manifest.get("reports", [])
    failed = [r for r in reports if r["status"] != "ok"]
    site.write_page(reports_dir / "index.html", site.render(
        "index.html", title="vnlabour reports", manifest=manifest, reports=reports,
        failed=failed, n_ok=len(reports) - len(failed), citation=citation(manifest),
        comparisons=[r for r in reports if r["kind"] == "comparison"],
        provinces=[r for r in reports if r["kind"] == "province"],
        quality=manifest.get("pages", {}).get("quality", {}),
        files=manifest.get("pages", {}).get("data_files", []),
        review=manifest.get("review"), review_columns=REVIEW_COLUMNS))
