"""Researchers' corrections of extracted figures: one CSV file, one contract.

`data/annotations/corrections.csv` (or the file given with `--corrections`) holds one decision
per row, keyed by the document's content hash (documents.csv `sha256`) and the figure's span in
the normalised text, so that a decision survives re-extraction and rule changes:

- accept: the reading is right. Fields given with it are the reading accepted: when the
  extractor later reads that span otherwise, the row is stale (a regression to look at).
- reject: not a figure to keep. The fact stays in facts.csv, marked, and feeds no indicator or
  report.
- edit: the non-empty fields replace the extracted ones, which stay in `<field>_extracted`.
- add: a figure the extractor missed (indicator, status, value and unit required). When the
  extractor finds a figure at that span later, the row edits it instead.

The file is append-only: of the rows for one figure (hash and span) the last one wins. A row
that cannot be read is named by file, line and column and skipped; the other rows still apply.
A row that no longer fits (no document has its hash any more, or no figure stands at its span)
is stale: it is never applied to another figure; the extraction lists it in its summary and in
`stale_corrections.csv` beside the dataset.
"""
from __future__ import annotations

import csv
import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vnlabour.schema import EDITABLE, FACTS, QUALIFIERS, STATUSES, UNITS

COLUMNS = ("doc_sha256", "char_start", "char_end", "action", *EDITABLE, "note", "reviewer",
           "reviewed_on")
KEY_COLUMNS = ("doc_sha256", "char_start", "char_end", "action")
ACTIONS = ("accept", "reject", "edit", "add")
REVIEW_OF = {"accept": "accepted", "reject": "rejected", "edit": "edited", "add": "added"}
ADD_REQUIRES = ("indicator", "status", "value", "unit")
STALE_FILE = "stale_corrections.csv"
STALE_COLUMNS = ("line", "doc_id", "reason", *COLUMNS)
ADDED_RULE = "added by a researcher"
_SHA = re.compile(r"[0-9a-f]{64}")


class StaleCorrections(RuntimeError):
    """Raised by `--strict` runs when a correction is stale or malformed."""


@dataclass(frozen=True)
class Correction:
    """One readable row: its line in the file, its cells as written, and its typed fields
    (the non-empty editable columns)."""

    line: int
    cells: dict
    fields: dict

    @property
    def sha(self) -> str:
        return self.cells["doc_sha256"]

    @property
    def span(self) -> tuple[int, int]:
        return int(self.cells["char_start"]), int(self.cells["char_end"])

    @property
    def action(self) -> str:
        return self.cells["action"]


@dataclass(frozen=True)
class Stale:
    """A correction that was not applied, the document it was for (when known) and why."""

    correction: Correction
    doc_id: str
    reason: str

    def record(self) -> dict:
        """Its row of stale_corrections.csv."""
        return {"line": self.correction.line, "doc_id": self.doc_id, "reason": self.reason,
                **self.correction.cells}

    def describe(self) -> str:
        c = self.correction
        return (f"stale correction (line {c.line}, {c.action} of chars {c.span[0]}-{c.span[1]}"
                f" in {self.doc_id or c.sha[:12]}): {self.reason}; not applied")


# ----------------------------------------------------------------------------- reading

def _indicator_codes() -> set[str]:
    """Known indicator codes, with the scope suffixes (__subgroup, ...)."""
    from vnlabour.schema import SCOPES
    from vnlabour.tables import read_table

    codes = {r["code"] for r in read_table("indicators")}
    return codes | {f"{c}__{s}" for c in codes for s in SCOPES if s != "place"}


def _one_of(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"{text!r} is not one of {', '.join(allowed)}")
        return text
    return check


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text) or not 1900 <= int(text) <= 2100:
        raise ValueError(f"{text!r} is not a year (1900-2100)")
    return int(text)


def _value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number (use '.' for decimals, no separators)") \
            from None
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def _indicator(text: str) -> str:
    if text not in _indicator_codes():
        raise ValueError(f"unknown indicator {text!r} (see rules/indicators.csv)")
    return text


def _province(text: str) -> str:
    from vnlabour import places

    found = places.lookup_province(text)
    if found is None:
        raise ValueError(f"unknown province {text!r}")
    return found.name


_PARSERS: dict[str, Callable[[str], object]] = {
    "indicator": _indicator, "status": _one_of(STATUSES), "year": _year, "value": _value,
    "unit": _one_of(UNITS), "qualifier": _one_of(QUALIFIERS), "province": _province,
    "locality": str,
}


