"""Read the data-driven rule tables in `vnlabour/rules/` (cue phrases, places, units, ...).

Tables are UTF-8 CSV files with a header; lines starting with '#' are comments, so a researcher
can document and extend a table without touching the code. Text is normalised on load (NFC and
tone-mark placement) exactly as documents are, so table entries match either spelling.

Every row is checked against its table's schema (rule_schemas.py). A row with more values than
the header has columns (most often a phrase with a comma that is not in quotes), or with a
value the schema does not allow (a misspelled indicator code), is skipped rather than read
askew; `problems()` names each one by file, line and column so that the extraction reports it
and goes on.

A researcher's own folder of tables (`--rules DIR`) adds its rows to the package's, for the
tables that allow it (rule_schemas.EXTENDABLE): `read_table(name, DIR)`.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from vnlabour import rule_schemas
from vnlabour.paths import RULES

Rows = tuple[dict[str, str], ...]


def read_table(name: str, extra: Path | None = None) -> Rows:
    """Valid rows of `rules/<name>.csv`, then those of `<extra>/<name>.csv` when `extra` is a
    researcher's folder that has this table and the table is extendable (cached)."""
    return _load(name, _extension(name, extra))[0]


def problems(extra: Path | None = None) -> list[str]:
    """What is wrong in the package's rule tables and, with `extra`, in that folder's: one
    message per skipped row or bad value (file, line, column), ignored file or column."""
    names = sorted(set(rule_schemas.TABLES) | {p.stem for p in RULES.glob("*.csv")})
    found = [p for name in names for p in _load(name, _extension(name, extra))[1]]
    return found + (_folder_problems(extra) if extra is not None else [])


def _extension(name: str, extra: Path | None) -> Path | None:
    """The researcher's folder when `name` is a table it may extend, else None."""
    return extra if name in rule_schemas.EXTENDABLE else None


def _folder_problems(extra: Path) -> list[str]:
    """Files of a researcher's folder that are not read: no such table, or a table that
    --rules does not extend."""
    if not extra.is_dir():
        return [f"{extra}: no such folder; only the package's rule tables are read"]
    found = []
    for path in sorted(extra.glob("*.csv")):
        if path.stem not in rule_schemas.EXTENDABLE:
            what = "is not a rule table" if path.stem not in rule_schemas.TABLES \
                else "is a table --rules does not extend"
            found.append(f"{path}: {path.stem} {what}; file ignored (the tables --rules adds "
                         f"rows to: {', '.join(rule_schemas.EXTENDABLE)})")
    return found


@lru_cache(maxsize=None)
def _load(name: str, extra: Path | None) -> tuple[Rows, tuple[str, ...]]:
    """(valid rows, problems) of table `name`: the package's file, then the one in `extra`."""
    paths = [RULES / f"{name}.csv"] + ([extra / f"{name}.csv"] if extra is not None
                                       and (extra / f"{name}.csv").is_file() else [])
    schema = rule_schemas.TABLES.get(name)
    numbered: list[tuple[str, int, dict]] = []   # (file label, line, row)
    found: list[str] = []
    for path in paths:
        if not path.is_file():   # a table of rule_schemas.py that the package lacks
            found.append(f"{_label(path)}: no such file; read as empty")
            continue
        header, rows, bad = _parse(path)
        found += bad
        missing = [c.name for c in schema.columns if c.name not in header] if schema else []
        if missing:
            found.append(f"{_label(path)}: no column {', '.join(missing)} (columns: "
                         f"{', '.join(header)}); file ignored")
            continue
        unknown = [h for h in header if schema and h not in {c.name for c in schema.columns}]
        if unknown:
            found.append(f"{_label(path)}: unknown column {', '.join(unknown)}; ignored")
        numbered += [(_label(path), line, row) for line, row in rows]
    if schema is None:
        return tuple(r for *_, r in numbered), (*found, f"rules/{name}.csv: no schema in "
                                                       "rule_schemas.py; read unchecked")
    valid, bad = _checked(name, numbered, _lookup(name, extra, numbered))
    return valid, (*found, *bad)


def _checked(name: str, numbered: list[tuple[str, int, dict]], lookup
             ) -> tuple[Rows, list[str]]:
    """The rows that meet the schema of table `name`, and a message for each value that does
    not (the row is skipped), or that repeats a unique column."""
    unique = [c.name for c in rule_schemas.TABLES[name].columns if c.unique]
    seen: dict[tuple[str, str], str] = {}
    valid, found = [], []
    for label, line, row in numbered:
        bad = rule_schemas.row_problems(name, row, lookup)
        bad += [(c, f"{row[c]!r} is already in {seen[c, row[c]]}") for c in unique
                if not bad and (c, row[c]) in seen]
        if bad:
            found += [f"{label} line {line}: column {c}: {why}. Row skipped." for c, why in bad]
            continue
        seen.update({(c, row[c]): f"{label} line {line}" for c in unique})
        valid.append(row)
    return tuple(valid), found


def _lookup(name: str, extra: Path | None, numbered: list[tuple[str, int, dict]]):
    """The values of a column of a table, for references between tables: those of the rows
    being read when a table refers to itself (the registry's links), else the valid rows."""
    def lookup(table: str, column: str) -> frozenset:
        if table == name:
            return frozenset(r.get(column, "") for *_, r in numbered)
        return frozenset(r[column] for r in read_table(table, extra))
    return lru_cache(maxsize=None)(lookup)


def _label(path: Path) -> str:
    """How messages name a table: rules/<file> for the package's, the path for others."""
    return f"rules/{path.name}" if path.parent == RULES else str(path)


@lru_cache(maxsize=None)
def _parse(path: Path) -> tuple[tuple[str, ...], tuple[tuple[int, dict], ...], tuple[str, ...]]:
    """(header, (line, row) pairs, problems) of one file: comment and blank lines are left
    out, and a row with more values than columns is skipped with a message giving its line."""
    from vnlabour.text import normalise

    with open(path, encoding="utf-8", newline="") as f:
        numbered = [(n, line) for n, line in enumerate(f, 1)
                    if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.reader(line for _, line in numbered)
    header = [name.strip() for name in next(reader, [])]
    rows, found = [], []
    for values in reader:
        line = numbered[reader.line_num - 1][0]
        if len(values) > len(header):
            found.append(f"{_label(path)} line {line}: {len(values)} values for "
                         f"{len(header)} columns ({', '.join(header)}); put a phrase that "
                         "contains a comma in double quotes. Row skipped.")
            continue
        values += [""] * (len(header) - len(values))
        rows.append((line, {k: normalise(v.strip()) for k, v in zip(header, values)}))
    return tuple(header), tuple(rows), tuple(found)


def read_file(path: Path) -> Rows:
    """Rows of a table kept elsewhere in the package in the rule tables' format (e.g. the
    report's tile-grid positions), read like them (comments, normalised text)."""
    return tuple(row for _, row in _parse(Path(path))[1])
