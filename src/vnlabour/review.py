"""Reviewing extracted figures: the queue of doubtful ones, the researcher's decisions and the
progress, for scripts and for the review notebook (its widgets: review_ui.py).

Every decision is a row appended at once to the corrections file (corrections.py): the
dataset is not rewritten here; the next `vnlabour extract` or `build` applies the decisions.
The queue and the progress read both the dataset (decisions already applied) and the file
(decisions taken since), so a figure decided a minute ago leaves the queue at once.

    from vnlabour import review
    review.queue(province="Hà Giang").head()      # unreviewed, lowest confidence first
    review.accept("r01@1234")
    review.edit("r01@2345", value=1500, note="the text says 1.500")
    review.reject("r01@3456", note="a national figure")
    review.add("r01", quote="giải quyết việc làm cho 1.234 lao động", figure="1.234",
               indicator="jobs_created", status="actual", year=2024, value=1234,
               unit="persons")
"""
from __future__ import annotations

import datetime
import getpass
from pathlib import Path

import pandas as pd

from vnlabour import corrections as fixes
from vnlabour.paths import DEFAULT_CORRECTIONS, DEFAULT_PROCESSED
from vnlabour.schema import EDITABLE

DECIDED = ("accepted", "rejected", "edited", "added")


class ReviewError(ValueError):
    """A decision that cannot be recorded (unknown fact or document, bad field, ...)."""


def facts(data_dir: Path | str = DEFAULT_PROCESSED,
          corrections: Path | str = DEFAULT_CORRECTIONS) -> pd.DataFrame:
    """facts.csv with each fact's document hash and its review state now: the state the
    dataset has, or the decision recorded in the corrections file since (the later wins)."""
    from vnlabour.dataset import load

    data = load(data_dir)
    docs = data.documents[["doc_id", "sha256", "path", "title", "url"]]
    out = data.facts.merge(docs, on="doc_id", how="left")
    decided = {(c.sha, *c.span): fixes.REVIEW_OF[c.action]
               for c in fixes.read(Path(corrections))[0]}
    keys = zip(out["sha256"], out["char_start"].astype(int), out["char_end"].astype(int))
    now = [decided.get(k) for k in keys]
    out["review"] = [n or r for n, r in zip(now, out["review"])]
    return out


def queue(province: str | None = None, indicator: str | None = None,
          document: str | None = None, data_dir: Path | str = DEFAULT_PROCESSED,
          corrections: Path | str = DEFAULT_CORRECTIONS) -> pd.DataFrame:
    """Unreviewed facts, lowest confidence first (then in text order), optionally only of a
    province (pre-2025 or 2025 name), an indicator code or a document id."""
    f = facts(data_dir, corrections)
    mask = f["review"] == "unreviewed"
    if province:
        mask &= (f["province"] == province) | (f["province_2025"] == province)
    if indicator:
        mask &= f["indicator"] == indicator
    if document:
        mask &= f["doc_id"] == document
    return f[mask].sort_values(["confidence", "doc_id", "char_start"], kind="stable",
                               na_position="first").reset_index(drop=True)


def progress(data_dir: Path | str = DEFAULT_PROCESSED,
             corrections: Path | str = DEFAULT_CORRECTIONS) -> pd.DataFrame:
    """Per province (the figure's, else its 2025 province, else '(unknown)'): how many
    figures, how many reviewed, and of those accepted, edited, rejected, added."""
    return progress_table(facts(data_dir, corrections))


def progress_table(f: pd.DataFrame) -> pd.DataFrame:
    """The progress of a facts table (with its review column), by province, then a total."""
    place = f["province"].where(f["province"] != "", f["province_2025"])
    f = f.assign(place=place.where(place != "", "(unknown)"))
    rows = []
    for name, g in [*sorted(f.groupby("place"), key=lambda kv: kv[0]), ("all", f)]:
        counts = g["review"].value_counts()
        rows.append({"province": name, "figures": len(g),
                     "reviewed": int(sum(counts.get(s, 0) for s in DECIDED)),
                     **{s: int(counts.get(s, 0)) for s in DECIDED}})
    return pd.DataFrame(rows)


def summary_line(table: pd.DataFrame) -> str:
    """'12 / 51 figures reviewed (Hà Giang 3/10, ...)' from a progress table."""
    total = table.iloc[-1]
    parts = [f"{r.province} {r.reviewed}/{r.figures}" for r in table.iloc[:-1].itertuples()]
    return f"{total.reviewed} / {total.figures} figures reviewed ({', '.join(parts)})"


# ----------------------------------------------------------------------------- decisions

