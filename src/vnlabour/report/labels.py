"""Reader-facing names of the indicators, read from `rules/indicator_labels.csv`.

An indicator is shown as its English label with the Vietnamese term beside it, e.g.
"Jobs created (giải quyết việc làm)". Codes that the table does not list (new indicators of
the extractor) get a label made from the code, so a report never fails on them.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from vnlabour.paths import RULES

KINDS = ("count", "rate", "plan_pct", "change")
PLAN_SUFFIX = "_plan_pct"
SCOPE_SEPARATOR = "__"


@dataclass(frozen=True)
class Indicator:
    """One indicator: code, English and Vietnamese labels, unit, kind and whether it is core."""

    code: str
    label_en: str
    label_vi: str
    unit: str
    kind: str
    core: bool
    order: int

    @property
    def label(self) -> str:
        """'Jobs created (giải quyết việc làm)'."""
        return f"{self.label_en} ({self.label_vi})" if self.label_vi else self.label_en

    @property
    def base(self) -> str:
        """Code of the indicator a % of plan refers to (itself for other kinds)."""
        return base_code(self.code)


@lru_cache(maxsize=1)
def _table() -> dict[str, Indicator]:
    with open(RULES / "indicator_labels.csv", encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    out: dict[str, Indicator] = {}
    for i, row in enumerate(csv.DictReader(io.StringIO("".join(lines)))):
        row = {k.strip(): unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items()}
        if row["kind"] not in KINDS:
            raise ValueError(f"indicator_labels.csv: {row['code']}: unknown kind {row['kind']!r}")
        out[row["code"]] = Indicator(row["code"], row["label_en"], row["label_vi"], row["unit"],
                                     row["kind"], row["core"] == "1", i)
    return out


def base_code(code: str) -> str:
    """'jobs_created_plan_pct' -> 'jobs_created'; other codes unchanged."""
    return code[: -len(PLAN_SUFFIX)] if code.endswith(PLAN_SUFFIX) else code


def is_place_code(code: str) -> bool:
    """False for figures about a sub-group, the nation, or a part (codes with a '__' suffix)."""
    return SCOPE_SEPARATOR not in code


def indicator(code: str) -> Indicator:
    """The Indicator of `code`; unknown codes get a label made from the code."""
    table = _table()
    if code in table:
        return table[code]
    base, _, scope = code.partition(SCOPE_SEPARATOR)
    if base in table:
        known = table[base]
        return Indicator(code, f"{known.label_en} [{scope}]", known.label_vi, known.unit,
                         known.kind, False, len(table) + known.order)
    kind = "plan_pct" if code.endswith(PLAN_SUFFIX) else (
        "rate" if code.endswith("_rate") else "count")
    return Indicator(code, code.replace("_", " ").capitalize(), "", "", kind, False,
                     2 * len(table))


def label(code: str) -> str:
    """'Jobs created (giải quyết việc làm)'."""
    return indicator(code).label


def kind(code: str) -> str:
    """count, rate, plan_pct or change."""
    return indicator(code).kind


def core_codes() -> list[str]:
    """The core indicator codes, in table order."""
    return [c for c, i in _table().items() if i.core]


def order_key(code: str) -> tuple[int, str]:
    """Sort key that puts indicators in the table's order, unknown codes last."""
    return (indicator(code).order, code)
