"""Score extracted facts against gold annotations, with the rules of the team's scorer.

A prediction matches a gold row when doc_id, indicator, status and year are equal and the value
is within 0.5% (or 0.01 absolute). Only core indicators count. Gold rows with required=0 are
optional: finding them is not needed for recall, predicting them is no false positive.
Province accuracy: among matched gold rows that name a province, the share whose prediction
names the same one.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from vnlabour.errors import InputError
from vnlabour.tables import read_table


@dataclass
class Score:
    """Recall, precision, F1, province accuracy and the rows behind them."""

    recall: float
    precision: float
    f1: float
    province_accuracy: float | None
    required: int
    found: int
    predicted: int
    missed: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)


def core_indicators() -> set[str]:
    """Codes of the core indicators (rules/indicators.csv, core=1)."""
    return {r["code"] for r in read_table("indicators") if r["core"] == "1"}


def _key(row: dict) -> tuple:
    """(doc_id, indicator, status, year) with the year as an int (or None)."""
    try:
        year = int(float(row.get("year", "")))
    except ValueError:
        year = None
    return row["doc_id"].strip(), row["indicator"].strip(), row["status"].strip(), year


def _value(row: dict) -> float | None:
    try:
        return float(row["value"])
    except (TypeError, ValueError):
        return None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.01, 0.005 * abs(b))


def score(gold: list[dict], predicted: list[dict]) -> Score:
    """Score predicted fact rows against gold rows (both as dicts of strings)."""
    core = core_indicators()
    gold = [g for g in gold if g["indicator"] in core]
    preds: dict = {}
    for p in predicted:
        if p.get("indicator") in core and _value(p) is not None:
            preds.setdefault((_key(p), round(_value(p), 4)), p)
    used, optional_hits, missed = set(), set(), []
    found = prov_ok = prov_n = 0
    for g in gold:
        required = g.get("required", "1") == "1"
        hit = next((k for k, p in preds.items()
                    if k[0] == _key(g) and _close(_value(p), float(g["value"]))), None)
        if hit is None:
            if required:
                missed.append(g)
            continue
        used.add(hit)
        if required:
            found += 1
        else:
            optional_hits.add(hit)
        if g.get("province"):
            prov_n += 1
            prov_ok += preds[hit].get("province", "").strip() == g["province"]
    n_required = sum(1 for g in gold if g.get("required", "1") == "1")
    counted = [k for k in preds if k not in optional_hits]
    true_pos = sum(1 for k in counted if k in used)
    recall = found / n_required if n_required else 1.0
    precision = true_pos / len(counted) if counted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(round(recall, 4), round(precision, 4), round(f1, 4),
                 round(prov_ok / prov_n, 4) if prov_n else None, n_required, found,
                 len(counted), missed, [preds[k] for k in counted if k not in used])


def judged(gold: list[dict], facts: list[dict]) -> list[bool | None]:
    """For each fact: whether it matches a gold row (same doc_id, indicator, status, year and
    a value within rounding), or None when its indicator is not a core one (gold has none)."""
    core = core_indicators()
    values: dict[tuple, list[float]] = {}
    for g in gold:
        values.setdefault(_key(g), []).append(float(g["value"]))
    return [None if f["indicator"] not in core or _value(f) is None else
            any(_close(_value(f), v) for v in values.get(_key(f), [])) for f in facts]


BANDS = (0.0, 0.5, 0.7, 0.8, 0.9)


def calibration(confidences: list[float], right: list[bool]) -> list[dict]:
    """Per confidence band (lower bounds BANDS): how many facts, and the share right."""
    rows = []
    for low, high in zip(BANDS, BANDS[1:] + (1.01,)):
        hits = [r for c, r in zip(confidences, right) if low <= c < high]
        rows.append({"band": f"{low:.1f}-{min(high, 1.0):.1f}", "count": len(hits),
                     "right": round(sum(hits) / len(hits), 3) if hits else None})
    return rows


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def evaluate_files(gold: Path, facts: Path) -> Score:
    """Score a facts CSV against a gold CSV; InputError naming a missing file."""
    for path in (gold, facts):
        if not path.exists():
            raise InputError(f"vnlabour evaluate: {path} not found")
    return score(_read(gold), _read(facts))


def _extracted(fact: dict) -> dict:
    """A facts.csv row as the extractor read it (an edited fact: its `<field>_extracted`)."""
    from vnlabour.schema import EDITABLE

    edited = fact.get("review") == "edited"
    return {**fact, **{n: fact[f"{n}_extracted"] for n in EDITABLE
                       if edited and fact.get(f"{n}_extracted", "") != ""}}


def evaluate_corrections(corrections: Path, facts: Path) -> tuple[Score, list[str]]:
    """Score the extraction (facts.csv, read as extracted) against a researcher's decisions:
    accepted, edited and added figures are gold, rejected ones false positives; only the
    reviewed figures count. Also the problems of the corrections file (stale rows are left
    out: their document or figure is gone)."""
    from vnlabour import corrections as fixes

    for path in (corrections, facts, facts.parent / "documents.csv"):
        if not path.exists():
            raise InputError(f"vnlabour evaluate: {path} not found")
    rows, problems = fixes.read(corrections)
    doc_of = {d["sha256"]: d["doc_id"] for d in _read(facts.parent / "documents.csv")}
    at = {(f["doc_id"], int(f["char_start"]), int(f["char_end"])): _extracted(f)
          for f in _read(facts) if f.get("review") != "added"}
    gold, predicted = [], []
    for c in rows:
        fact = at.get((doc_of.get(c.sha), *c.span))
        if fact is not None:
            predicted.append(fact)
        if c.action == "reject" or (fact is None and c.action != "add"):
            continue
        fields = {k: str(v) for k, v in c.fields.items()}
        base = {} if c.action == "add" or (c.action == "accept" and c.fields) else fact
        gold.append({**(base or {}), **fields, "doc_id": doc_of.get(c.sha, ""),
                     "required": "1"})
    return score([g for g in gold if g["doc_id"]], predicted), problems


def format_report(s: Score) -> str:
    """Every miss and false positive, then the headline figures."""
    lines = [f"MISSED    {g['doc_id']} {g['indicator']} {g['status']} {g['year']} "
             f"{g['value']}  «{g.get('quote', '')}»" for g in s.missed]
    lines += [f"FALSE+    {p['doc_id']} {p['indicator']} {p['status']} {p['year']} "
              f"{p['value']}  «{p.get('sentence', '')[:160]}»" for p in s.false_positives]
    lines.append(f"recall {s.recall:.3f}  precision {s.precision:.3f}  F1 {s.f1:.3f}  "
                 f"province accuracy {s.province_accuracy}  ({s.found}/{s.required} required "
                 f"found, {len(s.false_positives)} false positives)")
    return "\n".join(lines)