def row_problems(cells: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The typed fields of a row and its problems as (column, message) pairs."""
    problems = []
    if not _SHA.fullmatch(cells["doc_sha256"]):
        problems.append(("doc_sha256", f"{cells['doc_sha256']!r} is not a sha256 (64 lowercase "
                                       "hex digits, documents.csv column sha256)"))
    span = []
    for col in ("char_start", "char_end"):
        if not cells[col].isdigit():
            problems.append((col, f"{cells[col]!r} is not a character offset"))
        else:
            span.append(int(cells[col]))
    if len(span) == 2 and span[0] >= span[1]:
        problems.append(("char_end", f"{span[1]} is not after char_start {span[0]}"))
    if cells["action"] not in ACTIONS:
        problems.append(("action", f"unknown action {cells['action']!r} (want one of "
                                   f"{', '.join(ACTIONS)})"))
    fields = {}
    for name in EDITABLE:
        if cells[name]:
            try:
                fields[name] = _PARSERS[name](cells[name])
            except ValueError as exc:
                problems.append((name, str(exc)))
    if cells["action"] == "add":
        problems += [(name, "an added figure needs it") for name in ADD_REQUIRES
                     if not cells[name]]
    if cells["action"] == "edit" and not any(cells[n] for n in EDITABLE):
        problems.append(("action", "an edit needs at least one field to change"))
    if cells["reviewed_on"]:
        try:
            datetime.date.fromisoformat(cells["reviewed_on"])
        except ValueError:
            problems.append(("reviewed_on", f"{cells['reviewed_on']!r} is not a date "
                                            "(YYYY-MM-DD)"))
    return fields, problems


def read(path: Path) -> tuple[list[Correction], list[str]]:
    """The readable corrections of `path` (of the rows for one figure, the last) and one
    message per problem, naming the file, line and column. A missing file has no rows."""
    path = Path(path)
    if not path.exists():
        return [], []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in COLUMNS if c not in header]
        problems = [f"{path} line 1: column {c}: unknown column, ignored"
                    for c in header if c not in COLUMNS]
        if missing:
            problems.append(f"{path} line 1: column {', '.join(missing)}: missing (want "
                            f"{','.join(COLUMNS)})")
        if any(c in missing for c in KEY_COLUMNS):
            return [], problems + [f"{path}: no correction applied"]
        last: dict[tuple, Correction] = {}
        for row in reader:
            cells = {c: (row.get(c) or "").strip() for c in COLUMNS}
            fields, found = row_problems(cells)
            if found:
                problems += [f"{path} line {reader.line_num}: column {col}: {msg}; row skipped"
                             for col, msg in found]
                continue
            c = Correction(reader.line_num, cells, fields)
            last.pop((c.sha, c.span), None)   # the latest decision goes last
            last[(c.sha, c.span)] = c
    return list(last.values()), problems


def append(path: Path, rows: list[dict]) -> None:
    """Append rows (dicts of COLUMNS) to the corrections file, writing its header when new."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        if new:
            writer.writeheader()
        for row in rows:
            writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in COLUMNS})


# ----------------------------------------------------------------------------- applying

def _differs(old, new) -> bool:
    """True when a field's value changed (numbers within rounding are the same)."""
    if isinstance(new, float):
        try:
            return abs(float(old) - new) > max(0.01, 0.005 * abs(new))
        except (TypeError, ValueError):
            return True
    return ("" if old is None else old) != new


def _set_fields(fact: dict, fields: dict) -> None:
    """Replace a fact's fields, keeping the extracted values in <field>_extracted, and the
    columns that follow from them (province code and 2025 province, scope, admin level)."""
    from vnlabour import places

    for name, value in fields.items():
        fact[f"{name}_extracted"] = fact.get(name)
        fact[name] = value
    if "province" in fields:
        prov = places.lookup_province(fields["province"])
        fact["province_code"], fact["province_2025"] = prov.code, prov.name_2025
    if "indicator" in fields:
        fact["scope"] = fields["indicator"].partition("__")[2] or "place"
    if "locality" in fields:
        fact["admin_level"] = "district" if fields["locality"] else "province"


def _added_fact(c: Correction, document: dict, text: str) -> dict:
    """The facts.csv row of a figure a researcher added."""
    from vnlabour.text import content_lines, split_sentences

    start, end = c.span
    around = [s for s in split_sentences(text, content_lines(text))
              if s.start <= start and end <= s.end]
    sentence = text[around[0].start:around[0].end] if around else text[start:end]
    fact = {c.name: "" if c.type == "string" else None for c in FACTS}   # every column
    fact.update({"fact_id": f"{document['doc_id']}@{start}", "doc_id": document["doc_id"],
                 "province": document.get("province", ""),
                 "province_code": document.get("province_code", ""),
                 "province_2025": document.get("province_2025", ""),
                 "admin_level": "province", "scope": "place", "qualifier": "exact",
                 "sentence": sentence, "char_start": start, "char_end": end,
                 "rule": ADDED_RULE, "confidence": 1.0})
    _set_fields(fact, c.fields)
    for name in EDITABLE:
        fact.pop(f"{name}_extracted", None)
    return fact


