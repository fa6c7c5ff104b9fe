"""Researchers' review in the reports: a mark on each reviewed figure (✓ accepted, ✎ edited,
with the extracted reading on hover) and the review section of the index (progress per
province, stale corrections)."""
from __future__ import annotations

from vnlabour.report import fmt

MARKS = {"accepted": "✓", "edited": "✎", "added": "+"}
HOVER = {"accepted": "accepted by a researcher", "added": "added by a researcher"}
LEGEND = "✓ accepted by a researcher; ✎ corrected by a researcher (hover: the extracted reading)"


def marked(text: str, review: str) -> str:
    """A figure's display text with the mark of its review ('1,500 persons ✎')."""
    mark = MARKS.get(review, "")
    return f"{text} {mark}" if mark else text


def hover(row: dict) -> str:
    """What a reviewed figure's mark explains: for an edited one, the extracted reading."""
    if row.get("review") != "edited":
        return HOVER.get(row.get("review", ""), "")
    changed = [f"{name} {row[f'{name}_extracted']}" for name in
               ("indicator", "status", "year", "unit", "qualifier", "province", "locality")
               if not fmt.is_missing(row.get(f"{name}_extracted")) and
               str(row[f"{name}_extracted"]) != ""]
    if not fmt.is_missing(row.get("value_extracted")):
        changed.insert(0, "value " + fmt.value(row["value_extracted"], row.get(
            "unit_extracted") or row["unit"], row["qualifier"], with_unit=True))
    return "extracted: " + ", ".join(changed)


def with_hover(text: str, title: str) -> str:
    """Escaped HTML of a cell whose title (the hover text) explains its mark."""
    if not title:
        return fmt.esc(text)
    return f'<span class="vn-reviewed" title="{fmt.esc(title)}">{fmt.esc(text)}</span>'


def index_section(review: dict) -> str:
    """The index's review section: figures reviewed per province, and the stale corrections
    (never applied; listed until the researcher updates or removes them)."""
    progress, stale = review.get("progress", []), review.get("stale", [])
    columns = ["province", "figures", "reviewed", "accepted", "edited", "rejected", "added"]
    parts = ['<h2 id="review">Review</h2>']
    if progress:
        parts.append(fmt.html_table(progress, columns, numeric=tuple(columns[1:]),
                                    caption="Figures reviewed by researchers, per province"))
    if stale:
        items = [f"line {fmt.esc(s['line'])}: {fmt.esc(s['action'])} of chars "
                 f"{fmt.esc(s['char_start'])}-{fmt.esc(s['char_end'])} in "
                 f"{fmt.esc(s['doc_id'] or s['doc_sha256'][:12])}: {fmt.esc(s['reason'])}"
                 for s in stale]
        parts.append(f'<section class="vn-failures"><h3 id="stale-corrections">{len(stale)} '
                     "stale correction(s), not applied</h3>" + fmt.bullet_list(items)
                     + "</section>")
    return "".join(parts)