def _fact(fact_id: str, data_dir, corrections) -> dict:
    f = facts(data_dir, corrections)
    hit = f[f["fact_id"] == fact_id]
    if hit.empty:
        raise ReviewError(f"no fact {fact_id!r} in {Path(data_dir) / 'facts.csv'}")
    return hit.iloc[0].to_dict()


def cell(value) -> str:
    """A field as written in the corrections file and shown on a card ('' when missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _record(corrections, sha: str, start: int, end: int, action: str, fields: dict,
            note: str, reviewer: str | None) -> dict:
    """Check a decision as the corrections file will read it, append it, return the row."""
    row = {"doc_sha256": sha, "char_start": str(int(start)), "char_end": str(int(end)),
           "action": action, **{n: cell(fields.get(n)) for n in EDITABLE}, "note": note,
           "reviewer": getpass.getuser() if reviewer is None else reviewer,
           "reviewed_on": datetime.date.today().isoformat()}
    _, problems = fixes.row_problems(row)
    if problems:
        raise ReviewError("; ".join(f"{col}: {msg}" for col, msg in problems))
    fixes.append(Path(corrections), [row])
    return row


def _decide(fact_id: str, action: str, fields: dict, note: str, reviewer: str | None,
            data_dir, corrections) -> dict:
    f = _fact(fact_id, data_dir, corrections)
    return _record(corrections, f["sha256"], f["char_start"], f["char_end"], action, fields,
                   note, reviewer)


def _reading(f: dict) -> dict:
    """The editable fields of a fact as read now (an edited fact: its corrected reading)."""
    return {n: f[n] for n in EDITABLE}


def accept(fact_id: str, note: str = "", reviewer: str | None = None,
           data_dir: Path | str = DEFAULT_PROCESSED,
           corrections: Path | str = DEFAULT_CORRECTIONS) -> dict:
    """Record that a fact is read right (with its reading: if the extractor later reads the
    span otherwise, the decision is reported stale). Returns the row appended."""
    f = _fact(fact_id, data_dir, corrections)
    return _record(corrections, f["sha256"], f["char_start"], f["char_end"], "accept",
                   _reading(f), note, reviewer)


def reject(fact_id: str, note: str = "", reviewer: str | None = None,
           data_dir: Path | str = DEFAULT_PROCESSED,
           corrections: Path | str = DEFAULT_CORRECTIONS) -> dict:
    """Record that a fact is not a figure to keep (it then feeds no indicator or report)."""
    f = _fact(fact_id, data_dir, corrections)
    return _record(corrections, f["sha256"], f["char_start"], f["char_end"], "reject",
                   {"indicator": f["indicator"]}, note, reviewer)


def edit(fact_id: str, note: str = "", reviewer: str | None = None,
         data_dir: Path | str = DEFAULT_PROCESSED,
         corrections: Path | str = DEFAULT_CORRECTIONS, **fields) -> dict:
    """Record corrected fields of a fact (any of indicator, status, year, value, unit,
    qualifier, province, locality); the others keep the extracted reading."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise ReviewError(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    return _decide(fact_id, "edit", fields, note, reviewer, data_dir, corrections)


def add(doc_id: str, quote: str | None = None, span: tuple[int, int] | None = None,
        figure: str | None = None, note: str = "", reviewer: str | None = None,
        data_dir: Path | str = DEFAULT_PROCESSED,
        corrections: Path | str = DEFAULT_CORRECTIONS, **fields) -> dict:
    """Record a figure the extractor missed in document `doc_id`: its span in the normalised
    text, or a quote found once in it (with `figure`, the part of the quote that is the
    number); `fields` give indicator, status, value and unit (year, qualifier, province,
    locality optional)."""
    from vnlabour.corpus import normalised_text
    from vnlabour.dataset import load

    docs = load(data_dir).documents
    doc = docs[docs["doc_id"] == doc_id]
    if doc.empty:
        raise ReviewError(f"no document {doc_id!r} in {Path(data_dir) / 'documents.csv'}")
    doc = doc.iloc[0]
    if span is None:
        if not quote:
            raise ReviewError("give the figure's span or a quote of it")
        text = normalised_text(Path(doc["path"]))
        count = text.count(quote)
        if count != 1:
            raise ReviewError(f"the quote is found {count} times in {doc_id}; give a longer "
                              "quote or the span")
        start = text.index(quote) + (quote.index(figure) if figure else 0)
        span = (start, start + len(figure or quote))
    return _record(corrections, doc["sha256"], span[0], span[1], "add", fields, note, reviewer)