class Book:
    """The corrections of one extraction run, applied document by document, and the rows
    that went stale."""

    def __init__(self, corrections: list[Correction], known_ids: dict[str, str] | None = None):
        self.by_sha: dict[str, list[Correction]] = {}
        for c in corrections:
            self.by_sha.setdefault(c.sha, []).append(c)
        self.known_ids = known_ids or {}   # sha256 -> doc_id of earlier runs, for messages
        self.seen: set[str] = set()
        self.stale: list[Stale] = []

    def apply(self, document: dict, facts: list[dict], text: Callable[[], str]) -> list[dict]:
        """The facts of one document with its corrections applied (in text order); `text`
        gives the document's normalised text (read only for an added figure)."""
        for fact in facts:
            fact.setdefault("review", "unreviewed")
        sha = document.get("sha256", "")
        if sha not in self.by_sha:
            return facts
        self.seen.add(sha)
        at: dict[tuple[int, int], list[dict]] = {}
        for fact in facts:
            at.setdefault((fact["char_start"], fact["char_end"]), []).append(fact)
        added = []
        for c in self.by_sha[sha]:
            reason = self._apply_one(c, at.get(c.span, []), document, text, added)
            if reason:
                self.stale.append(Stale(c, document["doc_id"], reason))
        return sorted(facts + added, key=lambda f: (f["char_start"], f["indicator"]))

    def _apply_one(self, c: Correction, here: list[dict], document: dict,
                   text: Callable[[], str], added: list[dict]) -> str:
        """Apply one correction to the facts at its span; the reason it is stale, or ''."""
        if c.action == "add" and not here:
            body = text()
            if c.span[1] > len(body):
                return f"span ends after the text ({len(body)} characters)"
            added.append({**_added_fact(c, document, body), "review": "added"})
            return ""
        wanted = c.fields.get("indicator")
        if len(here) > 1 and wanted and c.action in ("accept", "reject"):
            here = [f for f in here if f["indicator"] == wanted]
        if not here:
            return f"no figure at chars {c.span[0]}-{c.span[1]} any more"
        if len(here) > 1:
            return (f"{len(here)} figures at chars {c.span[0]}-{c.span[1]}: give the "
                    "indicator of the one meant")
        fact = here[0]
        if c.action == "accept":
            changed = [f"{n} {fact.get(n)} -> {v}" for n, v in c.fields.items()
                       if _differs(fact.get(n), v)]
            if changed:
                return "the reading changed since it was accepted: " + ", ".join(changed)
        if c.action in ("edit", "add"):
            _set_fields(fact, c.fields)
        fact["review"] = "edited" if c.action == "add" else REVIEW_OF[c.action]
        return ""

    def finish(self) -> list[Stale]:
        """Every stale correction, with those whose document is no longer in the corpus."""
        for sha, rows in self.by_sha.items():
            if sha not in self.seen:
                self.stale += [Stale(c, self.known_ids.get(sha, ""),
                                     "no document has this content hash any more (its article "
                                     "changed or was removed)") for c in rows]
        return self.stale


def known_ids(out_dir: Path) -> dict[str, str]:
    """sha256 -> doc_id of the dataset already in `out_dir` (its documents and stale
    corrections), to name the document of a correction whose article changed."""
    ids: dict[str, str] = {}
    for name, column in ((STALE_FILE, "doc_sha256"), ("documents.csv", "sha256")):
        path = Path(out_dir) / name
        if path.exists():
            with open(path, encoding="utf-8", newline="") as f:
                ids.update({r[column]: r["doc_id"] for r in csv.DictReader(f)
                            if r.get(column) and r.get("doc_id")})
    return ids


def write_stale(out_dir: Path, stale: list[Stale]) -> None:
    """stale_corrections.csv beside the dataset (header only when none is stale)."""
    import io

    from vnlabour.files import atomic_write

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=STALE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(s.record() for s in stale)
    atomic_write(Path(out_dir) / STALE_FILE, buf.getvalue())


def read_stale(data_dir: Path) -> list[dict]:
    """Rows of the dataset's stale_corrections.csv (none when it is missing)."""
    path = Path(data_dir) / STALE_FILE
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def review_summary(data_dir: Path) -> dict:
    """For the reports index, without pandas: figures per province by review state (then
    'all'), and the stale corrections of the dataset in `data_dir`."""
    counts: dict[str, dict[str, int]] = {}
    with open(Path(data_dir) / "facts.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            place = r["province"] or r["province_2025"] or "(unknown)"
            for key in (place, "all"):
                row = counts.setdefault(key, dict.fromkeys(("figures", *REVIEW_OF.values()), 0))
                state = r.get("review") or "unreviewed"
                row["figures"] += 1
                row[state] = row.get(state, 0) + 1
    order = sorted(k for k in counts if k != "all") + (["all"] if counts else [])
    progress = [{"province": k, **counts[k],
                 "reviewed": sum(counts[k][s] for s in REVIEW_OF.values())} for k in order]
    return {"progress": progress, "stale": read_stale(data_dir)}


def problems_of(data_dir: Path, path: Path | None) -> list[str]:
    """What `--strict` refuses: the malformed rows of the corrections file and the stale
    corrections of the dataset, one message each."""
    malformed = read(path)[1] if path else []
    return malformed + [f"stale correction (line {s['line']}, {s['action']} of chars "
                        f"{s['char_start']}-{s['char_end']} in {s['doc_id'] or s['doc_sha256']})"
                        f": {s['reason']}" for s in read_stale(data_dir)]
