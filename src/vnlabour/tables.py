"""Read the data-driven rule tables in `vnlabour/rules/` (cue phrases, places, units, ...).

Tables are UTF-8 CSV files with a header; lines starting with '#' are comments, so a researcher
can document and extend a table without touching the code. Text is normalised on load (NFC and
tone-mark placement) exactly as documents are, so table entries match either spelling.

A row with more values than the header has columns (most often a phrase with a comma that is
not in quotes) is skipped rather than read askew; `problems()` names each such row by file and
line so that the extraction reports it and goes on.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from vnlabour.paths import RULES


def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `rules/<name>.csv` as dicts of stripped, normalised strings (cached)."""
    return _parse(RULES / f"{name}.csv")[0]


def problems() -> list[str]:
    """What is wrong in the rule tables: one message per skipped row, naming file and line."""
    return [problem for path in sorted(RULES.glob("*.csv")) for problem in _parse(path)[1]]


@lru_cache(maxsize=None)
def _parse(path: Path) -> tuple[tuple[dict[str, str], ...], tuple[str, ...]]:
    """(rows, problems) of one table: comment and blank lines are left out, and a row with
    more values than columns is skipped with a message giving its line in the file."""
    from vnlabour.text import normalise

    with open(path, encoding="utf-8", newline="") as f:
        numbered = [(n, line) for n, line in enumerate(f, 1)
                    if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.reader(line for _, line in numbered)
    header = [name.strip() for name in next(reader, [])]
    rows, found = [], []
    for values in reader:
        if len(values) > len(header):
            line = numbered[reader.line_num - 1][0]
            found.append(f"rules/{path.name} line {line}: {len(values)} values for "
                         f"{len(header)} columns ({', '.join(header)}); put a phrase that "
                         "contains a comma in double quotes. Row skipped.")
            continue
        values += [""] * (len(header) - len(values))
        rows.append({k: normalise(v.strip()) for k, v in zip(header, values)})
    return tuple(rows), tuple(found)
