"""Read the data-driven rule tables in `vnlabour/rules/` (cue phrases, places, units, ...).

Tables are UTF-8 CSV files with a header; lines starting with '#' are comments, so a researcher
can document and extend a table without touching the code. Text is normalised on load (NFC and
tone-mark placement) exactly as documents are, so table entries match either spelling.
"""
from __future__ import annotations

import csv
import io
from functools import lru_cache

from vnlabour.paths import RULES


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `rules/<name>.csv` as dicts of stripped, normalised strings (cached)."""
    from vnlabour.text import normalise

    path = RULES / f"{name}.csv"
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    rows = csv.DictReader(io.StringIO("".join(lines)))
    return tuple({k.strip(): normalise((v or "").strip()) for k, v in row.items()} for row in rows)
