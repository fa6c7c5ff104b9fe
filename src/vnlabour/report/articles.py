"""Article pages: reports/articles/<doc_id>.html for every document of the dataset.

A page shows what a reviewer needs to check a figure in one click: the title, publication
date, address, the province and how it was decided (with the fix when it could not be), the
document's status, and the normalised text (`vnlabour.text.normalise`, which the facts'
character offsets index) with every extracted figure in a `<mark id="f-<fact_id>">` that
gives its reading on hover. Tables of the reports link each figure to its mark
(`marks.fact_href`).

Pages are rendered again only when their document, its facts or the page code changed (a
hash per page, kept in the build manifest), so a corpus of 10,000 articles is cheap to
rebuild.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from markupsafe import Markup, escape

from vnlabour.files import atomic_write, sha256_file
from vnlabour.report import fmt, labels, marks, site

HOW = {
    "text": "named in the article's text",
    "district": "from the district or city the article names",
    "domain": "from the provincial newspaper of the source address",
    "catalog": "from the province column of sources.csv",
}
UNRESOLVED = ("not decided: the text names no province, district or provincial newspaper. "
              "To place it, write the province in the province column of this document's "
              "row in sources.csv (in the articles folder) and rebuild.")
FACT_FIELDS = ("fact_id", "doc_id", "province", "locality", "indicator", "status", "year",
               "period_start", "months", "statistic", "value", "unit", "qualifier", "value_max",
               "sentence", "char_start", "char_end", "rule")


def document_text(doc: dict, src_dir: Path | None) -> tuple[str | None, str]:
    """The normalised text of a document and '' , or None and why it is not available. The
    file is looked for in `src_dir` (the corpus may have moved since extraction), then at its
    recorded path; it must still have the bytes it was extracted from."""
    from vnlabour.text import UnreadableText, decode, html_to_text, normalise

    recorded = Path(doc["path"]) if doc.get("path") else None
    candidates = [p for p in ((src_dir / recorded.name) if src_dir and recorded else None,
                              recorded) if p is not None]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        return None, (f"The text of {doc['doc_id']} is not available here (no file "
                      f"{recorded.name if recorded else doc['doc_id']} in the articles "
                      "folder); each figure is shown in its sentence.")
    if doc.get("sha256") and sha256_file(path) != doc["sha256"]:
        return None, (f"{path.name} changed since the figures were extracted; rebuild to "
                      "see its text. Each figure is shown in its sentence.")
    try:
        raw, _ = decode(path.read_bytes())
    except UnreadableText as exc:
        return None, f"{path.name} cannot be read: {exc}"
    if path.suffix.lower() in (".html", ".htm"):
        raw = html_to_text(raw)[0]
    return normalise(raw), ""


def marked_text(text: str, facts: list[dict]) -> Markup:
    """`text` escaped, each fact's span in a <mark> with its id and reading; spans that
    overlap are nested (a span that crosses another is cut at the other's end)."""
    spans = sorted(((int(f["char_start"]), int(f["char_end"]), f) for f in facts
                    if fmt.finite(f["char_start"]) and fmt.finite(f["char_end"])),
                   key=lambda s: (s[0], -s[1]))
    out, pos, open_ends = [], 0, []

    def close_to(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            out.append(escape(text[pos:end]) + Markup("</mark>"))
            pos = end

    for start, end, fact in spans:
        start = max(start, pos)
        close_to(start)
        end = min(end, open_ends[-1]) if open_ends else end
        out.append(escape(text[pos:start]))
        pos = start
        css = ' class="vn-target"' if fact["status"] == "target" else ""
        out.append(Markup('<mark id="{}"{} title="{}">').format(
            marks.anchor(fact["fact_id"]), Markup(css), marks.reading(fact)))
        open_ends.append(max(end, start))
    close_to(len(text))
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def figure_rows(facts: list[dict], text: str | None) -> list[dict]:
    """The figures table of an article page, in text order."""
    rows = []
    for f in facts:
        written = text[int(f["char_start"]):int(f["char_end"])] if text is not None else None
        place = f["province"] or "province unknown"
        rows.append({
            "anchor": marks.anchor(f["fact_id"]), "title": marks.reading(f),
            "written": written or fmt.value(f["value"], f["unit"], f["qualifier"]),
            "indicator": labels.label(f["indicator"]), "status": f["status"],
            "place": f"{f['locality']} (district), {place}" if f["locality"] else place,
            "time": marks.fact_time(f),
            "value": fmt.value(f["value"], f["unit"], f["qualifier"], f["value_max"],
                               with_unit=True),
            "computed": marks.computed_reason(f, written), "sentence": f["sentence"]})
    return rows


def render_article(doc: dict, facts: list[dict], src_dir: Path | None) -> str:
    """The HTML page of one document."""
    text, missing = document_text(doc, src_dir)
    source = doc.get("province_source") or "unresolved"
    place = doc.get("province") or "unknown"
    if doc.get("locality"):
        place = f"{doc['locality']} (district or city), {place}"
    how = UNRESOLVED if source == "unresolved" or not doc.get("province") else HOW.get(
        source, source)
    return site.render("article.html", title=doc.get("title") or doc["doc_id"], root="../",
                       doc=doc, url=fmt.safe_url(doc.get("url")), place=place, how=how,
                       figures=figure_rows(facts, text), missing=missing,
                       text=None if text is None else marked_text(text, facts))


def page_hash(doc: dict, facts: list[dict], code: str) -> str:
    """What an article page depends on: its document row, its facts (rows of the tables'
    fixed columns, so their repr is stable) and the page code."""
    return hashlib.sha256(repr((doc, facts, code)).encode("utf-8")).hexdigest()


def code_key() -> str:
    """sha256 of the code and templates that draw an article page."""
    h = hashlib.sha256()
    for path in sorted([*site.HERE.glob("templates/*.html"), site.HERE / "articles.py",
                        site.HERE / "marks.py", site.HERE / "fmt.py", site.HERE / "labels.py"]):
        h.update(path.name.encode() + sha256_file(path).encode())
    return h.hexdigest()


def write_articles(data, reports_dir: Path, src_dir: Path | None, previous: dict[str, str]
                   ) -> dict[str, str]:
    """Write the article page of every document whose hash differs from `previous` (doc_id
    -> hash of the last build) or whose page is missing; delete pages of documents gone.
    Returns the hashes of this build."""
    out_dir = reports_dir / marks.ARTICLES
    by_doc: dict[str, list[dict]] = {}
    facts = data.facts[list(FACT_FIELDS)]
    for f in facts.to_dict("records"):
        by_doc.setdefault(f["doc_id"], []).append(_plain(f))
    code, hashes = code_key(), {}
    for doc in data.documents.to_dict("records"):
        doc = _plain(doc)
        own = sorted(by_doc.get(doc["doc_id"], []), key=lambda f: (f["char_start"] or 0,
                                                                    f["fact_id"]))
        key = hashes[doc["doc_id"]] = page_hash(doc, own, code)
        path = out_dir / f"{doc['doc_id']}.html"
        if previous.get(doc["doc_id"]) != key or not path.is_file():
            out_dir.mkdir(parents=True, exist_ok=True)
            atomic_write(path, render_article(doc, own, src_dir))
    if out_dir.is_dir():
        for path in out_dir.glob("*.html"):
            if path.stem not in hashes:
                path.unlink()
    return hashes


def _plain(row: dict) -> dict:
    """A row with missing values as None and numbers as Python numbers (JSON-able)."""
    return {k: None if fmt.is_missing(v) else (v.item() if hasattr(v, "item") else v)
            for k, v in row.items()}
